package pgdialect

import (
	"fmt"
	"strings"
)

// CopyOptions are the options of COPY ... TO STDOUT, in either syntax:
// WITH (FORMAT csv, HEADER, DELIMITER ',') or the older CSV HEADER
// DELIMITER AS ','.
type CopyOptions struct {
	// Format is "text", "csv" or "binary".
	Format string
	Header bool
	// Delimiter is the field separator: the format's default (tab for
	// text, comma for csv) unless given.
	Delimiter string
	// Null is how a NULL is written: \N in text, empty in csv, unless
	// given.
	Null string
	// Quote and Escape are CSV's quote and escape characters ("\"" unless
	// given).
	Quote, Escape string
}

// ParseCopyOptions reads the options of a COPY command (Command.Options).
func ParseCopyOptions(opts string) (CopyOptions, error) {
	o := CopyOptions{Format: "text"}
	toks, err := lex(opts)
	if err != nil {
		return o, err
	}
	bad := func(k int, msg string) (CopyOptions, error) {
		off := len(opts)
		if k < len(toks) {
			off = toks[k].pos
		}
		return o, errAt(opts, off, "%s", msg)
	}
	at := func(k int) token {
		if k < len(toks) {
			return toks[k]
		}
		return token{}
	}
	k := 0
	if at(k).is("with") {
		k++
	}
	paren := at(k).punct("(")
	if paren {
		k++
	}
	var delim, null, quote, escape *string
	value := func() (string, bool) {
		if at(k).is("as") {
			k++
		}
		t := at(k)
		if t.kind != tkString && t.kind != tkIdent && t.kind != tkNumber {
			return "", false
		}
		k++
		return t.val, true
	}
	for k < len(toks) {
		t := toks[k]
		k++
		if t.punct(",") || t.punct(")") {
			continue
		}
		if t.kind != tkIdent {
			return bad(k-1, fmt.Sprintf("unexpected %q in the COPY options", t.text))
		}
		switch t.val {
		case "format":
			v, ok := value()
			if !ok {
				return bad(k, "FORMAT needs text, csv or binary")
			}
			o.Format = strings.ToLower(v)
		case "csv", "binary", "text":
			o.Format = t.val
		case "header":
			o.Header = true
			switch {
			case at(k).is("true") || at(k).is("on") || at(k).text == "1":
				k++
			case at(k).is("false") || at(k).is("off") || at(k).text == "0":
				o.Header = false
				k++
			case at(k).is("match"):
				return bad(k, "HEADER MATCH is for COPY FROM")
			}
		case "delimiter", "null", "quote", "escape":
			v, ok := value()
			if !ok {
				return bad(k, strings.ToUpper(t.val)+" needs a string")
			}
			switch t.val {
			case "delimiter":
				delim = &v
			case "null":
				null = &v
			case "quote":
				quote = &v
			case "escape":
				escape = &v
			}
		case "encoding":
			v, ok := value()
			if !ok || !strings.EqualFold(strings.ReplaceAll(v, "-", ""), "utf8") {
				return bad(k-1, "ENCODING: only UTF8 is written")
			}
		case "force_quote", "force_not_null", "force_null", "force":
			return bad(k-1, strings.ToUpper(t.val)+" is not supported")
		default:
			return bad(k-1, fmt.Sprintf("option %q is not recognized", t.val))
		}
	}
	switch o.Format {
	case "text":
		o.Delimiter, o.Null = "\t", `\N`
	case "csv":
		o.Delimiter, o.Null, o.Quote, o.Escape = ",", "", `"`, `"`
	case "binary":
	default:
		return o, errAt(opts, 0, "COPY format %q is not recognized", o.Format)
	}
	if delim != nil {
		o.Delimiter = *delim
	}
	if null != nil {
		o.Null = *null
	}
	if quote != nil {
		o.Quote = *quote
	}
	if escape != nil {
		o.Escape = *escape
	}
	if o.Format != "binary" && len(o.Delimiter) != 1 {
		return o, errAt(opts, 0, "the COPY delimiter must be a single one-byte character")
	}
	return o, nil
}
