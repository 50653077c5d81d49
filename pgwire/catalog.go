package pgwire

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/sql/pgdialect"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// The emulated system catalog: pg_catalog and information_schema
// relations generated from the DB's own tables and registered as
// in-memory tables, so that the engine answers the catalog queries of
// psql, JDBC, SQLAlchemy and the others like any query.

// OIDs of the schemas, the owner and the access methods.
const (
	oidPgCatalog     = 11
	oidPublic        = 2200
	oidInfoSchema    = 13207
	oidPgToast       = 99
	oidOwner         = 10
	oidDatabaseOwner = 6171 // pg_database_owner, which owns public
	oidHeapAM        = 2
	oidBtreeAM       = 403
	oidPgClass       = 1259
	oidDefaultColl   = 100
	firstUserOID     = 16384
)

// ownerName is the role that owns every relation.
const ownerName = "sqlcsv"

// catalog generates the catalog relations and keeps the OIDs it gave to
// relations, so that an OID stays the same while the server runs.
type catalog struct {
	db *sqlcsv.DB

	mu        sync.Mutex
	oids      map[string]int64 // relation name (lower case, qualified) to OID
	names     map[int64]string // and back
	nextOID   int64
	databases map[string]bool // names sessions connected to
	users     map[string]bool
	version   string           // fingerprint of the tables the relations were made from
	paths     map[int64]string // the file (directory, glob) of a file table, by OID
	views     bool             // the relations that are views are made
}

func newCatalog(db *sqlcsv.DB) *catalog {
	return &catalog{db: db, oids: map[string]int64{"pg_catalog.pg_class": oidPgClass},
		names: map[int64]string{oidPgClass: "pg_catalog.pg_class"}, nextOID: firstUserOID,
		databases: map[string]bool{"postgres": true}, users: map[string]bool{}}
}

// relationOID finds a relation's OID by its name as a regclass cast
// reads it: possibly schema-qualified and quoted; an unqualified name is
// looked up in pg_catalog first, as PostgreSQL's search path does.
func (c *catalog) relationOID(name string) (int64, bool) {
	var parts []string
	for _, p := range strings.Split(name, ".") {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
			p = strings.ReplaceAll(p[1:len(p)-1], `""`, `"`)
		} else {
			p = strings.ToLower(p)
		}
		parts = append(parts, p)
	}
	var keys []string
	switch {
	case len(parts) == 1:
		keys = []string{"pg_catalog." + parts[0], parts[0]}
	case len(parts) == 2 && parts[0] == "public":
		keys = []string{parts[1]}
	default:
		keys = []string{strings.Join(parts, ".")}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if o, ok := c.oids[strings.ToLower(k)]; ok {
			return o, true
		}
	}
	return 0, false
}

// relationSize is the bytes of a file table's files (pg_table_size): a
// file's, or the sum over a directory's files or a glob's matches; 0 for
// other relations.
func (c *catalog) relationSize(oid int64) int64 {
	c.mu.Lock()
	path := c.paths[oid]
	c.mu.Unlock()
	if path == "" {
		return 0
	}
	files := []string{path}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		entries, _ := os.ReadDir(path)
		files = files[:0]
		for _, e := range entries {
			files = append(files, filepath.Join(path, e.Name()))
		}
	} else if err != nil {
		files, _ = filepath.Glob(path)
	}
	var n int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			n += st.Size()
		}
	}
	return n
}

// visible says whether a relation is found by its unqualified name, as
// pg_table_is_visible does: those of public and pg_catalog (the search
// path) are, information_schema's are not.
func (c *catalog) visible(oid int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.names[oid]
	return !ok || !strings.HasPrefix(k, "information_schema.")
}

// relationName is the name regclass shows for an OID: unqualified for
// public and pg_catalog relations, qualified for the others.
func (c *catalog) relationName(oid int64) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.names[oid]
	return strings.TrimPrefix(k, "pg_catalog."), ok
}

// oidOf returns the OID of a relation, giving it one on first sight.
func (c *catalog) oidOf(name string) int64 {
	k := strings.ToLower(name)
	if o, ok := c.oids[k]; ok {
		return o
	}
	o := c.nextOID
	c.nextOID++
	c.oids[k] = o
	c.names[o] = k
	return o
}

// relation is a table, view or catalog relation as the catalog lists it.
type relation struct {
	oid    int64
	schema string // pg_catalog, public, information_schema
	nsOID  int64
	name   string // unqualified
	kind   byte   // 'r' table, 'v' view
	cols   []types.Column
}

// pgTypeInfo is a row of pg_type (catalog_data.go holds PostgreSQL 15's).
type pgTypeInfo struct {
	oid       int64
	name      string // typname
	namespace int64
	len       int64
	byVal     bool
	typtype   string // b base, p pseudo, r range, m multirange, d domain
	category  string
	preferred bool
	delim     string
	elem      int64 // for an array type, its element
	array     int64 // OID of its array type
	// procs are typinput, typoutput, typreceive, typsend, typmodin,
	// typmodout, typanalyze and typsubscript.
	procs     [8]int64
	align     string
	storage   string
	notNull   bool
	baseType  int64 // of a domain
	typmod    int64
	ndims     int64
	collation int64
	def       any    // typdefault: nil or its text
	sqlName   string // format_type(oid, NULL)
}

