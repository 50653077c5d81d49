package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

type fakeTable struct{ name string }

func (f *fakeTable) Name() string { return f.name }
func (f *fakeTable) Columns() []types.Column {
	return []types.Column{{Name: "a", Type: types.BigintType}}
}

func TestLookupCaseInsensitive(t *testing.T) {
	cat := catalog.New(nil)
	sales := &fakeTable{name: "Sales"}
	cat.Register(sales)
	for _, name := range []string{"Sales", "sales", "SALES", "sAlEs"} {
		got, err := cat.Lookup(context.Background(), name)
		if err != nil {
			t.Errorf("Lookup(%q): %v", name, err)
			continue
		}
		if got != sales {
			t.Errorf("Lookup(%q) = %v, want the registered table", name, got)
		}
	}
}

func TestRegisterReplaces(t *testing.T) {
	cat := catalog.New(nil)
	first, second := &fakeTable{name: "sales"}, &fakeTable{name: "SALES"}
	cat.Register(first)
	cat.Register(&fakeTable{name: "arcos"})
	cat.Register(second)
	got, err := cat.Lookup(context.Background(), "Sales")
	if err != nil {
		t.Fatal(err)
	}
	if got != second {
		t.Errorf("Lookup found %q, want the table registered last", got.Name())
	}
	if got := strings.Join(cat.Names(), ","); got != "SALES,arcos" {
		t.Errorf("Names() = %s, want SALES,arcos", got)
	}
}

func TestNames(t *testing.T) {
	cat := catalog.New(nil)
	if got := cat.Names(); len(got) != 0 {
		t.Errorf("empty catalog: Names() = %q", got)
	}
	for _, n := range []string{"zeta", "alpha", "Mid", "beta"} {
		cat.Register(&fakeTable{name: n})
	}
	// Sorted by byte value: upper case first.
	if got := strings.Join(cat.Names(), ","); got != "Mid,alpha,beta,zeta" {
		t.Errorf("Names() = %s, want Mid,alpha,beta,zeta", got)
	}
}

type ctxKey struct{}

func TestResolver(t *testing.T) {
	var asked []string
	files := map[string]*fakeTable{"data/x.tsv": {name: "data/x.tsv"}}
	cat := catalog.New(func(ctx context.Context, name string) (catalog.Table, error) {
		if ctx.Value(ctxKey{}) != "v" {
			t.Errorf("the resolver did not get the lookup's context")
		}
		asked = append(asked, name)
		if f, ok := files[name]; ok {
			return f, nil
		}
		if name == "secret.tsv" {
			return nil, fmt.Errorf("open %s: %w", name, os.ErrPermission)
		}
		return nil, fmt.Errorf("%w: no file %s", catalog.ErrNotFound, name)
	})
	reg := &fakeTable{name: "Data/X.tsv"}
	cat.Register(&fakeTable{name: "arcos"})
	ctx := context.WithValue(context.Background(), ctxKey{}, "v")

	// The resolver gets the name as written.
	got, err := cat.Lookup(ctx, "data/x.tsv")
	if err != nil || got != files["data/x.tsv"] {
		t.Fatalf("Lookup(data/x.tsv) = %v, %v; want the resolved file", got, err)
	}
	// A registered name wins, and the resolver is not asked.
	cat.Register(reg)
	if got, err := cat.Lookup(ctx, "data/x.tsv"); err != nil || got != reg {
		t.Errorf("Lookup(data/x.tsv) = %v, %v; want the registered table", got, err)
	}
	if strings.Join(asked, ",") != "data/x.tsv" {
		t.Errorf("the resolver was asked for %q, want [data/x.tsv]", asked)
	}

	// Nothing of that name: a NotFoundError with a suggestion.
	_, err = cat.Lookup(ctx, "arcs")
	want := `table "arcs" does not exist and is not a readable file (did you mean "arcos"?)`
	if err == nil || err.Error() != want {
		t.Errorf("Lookup(arcs) error %v, want %s", err, want)
	}
	var nf *catalog.NotFoundError
	if !errors.As(err, &nf) || nf.Name != "arcs" || nf.Suggest != "arcos" {
		t.Errorf("Lookup(arcs) error %#v, want a NotFoundError for arcs suggesting arcos", err)
	}
	if !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Lookup(arcs) error %v is not ErrNotFound", err)
	}

	// Any other failure of the resolver is returned as it is.
	_, err = cat.Lookup(ctx, "secret.tsv")
	if err == nil || err.Error() != "open secret.tsv: permission denied" || !errors.Is(err, os.ErrPermission) {
		t.Errorf("Lookup(secret.tsv) error %v, want open secret.tsv: permission denied", err)
	}
	if errors.As(err, &nf) || errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Lookup(secret.tsv) error %v is a not-found error", err)
	}
}

