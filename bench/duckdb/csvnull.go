package main

import (
	"errors"
	"fmt"
	"strings"
)

// CSV with NULLs, as sqlcsv's --format csv writes it: a NULL is an empty
// unquoted field, the empty string is "", a field holding the separator, a
// quote, a line break or a leading or trailing space or tab is quoted with
// quotes doubled, and every line, the header's included, ends with "\n". A
// one-column row holding NULL is therefore an empty line, which
// encoding/csv would skip: parseCSV reads such text itself. Both DuckDB
// children write the same convention (writeCSV, node/tpch.mjs).

// nullText stands for NULL in parsed rows (go-tpc prints NULL so too).
const nullText = `\N`

// csvField appends field s, or NULL, to dst.
func csvField(dst []byte, s string, null bool) []byte {
	if null {
		return dst
	}
	if s == "" || strings.ContainsAny(s, ",\"\r\n") || s[0] == ' ' || s[0] == '\t' ||
		s[len(s)-1] == ' ' || s[len(s)-1] == '\t' {
		dst = append(dst, '"')
		dst = append(dst, strings.ReplaceAll(s, `"`, `""`)...)
		return append(dst, '"')
	}
	return append(dst, s...)
}

// csvLine is a row's line, with nullText fields as NULL, ended by "\n".
func csvLine(row []string) []byte {
	var b []byte
	for i, f := range row {
		if i > 0 {
			b = append(b, ',')
		}
		b = csvField(b, f, f == nullText)
	}
	return append(b, '\n')
}

// parseCSV reads CSV text in the convention above: every line a record (an
// empty line is one NULL field), NULL as nullText. The first record is the
// header; there must be one.
func parseCSV(b []byte) ([][]string, error) {
	s := string(b)
	var recs [][]string
	line := 1
	for len(s) > 0 {
		var rec []string
		for {
			var field string
			if strings.HasPrefix(s, `"`) {
				var sb strings.Builder
				i := 1
				for {
					j := strings.IndexByte(s[i:], '"')
					if j < 0 {
						return nil, fmt.Errorf("line %d: unterminated quoted field", line)
					}
					sb.WriteString(s[i : i+j])
					line += strings.Count(s[i:i+j], "\n")
					i += j + 1
					if i < len(s) && s[i] == '"' {
						sb.WriteByte('"')
						i++
						continue
					}
					break
				}
				field, s = sb.String(), s[i:]
				if len(s) > 0 && s[0] != ',' && s[0] != '\n' && s[0] != '\r' {
					return nil, fmt.Errorf("line %d: text after a quoted field", line)
				}
			} else {
				end := strings.IndexAny(s, ",\n")
				if end < 0 {
					end = len(s)
				}
				field = strings.TrimSuffix(s[:end], "\r")
				s = s[end:]
				if field == "" {
					field = nullText
				}
			}
			rec = append(rec, field)
			if strings.HasPrefix(s, ",") {
				s = s[1:]
				continue
			}
			s = strings.TrimPrefix(strings.TrimPrefix(s, "\r"), "\n")
			line++
			break
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 {
		return nil, errors.New("no header row")
	}
	return recs, nil
}