// infoName is the type's name in information_schema.columns.data_type.
func (t *pgTypeInfo) infoName() string {
	switch {
	case t.category == "A":
		return "ARRAY"
	case t.namespace != oidPgCatalog || t.typtype != "b":
		return "USER-DEFINED"
	}
	return t.sqlName
}

// pgTypeIndex finds the rows of pgBuiltinTypes by OID and by name.
var pgTypeIndex, pgTypeNames = func() (map[int64]*pgTypeInfo, map[string]*pgTypeInfo) {
	byOID, byName := map[int64]*pgTypeInfo{}, map[string]*pgTypeInfo{}
	for i := range pgBuiltinTypes {
		t := &pgBuiltinTypes[i]
		byOID[t.oid] = t
		byName[t.name] = t
	}
	for i := range pgBuiltinTypes {
		// format_type's names (integer, character varying) too.
		if t := &pgBuiltinTypes[i]; byName[t.sqlName] == nil {
			byName[t.sqlName] = t
		}
	}
	return byOID, byName
}()

// pgTypeByOID finds a built-in type.
func pgTypeByOID(oid int64) (*pgTypeInfo, bool) {
	t, ok := pgTypeIndex[oid]
	return t, ok
}

// pgTypeByName finds a built-in type by its typname or format_type's
// name (int4, integer, _int4, integer[]), as the regtype input reads it.
func pgTypeByName(name string) (*pgTypeInfo, bool) {
	t, ok := pgTypeNames[name]
	return t, ok
}

// formatType is PostgreSQL's format_type(oid, typmod).
func formatType(oid, typmod int64) string {
	if oid == 0 {
		return "-"
	}
	t, ok := pgTypeByOID(oid)
	if !ok {
		return "???"
	}
	if typmod < 0 {
		return t.sqlName
	}
	switch oid {
	case oidNumeric:
		if typmod >= 4 {
			p, s := (typmod-4)>>16, (typmod-4)&0xffff
			return fmt.Sprintf("numeric(%d,%d)", p, s)
		}
	case oidVarchar, oidBPChar, 1560, 1562: // varchar, bpchar, bit, varbit
		if oid == 1560 || oid == 1562 || typmod >= 4 {
			n := typmod
			if oid == oidVarchar || oid == oidBPChar {
				n -= 4
			}
			name := t.sqlName
			if oid == oidBPChar {
				name = "character"
			}
			return fmt.Sprintf("%s(%d)", name, n)
		}
	case oidTimestamp, oidTimestampTZ, 1083, 1266: // timestamp(tz), time(tz)
		base, zone, _ := strings.Cut(t.sqlName, " ")
		return fmt.Sprintf("%s(%d) %s", base, typmod, zone)
	}
	return t.sqlName
}

// colType is the catalog's column type of an engine type: OID, length,
// type modifier.
func colType(t types.Type) pgType { return pgTypeOf(t) }

// colKinds are the PostgreSQL types of the catalog relations' columns,
// by the letter their specs ("name:letter") use, with the OID the column
// is tagged with and described to clients as; the engine holds integers
// as BIGINT, names, "char", arrays and expressions as VARCHAR, reals as
// DOUBLE.
var colKinds = map[byte]uint32{
	'o': oidOID, 'i': oidInt4, 's': oidInt2, 'l': oidInt8, 'r': 24 /* regproc */, 'x': 28, /* xid */
	'n': oidNameType, 'c': 18 /* "char" */, 't': oidText, 'a': 1009 /* text[] */, 'v': 22 /* int2vector */, 'V': 30, /* oidvector */
	'b': oidBool, 'f': oidFloat4, 'T': oidTimestampTZ,
	'A': 1034 /* aclitem[] */, 'C': 1002 /* "char"[] */, 'O': 1028 /* oid[] */, 'S': 1005, /* int2[] */
	'k': 194 /* pg_node_tree */, 'w': oidVarchar, 'y': 2277, /* anyarray */
	'B': oidBytea, // held as VARCHAR (the engine's records take no binary), so described as text
}

// relDef is a catalog relation: its schema, name, columns ("name:kind")
// and rows.
type relDef struct {
	schema, name string
	cols         []string
	rows         func(s *snapshot) [][]any
}

