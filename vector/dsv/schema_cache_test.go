package dsv

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

func TestSchemaCache(t *testing.T) {
	dir := t.TempDir()
	c := NewSchemaCache(dir)
	mt := time.Unix(1700000000, 5)
	if got := c.Lookup("/a.csv", 10, mt); got != nil {
		t.Fatalf("empty cache: %v", got)
	}
	if err := c.Store("/a.csv", 10, mt, "x", types.DoubleType); err != nil {
		t.Fatal(err)
	}
	if err := c.Store("/a.csv", 10, mt, "y", types.VarcharType); err != nil {
		t.Fatal(err)
	}
	got := NewSchemaCache(dir).Lookup("/a.csv", 10, mt)
	if len(got) != 2 || got["x"] != types.DoubleType || got["y"] != types.VarcharType {
		t.Fatalf("after two stores: %v", got)
	}
	// Another size or time is another file.
	if c.Lookup("/a.csv", 11, mt) != nil || c.Lookup("/a.csv", 10, mt.Add(time.Nanosecond)) != nil {
		t.Error("lookup ignores size or modification time")
	}
	// A damaged cache is treated as empty and rewritten.
	if err := os.WriteFile(filepath.Join(dir, "schemas.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c.Lookup("/a.csv", 10, mt) != nil {
		t.Error("damaged cache gave entries")
	}
	if err := c.Store("/b.csv", 1, mt, "z", types.TimestampType); err != nil {
		t.Fatal(err)
	}
	if got := c.Lookup("/b.csv", 1, mt); got["z"] != types.TimestampType {
		t.Errorf("after rewrite: %v", got)
	}
	// The cache keeps a bounded number of files.
	for i := 0; i < maxCacheEntries+10; i++ {
		if err := c.Store(filepath.Join("/many", string(rune('a'+i%26)), time.Unix(int64(i), 0).String()), int64(i), mt, "c", types.DoubleType); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := c.load()
	if len(entries) != maxCacheEntries {
		t.Errorf("%d entries, want %d", len(entries), maxCacheEntries)
	}
}
