package pgwire

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// reported are the settings PostgreSQL 15 reports to the client in
// ParameterStatus messages, at startup and whenever one changes, with the
// values a new session starts with.
var reported = map[string]string{
	"application_name":              "",
	"client_encoding":               "UTF8",
	"DateStyle":                     "ISO, MDY",
	"default_transaction_read_only": "off",
	"in_hot_standby":                "off",
	"integer_datetimes":             "on",
	"IntervalStyle":                 "postgres",
	"is_superuser":                  "on",
	"server_encoding":               "UTF8",
	"server_version":                ServerVersion,
	"session_authorization":         "",
	"standard_conforming_strings":   "on",
	"TimeZone":                      "UTC",
}

// readOnly are settings a session cannot change.
var readOnly = map[string]bool{
	"server_version": true, "server_encoding": true, "integer_datetimes": true,
	"in_hot_standby": true, "is_superuser": true, "session_authorization": true,
	"server_version_num": true, "max_identifier_length": true, "block_size": true,
}

// otherDefaults are settings SHOW answers that are not reported.
var otherDefaults = map[string]string{
	"search_path":                   `"$user", public`,
	"statement_timeout":             "0",
	"transaction_isolation":         "read committed",
	"transaction_read_only":         "off",
	"default_transaction_isolation": "read committed",
	"extra_float_digits":            "1",
	"max_identifier_length":         "63",
	"server_version_num":            "150018",
	"lc_collate":                    "C",
	"lc_ctype":                      "C",
	"lc_messages":                   "C",
	"lc_monetary":                   "C",
	"lc_numeric":                    "C",
	"lc_time":                       "C",
	"bytea_output":                  "hex",
	"block_size":                    "8192",
	"max_connections":               "100",
}

// settings are one session's settings, by lower-case name.
type settings struct {
	values map[string]string
	names  map[string]string // lower-case name to its spelling
}

func newSettings() *settings {
	s := &settings{values: map[string]string{}, names: map[string]string{}}
	s.resetAll()
	return s
}

func (s *settings) resetAll() {
	for k, v := range reported {
		s.put(k, v)
	}
	for k, v := range otherDefaults {
		s.put(k, v)
	}
}

func (s *settings) put(name, value string) {
	k := strings.ToLower(name)
	if _, ok := s.names[k]; !ok {
		s.names[k] = name
	}
	s.values[k] = value
}

// get returns a setting's value and its spelling, if set.
func (s *settings) get(name string) (value, spelling string, ok bool) {
	k := strings.ToLower(name)
	v, ok := s.values[k]
	return v, s.names[k], ok
}

// defaultOf is a setting's value in a new session ("" if none).
func defaultOf(name string) (string, bool) {
	for k, v := range reported {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	v, ok := otherDefaults[strings.ToLower(name)]
	return v, ok
}

// isReported says whether a change of the setting is sent to the client,
// and returns its spelling.
func isReported(name string) (string, bool) {
	for k := range reported {
		if strings.EqualFold(k, name) {
			return k, true
		}
	}
	return "", false
}

// set changes a setting, checking the values the server depends on.
func (s *settings) set(name, value string) error {
	k := strings.ToLower(name)
	if readOnly[k] {
		return &pgError{code: codeCantChangeRuntime, msg: fmt.Sprintf("parameter %q cannot be changed", name)}
	}
	switch k {
	case "client_encoding":
		v := strings.ToUpper(strings.ReplaceAll(value, "-", ""))
		if v != "UTF8" && v != "UNICODE" {
			return &pgError{code: codeFeatureNotSupp, msg: fmt.Sprintf("client encoding %q is not supported", value),
				hint: "this server speaks UTF8 only"}
		}
		value = "UTF8"
	case "statement_timeout":
		if _, err := parseTimeout(value); err != nil {
			return &pgError{code: codeInvalidParameter, msg: fmt.Sprintf("invalid value for parameter \"statement_timeout\": %q", value),
				hint: "a number of milliseconds, or a number with a unit: ms, s, min, h"}
		}
	}
	if spelling, ok := isReported(name); ok {
		name = spelling
	}
	s.put(name, value)
	return nil
}

// reset restores a setting to its default (or removes an unknown one).
func (s *settings) reset(name string) {
	if v, ok := defaultOf(name); ok {
		s.put(name, v)
		return
	}
	delete(s.values, strings.ToLower(name))
}

// all is every setting, sorted by name, for SHOW ALL.
func (s *settings) all() [][2]string {
	var out [][2]string
	for k, v := range s.values {
		out = append(out, [2]string{s.names[k], v})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i][0]) < strings.ToLower(out[j][0]) })
	return out
}

// parseTimeout reads a statement_timeout: milliseconds, or a number with
// a unit (ms, s, min, h, d).
func parseTimeout(v string) (time.Duration, error) {
	v = strings.TrimSpace(strings.ToLower(v))
	units := []struct {
		suffix string
		d      time.Duration
	}{{"ms", time.Millisecond}, {"min", time.Minute}, {"s", time.Second}, {"h", time.Hour}, {"d", 24 * time.Hour}}
	unit := time.Millisecond
	for _, u := range units {
		if strings.HasSuffix(v, u.suffix) {
			v, unit = strings.TrimSpace(strings.TrimSuffix(v, u.suffix)), u.d
			break
		}
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid timeout %q", v)
	}
	return time.Duration(n * float64(unit)), nil
}

// pgSetting is a row of PostgreSQL's pg_settings (catalog_data.go holds
// PostgreSQL 15's); its nil-or-string fields may be NULL.
// pgDescription is a comment on a built-in object (pg_description).
type pgDescription struct {
	objoid             int64
	class, description string
}

// pgKeyword is a row of pg_get_keywords().
type pgKeyword struct {
	word, catcode     string
	barelabel         bool
	catdesc, baredesc string
}

type pgSetting struct {
	name      string
	boot      any // boot_val, the setting of a session that has not set it
	unit      any
	category  string
	shortDesc string
	extraDesc any
	context   string
	vartype   string
	min, max  any
	enumvals  any
}
