// Package dialect holds rules of the MySQL dialect that both the binder
// (to check constants) and the execution engine (to apply them) need.
package dialect

// RegexpFlags turns MySQL's REGEXP match_type into the flag prefix of a Go
// regular expression: c case-sensitive, i case-insensitive (the rightmost
// of the two wins), m multi-line, n '.' matches line ends, u (Unix line
// ends) has no effect. ok is false for any other character.
func RegexpFlags(matchType string) (prefix string, ok bool) {
	ci, multi, dotAll := false, false, false
	for _, c := range matchType {
		switch c {
		case 'c':
			ci = false
		case 'i':
			ci = true
		case 'm':
			multi = true
		case 'n':
			dotAll = true
		case 'u':
		default:
			return "", false
		}
	}
	var f string
	if ci {
		f += "i"
	}
	if multi {
		f += "m"
	}
	if dotAll {
		f += "s"
	}
	if f == "" {
		return "", true
	}
	return "(?" + f + ")", true
}