// relViews are the relations whose values depend on the session: views,
// in the engine's dialect, of every column of rows kept in the table
// rowsTable names, some computed by functions that read the session (the
// settings it has made, the user it logged in as).
var relViews = map[string]string{
	// The values the session has (those it has set, and those the server
	// reports and honours) are the session's.
	"pg_catalog.pg_settings": `SELECT name, COALESCE(current_setting(name, TRUE), setting) AS setting, unit, category, short_desc,
		extra_desc, context, vartype, source, min_val, max_val, enumvals, boot_val, reset_val, sourcefile, sourceline, pending_restart
		FROM pg_catalog.sqlcsv_pg_settings`,
	// The template databases' access privileges name their owner, who is
	// the session's user as pg_get_userbyid says.
	"pg_catalog.pg_database": `SELECT oid, datname, datdba, encoding, datlocprovider, datistemplate, datallowconn, datconnlimit,
		datfrozenxid, datminmxid, dattablespace, datcollate, datctype, daticulocale, datcollversion, pg_owner_acl(datacl) AS datacl
		FROM pg_catalog.sqlcsv_pg_database`,
	"pg_catalog.pg_namespace": `SELECT oid, nspname, nspowner, pg_owner_acl(nspacl) AS nspacl FROM pg_catalog.sqlcsv_pg_namespace`,
}

// rowsTable is where the rows of a relation that is a view are kept.
func rowsTable(d relDef) string { return d.schema + ".sqlcsv_" + d.name }

// snapshot is what the catalog relations are made from: the relations
// the DB has, and the names sessions use.
type snapshot struct {
	rels      []relation
	databases []string
	users     []string
}

func cols(spec string) []string { return strings.Fields(spec) }

// none is the rows of an empty relation.
func none(*snapshot) [][]any { return nil }

