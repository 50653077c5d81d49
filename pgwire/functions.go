package pgwire

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The PostgreSQL functions clients' catalog queries call, registered in
// the DB as Go functions; those that depend on the session (current_user)
// read it from the statement's context. The sql/pgdialect rewriter spells
// casts to reg* types and array operations as calls of pg_* functions
// defined here too.

type sessionKey struct{}

// withSession attaches a session to a statement's context.
func withSession(ctx context.Context, sess *session) context.Context {
	return context.WithValue(ctx, sessionKey{}, sess)
}

func sessionOf(ctx context.Context) *session {
	s, _ := ctx.Value(sessionKey{}).(*session)
	return s
}

// versionString is version()'s answer, in the form SQLAlchemy and others
// parse ("PostgreSQL <major>.<minor> ...").
func versionString() string {
	return fmt.Sprintf("PostgreSQL 15.18 (sqlcsv) on %s-%s, compiled by %s, 64-bit", runtime.GOARCH, runtime.GOOS, runtime.Version())
}

// registerFunctions registers the PostgreSQL functions in the server's DB.
func (s *Server) registerFunctions() error {
	str, big, boolean := types.VarcharType, types.BigintType, types.BooleanType
	fixed := func(name string, result types.Type, args []types.Type, eval func(ctx context.Context, a []any) (any, error)) sqlcsv.Function {
		return sqlcsv.Function{Name: name, Args: args, Result: result, Eval: eval}
	}
	anyArgs := func(name string, result types.Type, min, max int, eval func(ctx context.Context, a []any) (any, error)) sqlcsv.Function {
		return sqlcsv.Function{Name: name, AnyArgs: true, MinArgs: min, MaxArgs: max, Result: result, Eval: eval}
	}
	constant := func(v any) func(context.Context, []any) (any, error) {
		return func(context.Context, []any) (any, error) { return v, nil }
	}
	user := func(ctx context.Context, _ []any) (any, error) {
		if sess := sessionOf(ctx); sess != nil {
			return sess.user, nil
		}
		return ownerName, nil
	}
	database := func(ctx context.Context, _ []any) (any, error) {
		if sess := sessionOf(ctx); sess != nil {
			return sess.db, nil
		}
		return "postgres", nil
	}
	c := s.cat
	size := func(_ context.Context, a []any) (any, error) {
		n, _ := asInt(a[0])
		return c.relationSize(n), nil
	}
	fns := []sqlcsv.Function{
		fixed("version", str, nil, constant(versionString())),
		fixed("current_user", str, nil, user),
		fixed("session_user", str, nil, user),
		fixed("current_role", str, nil, user),
		fixed("user", str, nil, user),
		fixed("current_database", str, nil, database),
		fixed("current_catalog", str, nil, database),
		fixed("current_schema", str, nil, constant("public")),
		anyArgs("current_schemas", str, 1, 1, func(_ context.Context, a []any) (any, error) {
			if b, _ := a[0].(bool); b {
				return "{pg_catalog,public}", nil
			}
			return "{public}", nil
		}),
		anyArgs("current_setting", str, 1, 2, func(ctx context.Context, a []any) (any, error) {
			name, _ := a[0].(string)
			if sess := sessionOf(ctx); sess != nil {
				if v, _, ok := sess.set.get(name); ok {
					return v, nil
				}
			} else if v, ok := defaultOf(name); ok {
				return v, nil
			}
			if len(a) == 2 && a[1] == true {
				return nil, nil
			}
			return nil, errorf(codeUndefinedObject, fmt.Sprintf("unrecognized configuration parameter %q", name))
		}),
		fixed("pg_backend_pid", big, nil, func(ctx context.Context, _ []any) (any, error) {
			if sess := sessionOf(ctx); sess != nil {
				return int64(sess.pid), nil
			}
			return int64(0), nil
		}),
		fixed("pg_is_in_recovery", boolean, nil, constant(false)),
		anyArgs("pg_table_is_visible", boolean, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			n, _ := asInt(a[0])
			return c.visible(n), nil
		})),
		anyArgs("pg_type_is_visible", boolean, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			// The types of pg_catalog, on the search path; not those of
			// information_schema.
			n, _ := asInt(a[0])
			if t, ok := pgTypeByOID(n); ok {
				return t.namespace == oidPgCatalog, nil
			}
			return nil, nil
		})),
		anyArgs("pg_function_is_visible", boolean, 1, 1, nullOr(constant(true))),
		anyArgs("pg_relation_is_publishable", boolean, 1, 1, nullOr(constant(false))),
		anyArgs("pg_get_userbyid", str, 1, 1, nullOr(func(ctx context.Context, a []any) (any, error) {
			switch n, _ := asInt(a[0]); n {
			case oidOwner:
				// The DB's tables belong to whoever looks at them.
				return user(ctx, nil)
			case oidDatabaseOwner:
				return "pg_database_owner", nil
			}
			return fmt.Sprintf("unknown (OID=%v)", a[0]), nil
		})),
		anyArgs("format_type", str, 1, 2, nullOr(func(_ context.Context, a []any) (any, error) {
			oid, _ := asInt(a[0])
			typmod := int64(-1)
			if len(a) == 2 && a[1] != nil {
				typmod, _ = asInt(a[1])
			}
			return formatType(oid, typmod), nil
		})),
		anyArgs("pg_encoding_to_char", str, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			if n, _ := asInt(a[0]); n == 6 {
				return "UTF8", nil
			}
			return "", nil
		})),
		// Expressions, definitions and comments: the catalog has none.
		anyArgs("pg_get_expr", str, 2, 3, constant(nil)),
		anyArgs("pg_get_indexdef", str, 1, 3, constant(nil)),
		anyArgs("pg_get_constraintdef", str, 1, 2, constant(nil)),
		anyArgs("pg_get_viewdef", str, 1, 2, constant(nil)),
		anyArgs("pg_get_triggerdef", str, 1, 2, constant(nil)),
		anyArgs("pg_get_partkeydef", str, 1, 1, constant(nil)),
		anyArgs("pg_get_statisticsobjdef_columns", str, 1, 1, constant(nil)),
		anyArgs("pg_get_serial_sequence", str, 2, 2, constant(nil)),
		anyArgs("pg_get_function_result", str, 1, 1, constant(nil)),
		anyArgs("pg_get_function_arguments", str, 1, 1, constant(nil)),
		anyArgs("obj_description", str, 1, 2, constant(nil)),
		anyArgs("col_description", str, 2, 2, constant(nil)),
		anyArgs("shobj_description", str, 2, 2, constant(nil)),
		anyArgs("pg_tablespace_location", str, 1, 1, constant("")),
		// pg_owner_acl(acl) is an aclitem[] of the catalog with the
		// session's user for the owner: the relations' owner (OID 10)
		// is whoever looks at them (pg_get_userbyid).
		anyArgs("pg_owner_acl", str, 1, 1, nullOr(func(ctx context.Context, a []any) (any, error) {
			who, _ := user(ctx, nil)
			return ownerACL(fmt.Sprint(a[0]), fmt.Sprint(who))
		})),
		// Every role may read everything.
		anyArgs("has_table_privilege", boolean, 2, 3, constant(true)),
		anyArgs("has_schema_privilege", boolean, 2, 3, constant(true)),
		anyArgs("has_database_privilege", boolean, 2, 3, constant(true)),
		anyArgs("has_column_privilege", boolean, 3, 4, constant(true)),
		anyArgs("has_any_column_privilege", boolean, 2, 3, constant(true)),
		anyArgs("has_function_privilege", boolean, 2, 3, constant(true)),
		anyArgs("has_sequence_privilege", boolean, 2, 3, constant(true)),
		anyArgs("pg_has_role", boolean, 2, 3, constant(true)),
		// Sizes: a file table's files; other relations take no room.
		anyArgs("pg_table_size", big, 1, 1, nullOr(size)),
		anyArgs("pg_relation_size", big, 1, 2, nullOr(size)),
		// Index scans: sqlcsv has no indexes, so none was ever scanned.
		anyArgs("pg_stat_get_numscans", big, 1, 1, nullOr(constant(int64(0)))),
		anyArgs("pg_total_relation_size", big, 1, 1, nullOr(size)),
		anyArgs("pg_indexes_size", big, 1, 1, nullOr(constant(int64(0)))),
		anyArgs("pg_database_size", big, 1, 1, nullOr(constant(int64(0)))),
		anyArgs("pg_size_pretty", str, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			n, _ := asInt(a[0])
			return sizePretty(n), nil
		})),
		fixed("quote_ident", str, []types.Type{str}, nullOr(func(_ context.Context, a []any) (any, error) {
			return quoteIdentIfNeeded(a[0].(string)), nil
		})),
		// reg* casts, as the rewriter spells them.
		anyArgs("pg_to_regclass", big, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			if n, ok := asInt(a[0]); ok {
				return n, nil
			}
			name := fmt.Sprint(a[0])
			if oid, ok := c.relationOID(name); ok {
				return oid, nil
			}
			return nil, errorf(codeUndefinedTable, fmt.Sprintf("relation %q does not exist", name))
		})),
		anyArgs("to_regclass", big, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			if oid, ok := c.relationOID(fmt.Sprint(a[0])); ok {
				return oid, nil
			}
			return nil, nil
		})),
		anyArgs("pg_regclass_name", str, 1, 1, nullOr(func(ctx context.Context, a []any) (any, error) {
			n, _ := asInt(a[0])
			who, _ := user(ctx, nil)
			return c.regText(oidRegclass, n, fmt.Sprint(who)), nil
		})),
		anyArgs("pg_to_regtype", big, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			if n, ok := asInt(a[0]); ok {
				return n, nil
			}
			name := strings.ToLower(strings.TrimSpace(fmt.Sprint(a[0])))
			for _, schema := range []string{"pg_catalog.", "information_schema."} {
				name = strings.TrimPrefix(name, schema)
			}
			if t, ok := pgTypeByName(strings.Trim(name, `"`)); ok {
				return t.oid, nil
			}
			return nil, errorf(codeUndefinedObject, fmt.Sprintf("type %q does not exist", name))
		})),
		anyArgs("pg_regtype_name", str, 1, 1, nullOr(func(ctx context.Context, a []any) (any, error) {
			n, _ := asInt(a[0])
			who, _ := user(ctx, nil)
			return c.regText(oidRegtype, n, fmt.Sprint(who)), nil
		})),
		anyArgs("pg_to_regnamespace", big, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			if n, ok := asInt(a[0]); ok {
				return n, nil
			}
			switch name := strings.ToLower(fmt.Sprint(a[0])); name {
			case "pg_catalog":
				return int64(oidPgCatalog), nil
			case "public":
				return int64(oidPublic), nil
			case "information_schema":
				return int64(oidInfoSchema), nil
			case "pg_toast":
				return int64(oidPgToast), nil
			default:
				return nil, errorf(codeUndefinedObject, fmt.Sprintf("schema %q does not exist", name))
			}
		})),
		anyArgs("pg_regnamespace_name", str, 1, 1, nullOr(func(ctx context.Context, a []any) (any, error) {
			n, _ := asInt(a[0])
			who, _ := user(ctx, nil)
			return c.regText(oidRegnamespace, n, fmt.Sprint(who)), nil
		})),
		anyArgs("pg_to_regproc", big, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			if n, ok := asInt(a[0]); ok {
				return n, nil
			}
			name := strings.TrimPrefix(strings.TrimSpace(fmt.Sprint(a[0])), "pg_catalog.")
			if name == "-" {
				return int64(0), nil
			}
			if oid, ok := procOID(name); ok {
				return oid, nil
			}
			return nil, errorf(codeUndefinedFunction, fmt.Sprintf("function %q does not exist", name))
		})),
		anyArgs("pg_regproc_name", str, 1, 1, nullOr(func(ctx context.Context, a []any) (any, error) {
			n, _ := asInt(a[0])
			who, _ := user(ctx, nil)
			return c.regText(oidRegproc, n, fmt.Sprint(who)), nil
		})),
		anyArgs("pg_to_regrole", big, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			if n, ok := asInt(a[0]); ok {
				return n, nil
			}
			return int64(oidOwner), nil
		})),
		anyArgs("pg_regrole_name", str, 1, 1, nullOr(func(ctx context.Context, a []any) (any, error) {
			n, _ := asInt(a[0])
			who, _ := user(ctx, nil)
			return c.regText(oidRegrole, n, fmt.Sprint(who)), nil
		})),
		anyArgs("pg_to_bool", boolean, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			switch v := a[0].(type) {
			case bool:
				return v, nil
			case int64:
				return v != 0, nil
			case string:
				switch strings.ToLower(strings.TrimSpace(v)) {
				case "t", "true", "yes", "y", "on", "1":
					return true, nil
				case "f", "false", "no", "n", "off", "0":
					return false, nil
				}
				return nil, errorf(codeInvalidText, fmt.Sprintf("invalid input syntax for type boolean: %q", v))
			}
			return nil, errorf(codeFeatureNotSupp, fmt.Sprintf("cannot cast %T to boolean", a[0]))
		})),
		// Arrays, as PostgreSQL's text form ({a,b}).
		anyArgs("pg_array", str, 0, -1, func(_ context.Context, a []any) (any, error) { return arrayText(a), nil }),
		// array_agg(x), which the rewriter writes as
		// pg_array_agg(group_concat(pg_array_item(x) ... SEPARATOR ',')):
		// the elements as an array literal holds them, NULL too, joined,
		// then braced (NULL when there is none).
		anyArgs("pg_array_item", str, 1, 1, func(_ context.Context, a []any) (any, error) {
			return arrayElement(a[0]), nil
		}),
		anyArgs("pg_array_agg", str, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			return "{" + fmt.Sprint(a[0]) + "}", nil
		})),
		// information_schema._pg_expandarray(arr) is the set of records
		// (x element, n subscript) of an array, read with
		// pg_record_field (the rewriter's spelling of (r).x): as unnest,
		// for an array of one element only.
		anyArgs("_pg_expandarray", str, 1, 1, nullOr(func(_ context.Context, a []any) (any, error) {
			elem, err := oneElement("_pg_expandarray", a[0])
			if err != nil {
				return nil, err
			}
			return arrayText([]any{elem, int64(1)}), nil
		})),
		anyArgs("pg_record_field", big, 2, 2, nullOr(func(_ context.Context, a []any) (any, error) {
			fields, err := parseArray(fmt.Sprint(a[0]))
			if err != nil || len(fields) != 2 {
				return nil, errorf(codeFeatureNotSupp, fmt.Sprintf("a field of %v: only the records of _pg_expandarray are supported", a[0]))
			}
			i := 0
			switch a[1] {
			case "x":
			case "n":
				i = 1
			default:
				return nil, errorf(codeUndefinedColumn, fmt.Sprintf("record has no field %v", a[1]))
			}
			if fields[i] == nil {
				return nil, nil
			}
			n, _ := asInt(*fields[i])
			return n, nil
		})),
		anyArgs("json_build_object", str, 0, -1, func(_ context.Context, a []any) (any, error) {
			if len(a)%2 != 0 {
				return nil, errorf(codeInvalidParameter, "argument list must have even number of elements")
			}
			var sb strings.Builder
			sb.WriteByte('{')
			for i := 0; i < len(a); i += 2 {
				if a[i] == nil {
					return nil, errorf(codeInvalidParameter, "null value not allowed for object key")
				}
				if i > 0 {
					sb.WriteString(", ")
				}
				k, _ := json.Marshal(fmt.Sprint(a[i]))
				sb.Write(k)
				sb.WriteString(" : ")
				sb.WriteString(jsonValue(a[i+1]))
			}
			sb.WriteByte('}')
			return sb.String(), nil
		}),
		// array(subquery): the engine's scalar subquery gives one row at
		// most, so the array has one element (or none).
		anyArgs("pg_array_subquery", str, 1, 1, func(_ context.Context, a []any) (any, error) {
			if a[0] == nil {
				return "{}", nil
			}
			return arrayText(a), nil
		}),

		anyArgs("pg_array_cast", str, 2, 2, func(_ context.Context, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			return fmt.Sprint(a[0]), nil
		}),
		anyArgs("array_to_string", str, 2, 3, nullOr(func(_ context.Context, a []any) (any, error) {
			elems, err := parseArray(fmt.Sprint(a[0]))
			if err != nil {
				return nil, err
			}
			var out []string
			for _, e := range elems {
				if e == nil {
					if len(a) == 3 && a[2] != nil {
						out = append(out, fmt.Sprint(a[2]))
					}
					continue
				}
				out = append(out, *e)
			}
			return strings.Join(out, fmt.Sprint(a[1])), nil
		})),
		// The bounds of a one-dimensional array: NULL for another
		// dimension, or an empty array.
		anyArgs("array_upper", big, 2, 2, nullOr(func(_ context.Context, a []any) (any, error) {
			elems, err := parseArray(fmt.Sprint(a[0]))
			if dim, _ := asInt(a[1]); err != nil || len(elems) == 0 || dim != 1 {
				return nil, err
			}
			return int64(len(elems)), nil
		})),
		anyArgs("array_lower", big, 2, 2, nullOr(func(_ context.Context, a []any) (any, error) {
			elems, err := parseArray(fmt.Sprint(a[0]))
			if dim, _ := asInt(a[1]); err != nil || len(elems) == 0 || dim != 1 {
				return nil, err
			}
			return int64(1), nil
		})),
		// string_to_array(s, delimiter [, null_string]): a NULL delimiter
		// splits into characters, an empty one keeps s whole; an empty s
		// is an empty array; fields equal to null_string are NULL.
		{Name: "string_to_array", AnyArgs: true, MinArgs: 2, MaxArgs: 3, Result: str, ResultTag: tagOf(1009),
			Eval: func(_ context.Context, a []any) (any, error) {
				if a[0] == nil {
					return nil, nil
				}
				s := fmt.Sprint(a[0])
				var parts []string
				switch {
				case s == "":
				case a[1] == nil:
					for _, r := range s {
						parts = append(parts, string(r))
					}
				case fmt.Sprint(a[1]) == "":
					parts = []string{s}
				default:
					parts = strings.Split(s, fmt.Sprint(a[1]))
				}
				vals := make([]any, len(parts))
				for i, p := range parts {
					vals[i] = p
					if len(a) > 2 && a[2] != nil && p == fmt.Sprint(a[2]) {
						vals[i] = nil
					}
				}
				return arrayText(vals), nil
			}},
		anyArgs("array_length", big, 2, 2, nullOr(func(_ context.Context, a []any) (any, error) {
			elems, err := parseArray(fmt.Sprint(a[0]))
			if err != nil || len(elems) == 0 {
				return nil, err
			}
			return int64(len(elems)), nil
		})),
		anyArgs("pg_any_eq", boolean, 2, 2, func(_ context.Context, a []any) (any, error) {
			if a[0] == nil || a[1] == nil {
				return nil, nil
			}
			elems, err := parseArray(fmt.Sprint(a[1]))
			if err != nil {
				return nil, err
			}
			x := fmt.Sprint(a[0])
			sawNull := false
			for _, e := range elems {
				if e == nil {
					sawNull = true
				} else if *e == x {
					return true, nil
				}
			}
			if sawNull {
				return nil, nil
			}
			return false, nil
		}),
	}
	elem := anyArgs("pg_array_elem", str, 2, 2, nullOr(func(_ context.Context, a []any) (any, error) {
		elems, err := parseArray(fmt.Sprint(a[0]))
		if err != nil {
			return nil, err
		}
		i, _ := asInt(a[1])
		if i < 1 || int(i) > len(elems) || elems[i-1] == nil {
			return nil, nil
		}
		return *elems[i-1], nil
	}))
	// a[i] has the array's element type, as unnest's values.
	elem.ResultFor = unnestType
	fns = append(fns, elem)
	fns = append(fns, setFunctions()...)
	// Those whose PostgreSQL result type is name.
	names := map[string]bool{"current_user": true, "session_user": true, "current_role": true, "user": true,
		"current_database": true, "current_catalog": true, "current_schema": true, "pg_get_userbyid": true,
		"pg_encoding_to_char": true}
	for _, f := range fns {
		if names[f.Name] {
			f.ResultTag = fmt.Sprintf("pg:%d", oidNameType)
		}
		switch f.Name {
		case "current_schemas":
			f.ResultTag = fmt.Sprintf("pg:%d", oidNameArray)
		case "array_upper", "array_lower", "array_length":
			f.ResultTag = fmt.Sprintf("pg:%d", oidInt4)
		case "pg_to_regclass", "to_regclass":
			f.ResultTag = fmt.Sprintf("pg:%d", oidRegclass)
		case "pg_to_regtype":
			f.ResultTag = fmt.Sprintf("pg:%d", oidRegtype)
		case "pg_to_regnamespace":
			f.ResultTag = fmt.Sprintf("pg:%d", oidRegnamespace)
		case "pg_to_regproc":
			f.ResultTag = fmt.Sprintf("pg:%d", oidRegproc)
		case "pg_to_regrole":
			f.ResultTag = fmt.Sprintf("pg:%d", oidRegrole)
		case "json_build_object":
			f.ResultTag = "pg:114" // json
		case "pg_owner_acl":
			f.ResultTag = "pg:1034" // aclitem[]
		}
		if err := s.cfg.DB.RegisterFunction(f); err != nil {
			return fmt.Errorf("registering %s: %w", f.Name, err)
		}
	}
	return nil
}