func TestLookupWithoutResolver(t *testing.T) {
	cat := catalog.New(nil)
	_, err := cat.Lookup(context.Background(), "nothing")
	if err == nil || err.Error() != `table "nothing" does not exist and is not a readable file` {
		t.Errorf("error %v", err)
	}
	if !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("error %v is not ErrNotFound", err)
	}
}

func TestNotFoundErrorText(t *testing.T) {
	for _, c := range []struct {
		err  *catalog.NotFoundError
		want string
	}{
		{&catalog.NotFoundError{Name: "x"}, `table "x" does not exist and is not a readable file`},
		{&catalog.NotFoundError{Name: "x", Cause: catalog.ErrNotFound}, `table "x" does not exist and is not a readable file`},
		{&catalog.NotFoundError{Name: "x", Cause: fmt.Errorf("%w: gone", catalog.ErrNotFound)}, `table "x" does not exist and is not a readable file`},
		{&catalog.NotFoundError{Name: "arcs", Suggest: "arcos"}, `table "arcs" does not exist and is not a readable file (did you mean "arcos"?)`},
		{&catalog.NotFoundError{Name: "a.tsv", Suggest: "b", Cause: errors.New("is a directory")}, `table "a.tsv": is a directory (did you mean "b"?)`},
		{&catalog.NotFoundError{Name: `say "hi"`}, `table "say \"hi\"" does not exist and is not a readable file`},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("%+v: %s, want %s", *c.err, got, c.want)
		}
	}
}

// NotFoundError's Unwrap is documented to return the cause; a
// NotFoundError is also always ErrNotFound.
func TestNotFoundErrorUnwrapsCause(t *testing.T) {
	err := error(&catalog.NotFoundError{Name: "a.tsv", Cause: fmt.Errorf("open a.tsv: %w", os.ErrPermission)})
	if !errors.Is(err, os.ErrPermission) {
		t.Errorf("%v: errors.Is(err, os.ErrPermission) = false, want true", err)
	}
	if !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("%v: errors.Is(err, ErrNotFound) = false, want true", err)
	}
	err = &catalog.NotFoundError{Name: "a.tsv"}
	if !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("%v without a cause: errors.Is(err, ErrNotFound) = false, want true", err)
	}
}

func TestClosest(t *testing.T) {
	cols := []string{"BUYER_STATE", "BUYER_CITY", "QUANTITY", "DOSAGE", "TRANSACTION_DATE"}
	for _, c := range []struct {
		name       string
		candidates []string
		want       string
	}{
		{"BUYER_STAT", cols, "BUYER_STATE"},
		{"buyer_state", cols, "BUYER_STATE"}, // case is ignored
		{"buyer_sate", cols, "BUYER_STATE"},
		{"QUANTTY", cols, "QUANTITY"},
		{"QTY", cols, ""},
		{"BUYER_CTY", cols, "BUYER_CITY"},
		{"TRANSACTIONDATE", cols, "TRANSACTION_DATE"},
		{"TRANS_DATE", cols, ""},
		{"arcs", []string{"arcos", "sales"}, "arcos"},
		{"sale", []string{"arcos", "sales"}, "sales"},
		{"x", nil, ""},
		// Ties go to the first candidate.
		{"ab", []string{"ax", "ay"}, "ax"},
		// Distance 2 is allowed in any name, 1 more per 3 characters: a
		// 12-character name may be 4 edits away.
		{"abcdefghijkl", []string{"abcdefghWXYZ"}, "abcdefghWXYZ"},
		{"abcdefghijkl", []string{"abcdefgVWXYZ"}, ""},
	} {
		if got := catalog.Closest(c.name, c.candidates); got != c.want {
			t.Errorf("Closest(%q, %q) = %q, want %q", c.name, c.candidates, got, c.want)
		}
	}
}

// A suggestion that shares nothing with the name is noise: PostgreSQL
// suggests no name more than half of whose characters differ.
func TestClosestShortNames(t *testing.T) {
	for _, c := range []struct {
		name       string
		candidates []string
		want       string
	}{
		{"zz", []string{"id", "name"}, ""},
		{"t", []string{"ab"}, ""},
		{"t", []string{"tt"}, ""},
		{"ab", []string{"abc"}, "abc"},
		{"abc", []string{"abd"}, "abd"},
	} {
		if got := catalog.Closest(c.name, c.candidates); got != c.want {
			t.Errorf("Closest(%q, %q) = %q, want %q", c.name, c.candidates, got, c.want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	cat := catalog.New(nil)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				name := fmt.Sprintf("t%d_%d", i, j)
				cat.Register(&fakeTable{name: name})
				if _, err := cat.Lookup(context.Background(), strings.ToUpper(name)); err != nil {
					t.Errorf("Lookup(%s): %v", name, err)
				}
				_ = cat.Names()
			}
		}()
	}
	wg.Wait()
	if got := len(cat.Names()); got != 400 {
		t.Errorf("%d tables, want 400", got)
	}
}