// relDefs are the emulated relations, with PostgreSQL 15's columns.
var relDefs = []relDef{
	{"pg_catalog", "pg_namespace", cols("oid:o nspname:n nspowner:o nspacl:A"), func(s *snapshot) [][]any {
		// The privileges initdb grants (the owner's are the session
		// user's: see relViews).
		acl := "{" + ownerName + "=UC/" + ownerName + ",=U/" + ownerName + "}"
		return [][]any{
			{int64(oidPgToast), "pg_toast", int64(oidOwner), nil},
			{int64(oidPgCatalog), "pg_catalog", int64(oidOwner), acl},
			{int64(oidPublic), "public", int64(oidDatabaseOwner), "{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner}"},
			{int64(oidInfoSchema), "information_schema", int64(oidOwner), acl},
		}
	}},
	{"pg_catalog", "pg_class", cols("oid:o relname:n relnamespace:o reltype:o reloftype:o relowner:o relam:o relfilenode:o reltablespace:o relpages:i reltuples:f relallvisible:i reltoastrelid:o relhasindex:b relisshared:b relpersistence:c relkind:c relnatts:s relchecks:s relhasrules:b relhastriggers:b relhassubclass:b relrowsecurity:b relforcerowsecurity:b relispopulated:b relreplident:c relispartition:b relrewrite:o relfrozenxid:x relminmxid:x relacl:A reloptions:a relpartbound:k"),
		func(s *snapshot) [][]any {
			var rows [][]any
			for _, r := range s.rels {
				am := int64(oidHeapAM)
				if r.kind == 'v' {
					am = 0
				}
				rows = append(rows, []any{r.oid, r.name, r.nsOID, int64(0), int64(0), int64(oidOwner), am, r.oid,
					int64(0), int64(0), float64(-1), int64(0), int64(0), false, false, "p",
					string(r.kind), int64(len(r.cols)), int64(0), false, false, false, false, false,
					true, "d", false, int64(0), int64(0), int64(0), nil, nil, nil})
			}
			return rows
		}},
	{"pg_catalog", "pg_attribute", cols("attrelid:o attname:n atttypid:o attstattarget:i attlen:s attnum:s attndims:i attcacheoff:i atttypmod:i attbyval:b attalign:c attstorage:c attcompression:c attnotnull:b atthasdef:b atthasmissing:b attidentity:c attgenerated:c attisdropped:b attislocal:b attinhcount:i attcollation:o attacl:A attoptions:a attfdwoptions:a attmissingval:y"),
		func(s *snapshot) [][]any {
			var rows [][]any
			for _, r := range s.rels {
				for i, c := range r.cols {
					t := colType(c.Type)
					info, _ := pgTypeByOID(int64(t.oid))
					coll := int64(0)
					if t.oid == oidText {
						coll = oidDefaultColl
					}
					rows = append(rows, []any{r.oid, c.Name, int64(t.oid), int64(-1), int64(t.size), int64(i + 1), int64(0),
						int64(-1), int64(t.typmod), info.byVal, info.align, info.storage, "", !c.Nullable, false,
						false, "", "", false, true, int64(0), coll, nil, nil, nil, nil})
				}
				if r.kind == 'v' {
					continue
				}
				// A table's system columns, as PostgreSQL lists them (they
				// cannot be selected here).
				for _, sc := range systemColumns {
					info, _ := pgTypeByOID(sc.oid)
					rows = append(rows, []any{r.oid, sc.name, sc.oid, int64(0), info.len, sc.num, int64(0),
						int64(-1), int64(-1), info.byVal, info.align, info.storage, "", true, false,
						false, "", "", false, true, int64(0), int64(0), nil, nil, nil, nil})
				}
			}
			return rows
		}},
	{"pg_catalog", "pg_type", cols("oid:o typname:n typnamespace:o typowner:o typlen:s typbyval:b typtype:c typcategory:c typispreferred:b typisdefined:b typdelim:c typrelid:o typsubscript:r typelem:o typarray:o typinput:r typoutput:r typreceive:r typsend:r typmodin:r typmodout:r typanalyze:r typalign:c typstorage:c typnotnull:b typbasetype:o typtypmod:i typndims:i typcollation:o typdefaultbin:k typdefault:t typacl:A"),
		func(s *snapshot) [][]any {
			var rows [][]any
			for _, t := range pgBuiltinTypes {
				row := []any{t.oid, t.name, t.namespace, int64(oidOwner), t.len, t.byVal, t.typtype, t.category,
					t.preferred, true, t.delim, int64(0), t.procs[7], t.elem, t.array}
				for _, p := range t.procs[:7] {
					row = append(row, p)
				}
				rows = append(rows, append(row, t.align, t.storage, t.notNull, t.baseType,
					t.typmod, t.ndims, t.collation, nil, t.def, nil))
			}
			return rows
		}},
	{"pg_catalog", "pg_database", cols("oid:o datname:n datdba:o encoding:i datlocprovider:c datistemplate:b datallowconn:b datconnlimit:i datfrozenxid:x datminmxid:x dattablespace:o datcollate:t datctype:t daticulocale:t datcollversion:t datacl:A"),
		func(s *snapshot) [][]any {
			// The template databases, as initdb makes them.
			acl := "{=c/" + ownerName + "," + ownerName + "=CTc/" + ownerName + "}"
			rows := [][]any{
				{int64(1), "template1", int64(oidOwner), int64(6), "c", true, true, int64(-1), int64(0), int64(0), int64(1663), "C", "C", nil, nil, acl},
				{int64(4), "template0", int64(oidOwner), int64(6), "c", true, false, int64(-1), int64(0), int64(0), int64(1663), "C", "C", nil, nil, acl},
			}
			oid := int64(5)
			for _, name := range s.databases {
				if name == "template0" || name == "template1" {
					continue
				}
				rows = append(rows, []any{oid, name, int64(oidOwner), int64(6), "c", false, true,
					int64(-1), int64(0), int64(0), int64(1663), "C", "C", nil, nil, nil})
				oid++
			}
			return rows
		}},
	{"pg_catalog", "pg_am", cols("oid:o amname:n amhandler:r amtype:c"), func(*snapshot) [][]any {
		return [][]any{{int64(oidHeapAM), "heap", int64(3), "t"}, {int64(oidBtreeAM), "btree", int64(330), "i"}}
	}},
	{"pg_catalog", "pg_index", cols("indexrelid:o indrelid:o indnatts:s indnkeyatts:s indisunique:b indnullsnotdistinct:b indisprimary:b indisexclusion:b indimmediate:b indisclustered:b indisvalid:b indcheckxmin:b indisready:b indislive:b indisreplident:b indkey:v indcollation:V indclass:V indoption:v indexprs:k indpred:k"), none},
	{"pg_catalog", "pg_constraint", cols("oid:o conname:n connamespace:o contype:c condeferrable:b condeferred:b convalidated:b conrelid:o contypid:o conindid:o conparentid:o confrelid:o confupdtype:c confdeltype:c confmatchtype:c conislocal:b coninhcount:i connoinherit:b conkey:S confkey:S conpfeqop:O conppeqop:O conffeqop:O confdelsetcols:S conexclop:O conbin:k"), none},
	{"pg_catalog", "pg_attrdef", cols("oid:o adrelid:o adnum:s adbin:k"), none},
	{"pg_catalog", "pg_description", cols("objoid:o classoid:o objsubid:i description:t"), func(s *snapshot) [][]any {
		// classoid is the OID of the catalog relation here.
		classes := map[string]int64{}
		for _, r := range s.rels {
			if r.nsOID == oidPgCatalog {
				classes[r.name] = r.oid
			}
		}
		var rows [][]any
		for _, d := range pgBuiltinDescriptions {
			if class, ok := classes[d.class]; ok {
				rows = append(rows, []any{d.objoid, class, int64(0), d.description})
			}
		}
		return rows
	}},
	{"pg_catalog", "pg_inherits", cols("inhrelid:o inhparent:o inhseqno:i inhdetachpending:b"), none},
	{"pg_catalog", "pg_policy", cols("oid:o polname:n polrelid:o polcmd:c polpermissive:b polroles:O polqual:k polwithcheck:k"), none},
	{"pg_catalog", "pg_statistic_ext", cols("oid:o stxrelid:o stxname:n stxnamespace:o stxowner:o stxstattarget:i stxkeys:v stxkind:C stxexprs:k"), none},
	{"pg_catalog", "pg_publication", cols("oid:o pubname:n pubowner:o puballtables:b pubinsert:b pubupdate:b pubdelete:b pubtruncate:b pubviaroot:b"), none},
	{"pg_catalog", "pg_publication_rel", cols("oid:o prpubid:o prrelid:o prqual:k prattrs:v"), none},
	{"pg_catalog", "pg_publication_namespace", cols("oid:o pnpubid:o pnnspid:o"), none},
	{"pg_catalog", "pg_roles", cols("rolname:n rolsuper:b rolinherit:b rolcreaterole:b rolcreatedb:b rolcanlogin:b rolreplication:b rolconnlimit:i rolpassword:t rolvaliduntil:T rolbypassrls:b rolconfig:a oid:o"),
		func(s *snapshot) [][]any {
			rows := [][]any{{ownerName, true, true, true, true, true, false, int64(-1), "********", nil, true, nil, int64(oidOwner)}}
			for i, u := range s.users {
				if u != ownerName {
					rows = append(rows, []any{u, true, true, false, false, true, false, int64(-1), "********", nil, false, nil, int64(firstUserOID/2 + i)})
				}
			}
			return rows
		}},
	{"pg_catalog", "pg_user", cols("usename:n usesysid:o usecreatedb:b usesuper:b userepl:b usebypassrls:b passwd:t valuntil:T useconfig:a"),
		func(s *snapshot) [][]any {
			return [][]any{{ownerName, int64(oidOwner), true, true, false, true, "********", nil, nil}}
		}},
	{"pg_catalog", "pg_proc", cols("oid:o proname:n pronamespace:o proowner:o prolang:o procost:f prorows:f provariadic:o prosupport:r prokind:c prosecdef:b proleakproof:b proisstrict:b proretset:b provolatile:c proparallel:c pronargs:s pronargdefaults:s prorettype:o proargtypes:V proallargtypes:O proargmodes:C proargnames:a proargdefaults:k protrftypes:O prosrc:t probin:t prosqlbody:k proconfig:a proacl:A"), none},
	{"pg_catalog", "pg_depend", cols("classid:o objid:o objsubid:i refclassid:o refobjid:o refobjsubid:i deptype:c"), none},
	{"pg_catalog", "pg_language", cols("oid:o lanname:n lanowner:o lanispl:b lanpltrusted:b lanplcallfoid:o laninline:o lanvalidator:o lanacl:A"), func(*snapshot) [][]any {
		return [][]any{
			{int64(12), "internal", int64(oidOwner), false, false, int64(0), int64(0), int64(2246), nil},
			{int64(13), "c", int64(oidOwner), false, false, int64(0), int64(0), int64(2247), nil},
			{int64(14), "sql", int64(oidOwner), false, true, int64(0), int64(0), int64(2248), nil},
		}
	}},
	{"pg_catalog", "pg_enum", cols("oid:o enumtypid:o enumsortorder:f enumlabel:n"), none},
	{"pg_catalog", "pg_range", cols("rngtypid:o rngsubtype:o rngmultitypid:o rngcollation:o rngsubopc:o rngcanonical:r rngsubdiff:r"), none},
	{"pg_catalog", "pg_extension", cols("oid:o extname:n extowner:o extnamespace:o extrelocatable:b extversion:t extconfig:O extcondition:a"), none},
	{"pg_catalog", "pg_collation", cols("oid:o collname:n collnamespace:o collowner:o collprovider:c collisdeterministic:b collencoding:i collcollate:t collctype:t colliculocale:t collversion:t"), func(*snapshot) [][]any {
		return [][]any{
			{int64(oidDefaultColl), "default", int64(oidPgCatalog), int64(oidOwner), "d", true, int64(-1), nil, nil, nil, nil},
			{int64(950), "C", int64(oidPgCatalog), int64(oidOwner), "c", true, int64(-1), "C", "C", nil, nil},
			{int64(951), "POSIX", int64(oidPgCatalog), int64(oidOwner), "c", true, int64(-1), "POSIX", "POSIX", nil, nil},
		}
	}},
	{"pg_catalog", "pg_tablespace", cols("oid:o spcname:n spcowner:o spcacl:A spcoptions:a"), func(*snapshot) [][]any {
		return [][]any{{int64(1663), "pg_default", int64(oidOwner), nil, nil}, {int64(1664), "pg_global", int64(oidOwner), nil, nil}}
	}},
	{"pg_catalog", "pg_trigger", cols("oid:o tgrelid:o tgparentid:o tgname:n tgfoid:o tgtype:s tgenabled:c tgisinternal:b tgconstrrelid:o tgconstrindid:o tgconstraint:o tgdeferrable:b tginitdeferred:b tgnargs:s tgattr:v tgargs:B tgqual:k tgoldtable:n tgnewtable:n"), none},
	{"pg_catalog", "pg_rewrite", cols("oid:o rulename:n ev_class:o ev_type:c ev_enabled:c is_instead:b ev_qual:k ev_action:k"), none},
	{"pg_catalog", "pg_foreign_table", cols("ftrelid:o ftserver:o ftoptions:a"), none},
	{"pg_catalog", "pg_partitioned_table", cols("partrelid:o partstrat:c partnatts:s partdefid:o partattrs:v partclass:V partcollation:V partexprs:k"), none},
	{"pg_catalog", "pg_sequence", cols("seqrelid:o seqtypid:o seqstart:l seqincrement:l seqmax:l seqmin:l seqcache:l seqcycle:b"), none},
	// pg_get_keywords() is a relation of the same name here (see
	// relationFunction).
	{"pg_catalog", "pg_get_keywords", cols("word:t catcode:c barelabel:b catdesc:t baredesc:t"), func(*snapshot) [][]any {
		rows := make([][]any, len(pgKeywords))
		for i, k := range pgKeywords {
			rows[i] = []any{k.word, k.catcode, k.barelabel, k.catdesc, k.baredesc}
		}
		return rows
	}},
	{"pg_catalog", "pg_settings", cols("name:t setting:t unit:t category:t short_desc:t extra_desc:t context:t vartype:t source:t min_val:t max_val:t enumvals:a boot_val:t reset_val:t sourcefile:t sourceline:i pending_restart:b"),
		func(*snapshot) [][]any {
			var rows [][]any
			for _, st := range pgBuiltinSettings {
				rows = append(rows, []any{st.name, st.boot, st.unit, st.category, st.shortDesc, st.extraDesc, st.context, st.vartype,
					"default", st.min, st.max, st.enumvals, st.boot, st.boot, nil, nil, false})
			}
			return rows
		}},
	{"pg_catalog", "pg_tables", cols("schemaname:n tablename:n tableowner:n tablespace:n hasindexes:b hasrules:b hastriggers:b rowsecurity:b"),
		func(s *snapshot) [][]any {
			var rows [][]any
			for _, r := range s.rels {
				if r.kind == 'r' {
					rows = append(rows, []any{r.schema, r.name, ownerName, nil, false, false, false, false})
				}
			}
			return rows
		}},
	{"pg_catalog", "pg_views", cols("schemaname:n viewname:n viewowner:n definition:t"), func(s *snapshot) [][]any {
		var rows [][]any
		for _, r := range s.rels {
			if r.kind == 'v' {
				rows = append(rows, []any{r.schema, r.name, ownerName, nil})
			}
		}
		return rows
	}},
	{"pg_catalog", "pg_matviews", cols("schemaname:n matviewname:n matviewowner:n tablespace:n hasindexes:b ispopulated:b definition:t"), none},
	{"pg_catalog", "pg_stat_user_tables", cols("relid:o schemaname:n relname:n seq_scan:l seq_tup_read:l idx_scan:l idx_tup_fetch:l n_tup_ins:l n_tup_upd:l n_tup_del:l n_tup_hot_upd:l n_live_tup:l n_dead_tup:l n_mod_since_analyze:l n_ins_since_vacuum:l last_vacuum:T last_autovacuum:T last_analyze:T last_autoanalyze:T vacuum_count:l autovacuum_count:l analyze_count:l autoanalyze_count:l"),
		func(s *snapshot) [][]any {
			var rows [][]any
			for _, r := range s.rels {
				if r.kind == 'r' && r.schema == "public" {
					rows = append(rows, []any{r.oid, r.schema, r.name, int64(0), int64(0), nil, nil, int64(0), int64(0), int64(0), int64(0),
						int64(0), int64(0), int64(0), int64(0), nil, nil, nil, nil, int64(0), int64(0), int64(0), int64(0)})
				}
			}
			return rows
		}},
	{"information_schema", "schemata", cols("catalog_name:n schema_name:n schema_owner:n default_character_set_catalog:n " +
		"default_character_set_schema:n default_character_set_name:n sql_path:w"), func(s *snapshot) [][]any {
		var rows [][]any
		for _, ns := range []string{"information_schema", "pg_catalog", "pg_toast", "public"} {
			rows = append(rows, []any{s.databases[0], ns, ownerName, nil, nil, nil, nil})
		}
		return rows
	}},
	{"information_schema", "tables", cols("table_catalog:n table_schema:n table_name:n table_type:w self_referencing_column_name:n " +
		"reference_generation:w user_defined_type_catalog:n user_defined_type_schema:n user_defined_type_name:n " +
		"is_insertable_into:w is_typed:w commit_action:w"), func(s *snapshot) [][]any {
		var rows [][]any
		for _, r := range s.rels {
			kind := "BASE TABLE"
			if r.kind == 'v' {
				kind = "VIEW"
			}
			rows = append(rows, []any{s.databases[0], r.schema, r.name, kind, nil, nil, nil, nil, nil, "NO", "NO", nil})
		}
		return rows
	}},
	{"information_schema", "columns", cols("table_catalog:n table_schema:n table_name:n column_name:n ordinal_position:i " +
		"column_default:w is_nullable:w data_type:w character_maximum_length:i character_octet_length:i numeric_precision:i " +
		"numeric_precision_radix:i numeric_scale:i datetime_precision:i interval_type:w interval_precision:i " +
		"character_set_catalog:n character_set_schema:n character_set_name:n collation_catalog:n collation_schema:n " +
		"collation_name:n domain_catalog:n domain_schema:n domain_name:n udt_catalog:n udt_schema:n udt_name:n " +
		"scope_catalog:n scope_schema:n scope_name:n maximum_cardinality:i dtd_identifier:n is_self_referencing:w " +
		"is_identity:w identity_generation:w identity_start:w identity_increment:w identity_maximum:w identity_minimum:w " +
		"identity_cycle:w is_generated:w generation_expression:w is_updatable:w"), func(s *snapshot) [][]any {
		var rows [][]any
		for _, r := range s.rels {
			for i, c := range r.cols {
				t := colType(c.Type)
				info, _ := pgTypeByOID(int64(t.oid))
				nullable := "YES"
				if !c.Nullable {
					nullable = "NO"
				}
				var prec, radix, scale, dtPrec any
				switch c.Type.ID {
				case types.Bigint:
					prec, radix, scale = int64(64), int64(2), int64(0)
				case types.Double:
					prec, radix = int64(53), int64(2)
				case types.Decimal:
					prec, radix, scale = int64(c.Type.Precision), int64(10), int64(c.Type.Scale)
				case types.Date:
					dtPrec = int64(0)
				case types.Timestamp:
					dtPrec = int64(6)
				}
				var octets any
				if c.Type.ID == types.Varchar {
					octets = int64(1073741824)
				}
				rows = append(rows, []any{s.databases[0], r.schema, r.name, c.Name, int64(i + 1),
					nil, nullable, info.infoName(), nil, octets, prec,
					radix, scale, dtPrec, nil, nil,
					nil, nil, nil, nil, nil,
					nil, nil, nil, nil, s.databases[0], "pg_catalog", info.name,
					nil, nil, nil, nil, fmt.Sprint(i + 1), "NO",
					"NO", nil, nil, nil, nil, nil,
					"NO", "NEVER", nil, "NO"})
			}
		}
		return rows
	}},
	{"information_schema", "views", cols("table_catalog:n table_schema:n table_name:n view_definition:w check_option:w " +
		"is_updatable:w is_insertable_into:w is_trigger_updatable:w is_trigger_deletable:w is_trigger_insertable_into:w"),
		func(s *snapshot) [][]any {
			var rows [][]any
			for _, r := range s.rels {
				if r.kind == 'v' {
					rows = append(rows, []any{s.databases[0], r.schema, r.name, nil, "NONE", "NO", "NO", "NO", "NO", "NO"})
				}
			}
			return rows
		}},
	{"information_schema", "table_constraints", cols("constraint_catalog:n constraint_schema:n constraint_name:n table_catalog:n " +
		"table_schema:n table_name:n constraint_type:w is_deferrable:w initially_deferred:w enforced:w nulls_distinct:w"), none},
	{"information_schema", "key_column_usage", cols("constraint_catalog:n constraint_schema:n constraint_name:n table_catalog:n " +
		"table_schema:n table_name:n column_name:n ordinal_position:i position_in_unique_constraint:i"), none},
	{"information_schema", "referential_constraints", cols("constraint_catalog:n constraint_schema:n constraint_name:n " +
		"unique_constraint_catalog:n unique_constraint_schema:n unique_constraint_name:n match_option:w update_rule:w delete_rule:w"), none},
}