// regText is the text of a value of a reg* type: the name of what the
// OID stands for ("-" for none), or the OID when the catalog does not know
// it. The owner (OID 10) is the session's user.
func (c *catalog) regText(typ uint32, v int64, user string) string {
	switch typ {
	case oidRegproc:
		return regprocName(v)
	case oidRegclass:
		if v == 0 {
			return "-"
		}
		if name, ok := c.relationName(v); ok {
			return name
		}
	case oidRegtype:
		if v == 0 {
			return "-"
		}
		if _, ok := pgTypeByOID(v); ok {
			return formatType(v, -1)
		}
	case oidRegnamespace:
		if v == 0 {
			return "-"
		}
		if name, ok := namespaceName(v); ok {
			return name
		}
	case oidRegrole:
		switch v {
		case 0:
			return "-"
		case oidOwner:
			return user
		case oidDatabaseOwner:
			return "pg_database_owner"
		}
	}
	return strconv.FormatInt(v, 10)
}

// namespaceName is the name of a schema the catalog has.
func namespaceName(oid int64) (string, bool) {
	switch oid {
	case oidPgCatalog:
		return "pg_catalog", true
	case oidPublic:
		return "public", true
	case oidInfoSchema:
		return "information_schema", true
	case oidPgToast:
		return "pg_toast", true
	}
	return "", false
}