// releasedTable counts its releases.
type releasedTable struct {
	fakeTable
	releases int
}

func (r *releasedTable) Release() { r.releases++ }

func TestReleaseOnReplaceDropClear(t *testing.T) {
	cat := catalog.New(nil)
	a, b, c := &releasedTable{fakeTable: fakeTable{"t"}}, &releasedTable{fakeTable: fakeTable{"T"}}, &releasedTable{fakeTable: fakeTable{"u"}}
	cat.Register(a)
	cat.Register(a) // the same table again: not released
	if a.releases != 0 {
		t.Fatalf("registering a table again released it %d times", a.releases)
	}
	cat.Register(b)
	cat.Register(c)
	if a.releases != 1 || b.releases != 0 {
		t.Fatalf("after replacing: releases %d, %d; want 1, 0", a.releases, b.releases)
	}
	cat.Drop("t")
	if b.releases != 1 {
		t.Fatalf("after Drop: releases %d, want 1", b.releases)
	}
	cat.Clear()
	if c.releases != 1 || len(cat.Names()) != 0 {
		t.Fatalf("after Clear: releases %d, names %q; want 1 and none", c.releases, cat.Names())
	}
}

func TestLookupInSchemas(t *testing.T) {
	files := map[string]*fakeTable{"t.csv": {name: "t.csv"}, "data.csv": {name: "data.csv"}, "trips": {name: "trips-file"}}
	cat := catalog.New(func(_ context.Context, name string) (catalog.Table, error) {
		if f, ok := files[name]; ok {
			return f, nil
		}
		return nil, catalog.ErrNotFound
	})
	pgClass := &fakeTable{name: "pg_catalog.pg_class"}
	sales := &fakeTable{name: "sales"}
	shadow := &fakeTable{name: "pg_type"}
	pgType := &fakeTable{name: "pg_catalog.pg_type"}
	infoCols := &fakeTable{name: "information_schema.columns"}
	for _, tb := range []catalog.Table{pgClass, sales, shadow, pgType, infoCols} {
		cat.Register(tb)
	}
	cat.SetSchemas("public", []string{"pg_catalog", "information_schema"})
	ctx := context.Background()
	for _, tc := range []struct {
		schema, name string
		want         string // the table's name; "" for not found
	}{
		{"", "pg_class", "pg_catalog.pg_class"},
		{"", "PG_CLASS", "pg_catalog.pg_class"},
		{"pg_catalog", "pg_class", "pg_catalog.pg_class"},
		{"PG_Catalog", "Pg_Class", "pg_catalog.pg_class"},
		{"", "pg_catalog.pg_class", "pg_catalog.pg_class"}, // one quoted identifier
		{"", "columns", "information_schema.columns"},
		{"", "pg_type", "pg_type"}, // a registered table comes before the search path
		{"pg_catalog", "pg_type", "pg_catalog.pg_type"},
		{"public", "sales", "sales"},
		{"PUBLIC", "pg_class", "pg_catalog.pg_class"},
		{"", "t.csv", "t.csv"},      // a file with a dot in its name
		{"data", "csv", "data.csv"}, // data.csv unquoted
		{"", "trips", "trips-file"}, // a file before the search path
		{"public", "trips", "trips-file"},
		{"other", "sales", ""},
		{"pg_catalog", "sales", ""},
		{"", "nothing", ""},
	} {
		got, err := cat.LookupIn(ctx, tc.schema, tc.name)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("LookupIn(%q, %q) = %s, want not found", tc.schema, tc.name, got.Name())
		case tc.want == "" && !errors.Is(err, catalog.ErrNotFound):
			t.Errorf("LookupIn(%q, %q): %v, want ErrNotFound", tc.schema, tc.name, err)
		case tc.want != "" && err != nil:
			t.Errorf("LookupIn(%q, %q): %v", tc.schema, tc.name, err)
		case tc.want != "" && got.Name() != tc.want:
			t.Errorf("LookupIn(%q, %q) = %s, want %s", tc.schema, tc.name, got.Name(), tc.want)
		}
	}
	_, err := cat.LookupIn(ctx, "other", "sales")
	if want := `table "other.sales" does not exist and is not a readable file`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("LookupIn(other, sales): %v, want %s", err, want)
	}
	// Without a search path or default schema, only the literal names.
	cat.SetSchemas("", nil)
	if _, err := cat.LookupIn(ctx, "", "pg_class"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("pg_class without a search path: %v, want ErrNotFound", err)
	}
	if _, err := cat.LookupIn(ctx, "public", "sales"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("public.sales without a default schema: %v, want ErrNotFound", err)
	}
}