// engineType is the Arrow and engine type of a catalog column kind.
func engineType(kind byte) (arrow.DataType, types.Type) {
	switch colKinds[kind] {
	case oidOID, oidInt4, oidInt2, oidInt8, 24, 28:
		return arrow.PrimitiveTypes.Int64, types.BigintType
	case oidBool:
		return arrow.FixedWidthTypes.Boolean, types.BooleanType
	case oidFloat4:
		return arrow.PrimitiveTypes.Float64, types.DoubleType
	case oidTimestampTZ:
		return arrow.FixedWidthTypes.Timestamp_us, types.TimestampType
	}
	return arrow.BinaryTypes.String, types.VarcharType
}

// relColumns is the engine columns of a catalog relation, tagged with
// their PostgreSQL types.
func relColumns(d relDef) []types.Column {
	out := make([]types.Column, len(d.cols))
	for i, c := range d.cols {
		name, kind, _ := strings.Cut(c, ":")
		_, t := engineType(kind[0])
		out[i] = types.Column{Name: name, Type: t, Nullable: true, Tag: kindTag(kind[0])}
	}
	return out
}

// kindTag is the column tag of a kind: "pg:<OID>".
func kindTag(kind byte) string {
	oid, ok := colKinds[kind]
	if !ok {
		panic("pgwire: catalog column kind " + string(kind))
	}
	return fmt.Sprintf("pg:%d", oid)
}