// ownerACL rewrites the aclitems (grantee=privileges/grantor) of an
// array's text, naming user for ownerName.
func ownerACL(acl, user string) (string, error) {
	items, err := parseArray(acl)
	if err != nil {
		return "", err
	}
	name := aclName(user)
	var out []any
	for _, it := range items {
		if it == nil {
			out = append(out, nil)
			continue
		}
		grantee, rest, _ := strings.Cut(*it, "=")
		privs, grantor, _ := strings.Cut(rest, "/")
		if grantee == ownerName {
			grantee = name
		}
		if grantor == ownerName {
			grantor = name
		}
		out = append(out, grantee+"="+privs+"/"+grantor)
	}
	return arrayText(out), nil
}

// aclName is a role's name in an aclitem: double-quoted unless it is
// letters, digits and underscores.
func aclName(s string) string {
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r >= 0x80) {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	return s
}

// procNames are the OIDs of pgTypeProcs by name.
var procNames = func() map[string]int64 {
	m := map[string]int64{}
	for oid, name := range pgTypeProcs {
		m[name] = oid
	}
	return m
}()

// procOID is the OID of a function the catalog knows by name.
func procOID(name string) (int64, bool) {
	oid, ok := procNames[name]
	return oid, ok
}

// regprocName is a regproc's text: the function's name, "-" for none, or
// the OID of one the catalog does not know.
func regprocName(oid int64) string {
	if oid == 0 {
		return "-"
	}
	if name, ok := pgTypeProcs[oid]; ok {
		return name
	}
	return strconv.FormatInt(oid, 10)
}

