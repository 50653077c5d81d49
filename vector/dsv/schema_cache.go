package dsv

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// SchemaCache remembers, from one run to the next, the column types learnt
// by widening (see WidenError), so that a file whose sniffed types were
// wrong costs a second pass only once. Entries are keyed by a file's
// absolute path, size and modification time: a changed file is sniffed
// afresh. The cache is one small JSON file in a directory; it is safe for
// concurrent use within a process, and between processes the last writer
// wins (each write replaces the file atomically).
type SchemaCache struct {
	path string
	mu   sync.Mutex
}

// maxCacheEntries bounds the cache; the entries used least recently go.
const maxCacheEntries = 512

// NewSchemaCache returns the cache kept in dir (created when first
// written).
func NewSchemaCache(dir string) *SchemaCache {
	return &SchemaCache{path: filepath.Join(dir, "schemas.json")}
}

type cacheEntry struct {
	Path    string            `json:"path"`
	Size    int64             `json:"size"`
	MTime   int64             `json:"mtime_ns"`
	Used    int64             `json:"used_unix"`
	Widened map[string]string `json:"widened"` // column name -> type
}

func (c *SchemaCache) load() ([]cacheEntry, error) {
	b, err := os.ReadFile(c.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var entries []cacheEntry
	if err := json.Unmarshal(b, &entries); err != nil {
		// A damaged cache is only a lost optimisation.
		return nil, nil
	}
	return entries, nil
}

func (c *SchemaCache) save(entries []cacheEntry) error {
	if len(entries) > maxCacheEntries {
		sort.Slice(entries, func(i, j int) bool { return entries[i].Used > entries[j].Used })
		entries = entries[:maxCacheEntries]
	}
	b, err := json.MarshalIndent(entries, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), "schemas-*.json")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), c.path)
}

// Lookup returns the widened column types remembered for the file, by
// column name.
func (c *SchemaCache) Lookup(path string, size int64, mtime time.Time) map[string]types.Type {
	c.mu.Lock()
	defer c.mu.Unlock()
	entries, err := c.load()
	if err != nil {
		return nil
	}
	for _, e := range entries {
		if e.Path == path && e.Size == size && e.MTime == mtime.UnixNano() {
			out := map[string]types.Type{}
			for name, tn := range e.Widened {
				if t, ok := typeNamed(tn); ok {
					out[name] = t
				}
			}
			return out
		}
	}
	return nil
}

// Store remembers that column col of the file is of type t.
func (c *SchemaCache) Store(path string, size int64, mtime time.Time, col string, t types.Type) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	entries, err := c.load()
	if err != nil {
		return fmt.Errorf("schema cache %s: %w", c.path, err)
	}
	now := time.Now().Unix()
	found := false
	for i := range entries {
		e := &entries[i]
		if e.Path == path && e.Size == size && e.MTime == mtime.UnixNano() {
			e.Widened[col], e.Used, found = t.String(), now, true
		}
	}
	if !found {
		entries = append(entries, cacheEntry{Path: path, Size: size, MTime: mtime.UnixNano(), Used: now,
			Widened: map[string]string{col: t.String()}})
	}
	if err := c.save(entries); err != nil {
		return fmt.Errorf("schema cache %s: %w", c.path, err)
	}
	return nil
}

func typeNamed(name string) (types.Type, bool) {
	for _, t := range []types.Type{types.BooleanType, types.BigintType, types.DoubleType, types.VarcharType, types.DateType, types.TimestampType} {
		if t.String() == name {
			return t, true
		}
	}
	var p, s int
	if _, err := fmt.Sscanf(name, "DECIMAL(%d,%d)", &p, &s); err == nil {
		if t, err := types.NewDecimal(p, s); err == nil {
			return t, true
		}
	}
	return types.Type{}, false
}

// applyCache widens the columns the cache remembers.
func (f *File) applyCache(mtime time.Time) {
	if f.opts.Cache == nil || f.opts.AllVarchar {
		return
	}
	abs, err := filepath.Abs(f.path)
	if err != nil {
		return
	}
	widened := f.opts.Cache.Lookup(abs, f.size, mtime)
	for i, c := range f.columns {
		if t, ok := widened[c.Name]; ok && t != c.Type {
			f.columns[i].Type = t
			f.columns[i].Origin = types.Widened
		}
	}
}