// refresh regenerates the catalog relations from the DB's tables when
// they changed since the last time (or force).
func (c *catalog) refresh(force bool) error {
	tables, err := c.db.Tables()
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var fp strings.Builder
	s := &snapshot{}
	paths := map[int64]string{}
	defer func() { c.paths = paths }()
	for _, t := range tables {
		schema, name := "public", t.Name
		if i := strings.IndexByte(t.Name, '.'); i >= 0 {
			schema, name = strings.ToLower(t.Name[:i]), t.Name[i+1:]
		}
		if schema == "pg_catalog" || schema == "information_schema" {
			continue // the emulated relations, listed below
		}
		kind := byte('r')
		if t.Kind == sqlcsv.ViewTable {
			kind = 'v'
		}
		ns := int64(oidPublic)
		if schema != "public" {
			continue // other schemas are not emulated
		}
		oid := c.oidOf(t.Name)
		s.rels = append(s.rels, relation{oid: oid, schema: schema, nsOID: ns, name: name, kind: kind, cols: t.Columns})
		if t.Path != "" {
			paths[oid] = t.Path
		}
		fmt.Fprintf(&fp, "%s %c", t.Name, kind)
		for _, col := range t.Columns {
			fmt.Fprintf(&fp, " %s %s %v", col.Name, col.Type, col.Nullable)
		}
		fp.WriteByte('\n')
	}
	for d := range c.databases {
		s.databases = append(s.databases, d)
		fmt.Fprintf(&fp, "db %s\n", d)
	}
	for u := range c.users {
		s.users = append(s.users, u)
		fmt.Fprintf(&fp, "user %s\n", u)
	}
	sort.Strings(s.databases)
	sort.Strings(s.users)
	if !force && fp.String() == c.version {
		return nil
	}
	c.version = fp.String()
	// The catalog relations list themselves too.
	for _, d := range relDefs {
		ns := int64(oidPgCatalog)
		kind := byte('r')
		oid := c.oidOf(d.schema + "." + d.name)
		if d.schema == "information_schema" {
			ns, kind = oidInfoSchema, 'v'
		}
		s.rels = append(s.rels, relation{oid: oid, schema: d.schema, nsOID: ns, name: d.name, kind: kind, cols: relColumns(d)})
	}
	for _, d := range relDefs {
		if err := c.register(d, s); err != nil {
			return fmt.Errorf("catalog relation %s.%s: %w", d.schema, d.name, err)
		}
	}
	if !c.views {
		for _, d := range relDefs {
			view := relViews[d.schema+"."+d.name]
			if view == "" {
				continue
			}
			if err := c.db.Exec(context.Background(), "CREATE OR REPLACE VIEW "+d.schema+"."+d.name+" AS "+view); err != nil {
				return fmt.Errorf("catalog view %s.%s: %w", d.schema, d.name, err)
			}
		}
		c.views = true
	}
	return nil
}