// oneElement is the element of an array of one, or an error saying that
// the set-returning function takes no other.
func oneElement(fn string, arr any) (any, error) {
	elems, err := parseArray(fmt.Sprint(arr))
	if err != nil {
		return nil, err
	}
	if len(elems) != 1 {
		return nil, errorf(codeFeatureNotSupp, fmt.Sprintf("%s of an array of %d elements: set-returning functions are not supported yet (only an array of one element is)", fn, len(elems)))
	}
	if elems[0] == nil {
		return nil, nil
	}
	return *elems[0], nil
}

// jsonValue is a value's JSON text, as PostgreSQL's to_json writes it.
func jsonValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		b, err := json.Marshal(x)
		if err != nil {
			b, _ = json.Marshal(fmt.Sprint(x)) // NaN, Infinity as strings
		}
		return string(b)
	case time.Time:
		return `"` + x.Format("2006-01-02T15:04:05.999999") + `"`
	}
	b, _ := json.Marshal(fmt.Sprint(v))
	return string(b)
}

// nullOr returns NULL for a NULL first argument, else calls f.
func nullOr(f func(context.Context, []any) (any, error)) func(context.Context, []any) (any, error) {
	return func(ctx context.Context, a []any) (any, error) {
		if len(a) > 0 && a[0] == nil {
			return nil, nil
		}
		return f(ctx, a)
	}
}

// asInt reads an OID or a number given as a number or as its text.
func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// sizePretty is pg_size_pretty: bytes in B, kB, MB, GB, TB, rounded.
func sizePretty(n int64) string {
	units := []string{"bytes", "kB", "MB", "GB", "TB"}
	v := n
	for i, u := range units {
		if v < 10*1024 || i == len(units)-1 {
			return fmt.Sprintf("%d %s", v, u)
		}
		v = (v + 512) / 1024
	}
	return ""
}

// quoteIdentIfNeeded quotes a name unless it is a plain lower-case
// identifier, as quote_ident does.
func quoteIdentIfNeeded(s string) string {
	plain := s != ""
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			plain = false
		}
	}
	if plain {
		return s
	}
	return quoteIdent(s)
}

// arrayText is PostgreSQL's text of an array of the given values.
func arrayText(vals []any) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = arrayElement(v)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// arrayElement is a value as an array literal holds it: NULL, or its
// text, double-quoted when it is empty, NULL or holds a delimiter.
func arrayElement(v any) string {
	if v == nil {
		return "NULL"
	}
	s := fmt.Sprint(v)
	if s == "" || strings.ContainsAny(s, `{},"\ `) || strings.EqualFold(s, "null") {
		s = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return s
}

// parseArray reads a one-dimensional array's text ({a,"b c",NULL}); a NULL
// element is nil.
func parseArray(s string) ([]*string, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, errorf(codeInvalidText, fmt.Sprintf("malformed array literal: %q", s))
	}
	body := s[1 : len(s)-1]
	var out []*string
	if strings.TrimSpace(body) == "" {
		return out, nil
	}
	for i := 0; i <= len(body); {
		var sb strings.Builder
		quoted := false
		for i < len(body) && body[i] == ' ' {
			i++
		}
		if i < len(body) && body[i] == '"' {
			quoted = true
			i++
			for i < len(body) && body[i] != '"' {
				if body[i] == '\\' && i+1 < len(body) {
					i++
				}
				sb.WriteByte(body[i])
				i++
			}
			i++ // the closing quote
			for i < len(body) && body[i] != ',' {
				i++
			}
		} else {
			for i < len(body) && body[i] != ',' {
				sb.WriteByte(body[i])
				i++
			}
		}
		v := strings.TrimSpace(sb.String())
		if !quoted && strings.EqualFold(v, "null") {
			out = append(out, nil)
		} else {
			if quoted {
				v = sb.String()
			}
			out = append(out, &v)
		}
		i++ // the comma
	}
	return out, nil
}