// register builds a relation's record and registers it.
func (c *catalog) register(d relDef, s *snapshot) error {
	fields := make([]arrow.Field, len(d.cols))
	for i, col := range d.cols {
		name, kind, _ := strings.Cut(col, ":")
		dt, _ := engineType(kind[0])
		fields[i] = arrow.Field{Name: name, Type: dt, Nullable: true,
			Metadata: arrow.NewMetadata([]string{"sqlcsv.tag"}, []string{kindTag(kind[0])})}
	}
	schema := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for r, row := range d.rows(s) {
		if len(row) != len(fields) {
			return fmt.Errorf("row %d has %d values for %d columns", r, len(row), len(fields))
		}
		for i, v := range row {
			fb := b.Field(i)
			if v == nil {
				fb.AppendNull()
				continue
			}
			switch fb := fb.(type) {
			case *array.Int64Builder:
				fb.Append(v.(int64))
			case *array.BooleanBuilder:
				fb.Append(v.(bool))
			case *array.Float64Builder:
				fb.Append(v.(float64))
			case *array.TimestampBuilder:
				fb.Append(arrow.Timestamp(v.(int64)))
			case *array.StringBuilder:
				fb.Append(v.(string))
			}
		}
	}
	rec := b.NewRecord()
	defer rec.Release()
	name := d.schema + "." + d.name
	if relViews[name] != "" {
		name = rowsTable(d)
	}
	return c.db.RegisterRecords(name, schema, rec)
}

// noteSession records a session's database and user for pg_database and
// pg_roles.
func (c *catalog) noteSession(database, user string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.databases[database] = true
	c.users[user] = true
}

// relationFunction says whether name is a catalog function without
// arguments that returns a fixed set of records, which the catalog holds
// as a relation of the same name: the PostgreSQL dialect reads name() in
// FROM as that relation (sql/pgdialect).
func relationFunction(name string) bool { return pgdialect.IsRelationFunction(name) }

// systemColumns are the system columns of every table, as pg_attribute
// lists them: name, type and (negative) number.
var systemColumns = []struct {
	name string
	oid  int64
	num  int64
}{
	{"tableoid", oidOID, -6}, {"cmax", 29, -5}, {"xmax", 28, -4}, {"cmin", 29, -3}, {"xmin", 28, -2}, {"ctid", 27, -1},
}