// arrayElements are the element types of the array types (by their column
// tags) that set-returning functions take apart: the engine's type of the
// values and the element's tag.
var arrayElements = map[string]struct {
	t   types.Type
	tag string
}{
	tagOf(oidNameArray): {types.VarcharType, tagOf(oidNameType)},
	tagOf(1009):         {types.VarcharType, tagOf(oidText)},
	tagOf(1015):         {types.VarcharType, tagOf(oidVarchar)},
	tagOf(22):           {types.BigintType, tagOf(oidInt2)},
	tagOf(1005):         {types.BigintType, tagOf(oidInt2)},
	tagOf(1007):         {types.BigintType, tagOf(oidInt4)},
	tagOf(1016):         {types.BigintType, tagOf(oidInt8)},
	tagOf(30):           {types.BigintType, tagOf(oidOID)},
	tagOf(1028):         {types.BigintType, tagOf(oidOID)},
	tagOf(1002):         {types.VarcharType, tagOf(18)},   // "char"[]
	tagOf(1034):         {types.VarcharType, tagOf(1033)}, // aclitem[]
}

func tagOf(oid uint32) string { return fmt.Sprintf("pg:%d", oid) }

// unnestType is the type of an element of an array of the first
// argument's type: text where it is not known.
func unnestType(tags []string) (types.Type, string) {
	if e, ok := arrayElements[tags[0]]; ok {
		return e.t, e.tag
	}
	return types.VarcharType, ""
}

// setFunctions are PostgreSQL's set-returning functions over arrays
// (arrays are their text form here, {a,b}).
func setFunctions() []sqlcsv.Function {
	return []sqlcsv.Function{
		// unnest(array): its elements, typed by the array's type where the
		// argument is a catalog column or function of known type, else
		// text.
		{Name: "unnest", AnyArgs: true, MinArgs: 1, MaxArgs: 1, Result: types.VarcharType,
			ResultFor: unnestType,
			Rows: func(_ context.Context, a []any) ([]any, error) {
				elems, err := arrayArg("unnest", a[0])
				out := make([]any, len(elems))
				for i, e := range elems {
					if e != nil {
						out[i] = *e
					}
				}
				return out, err
			}},
		// generate_subscripts(array, dim): 1..n for a one-dimensional
		// array of n elements.
		{Name: "generate_subscripts", AnyArgs: true, MinArgs: 2, MaxArgs: 3, Result: types.BigintType, ResultTag: tagOf(oidInt4),
			Rows: func(_ context.Context, a []any) ([]any, error) {
				elems, err := arrayArg("generate_subscripts", a[0])
				if err != nil {
					return nil, err
				}
				if dim, _ := asInt(a[1]); dim != 1 {
					return nil, nil
				}
				out := make([]any, len(elems))
				for i := range elems {
					out[i] = int64(i + 1)
				}
				if len(a) > 2 {
					if rev, _ := a[2].(bool); rev {
						for i := range out {
							out[i] = int64(len(elems) - i)
						}
					}
				}
				return out, nil
			}},
	}
}

// arrayArg reads an array argument: no elements for NULL.
func arrayArg(fn string, v any) ([]*string, error) {
	if v == nil {
		return nil, nil
	}
	elems, err := parseArray(fmt.Sprint(v))
	if err != nil {
		return nil, errorf(codeInvalidText, fmt.Sprintf("%s: malformed array literal: %q", fn, fmt.Sprint(v)))
	}
	return elems, nil
}
