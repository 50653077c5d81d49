// Command sqlcsv runs SQL over delimited text files.
//
//	sqlcsv [flags] [PATH ...]
//
// Each PATH is registered as a table named after the file's base name
// ("data/arcos.tsv" is table arcos); a query may also name any file
// directly: SELECT ... FROM "data/arcos.tsv". Statements come from -c, -f,
// or standard input; on a terminal without -c or -f, sqlcsv is an
// interactive shell (shell.go).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/pgwire"
	"github.com/sqlcsv/sqlcsv/render"
	"golang.org/x/term"
)

const usage = `usage: sqlcsv [flags] [PATH ...]

Runs SQL over CSV, TSV and other delimited files. Each PATH becomes a table
named after the file ("data/arcos.tsv" is table arcos); a query can also
name a file directly: SELECT * FROM "data/arcos.tsv" LIMIT 5.

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// script is one -c (SQL) or -f (a file of SQL), in command-line order.
type script struct {
	sql, file string
}

type config struct {
	scripts    []script
	format     string
	threads    int
	allVarchar bool
	paths      []string
	cpuProfile string
	partSize   int64
	memLimit   int64
	noCache    bool
	dialect    sqlcsv.Dialect

	// sqlcsv serve
	serve       bool
	listen      string
	root        string
	maxConns    int
	stmtTimeout time.Duration
	allowRemote bool
	logFormat   string
	usersFile   string
	auth        string
	tlsCert     string
	tlsKey      string
	ignoreErrs  bool
	rejects     string
	nulls       string
}

func parseArgs(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("sqlcsv", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if len(args) > 0 && args[0] == "serve" {
		c.serve, args = true, args[1:]
		fs.Usage = func() {
			fmt.Fprint(stderr, serveUsage)
			fs.PrintDefaults()
		}
		fs.StringVar(&c.listen, "listen", "127.0.0.1:5432", "`address` to listen on, host:port")
		fs.StringVar(&c.root, "root", ".", "`directory` whose files clients may query; paths outside it are refused")
		fs.IntVar(&c.maxConns, "max-connections", 100, "most sessions served at once")
		fs.DurationVar(&c.stmtTimeout, "statement-timeout", 0, "cancel queries running longer, e.g. 5m (default: none)")
		fs.BoolVar(&c.allowRemote, "allow-unauthenticated-remote", false, "listen beyond loopback without authentication (anyone who reaches the port can read the files under --root)")
		fs.StringVar(&c.usersFile, "users", "", "`file` of users who may log in, one name:password or name:SCRAM-SHA-256$... per line (default: any user, no password, loopback only)")
		fs.StringVar(&c.auth, "auth", "", "password `method`: scram-sha-256 (the default with --users), md5 or password")
		fs.StringVar(&c.tlsCert, "tls-cert", "", "PEM certificate `file` for clients that ask for TLS (with --tls-key)")
		fs.StringVar(&c.tlsKey, "tls-key", "", "PEM private key `file` of --tls-cert")
		fs.StringVar(&c.logFormat, "log", "text", "log `format` on stderr: text, json or none")
	} else {
		fs.Func("c", "run the SQL `statements` (separated by ;); may be repeated", func(s string) error {
			c.scripts = append(c.scripts, script{sql: s})
			return nil
		})
		fs.Func("f", "run the SQL statements in `file`; may be repeated", func(s string) error {
			c.scripts = append(c.scripts, script{file: s})
			return nil
		})
		fs.StringVar(&c.format, "format", "table", "output `format`: table, csv, tsv or json")
		fs.Func("dialect", "SQL `dialect` of the queries: mysql (the default) or postgres", func(s string) error {
			d, err := sqlcsv.ParseDialect(s)
			c.dialect = d
			return err
		})
	}
	fs.IntVar(&c.threads, "threads", 0, "number of worker threads (default: all CPUs)")
	fs.BoolVar(&c.allVarchar, "all-varchar", false, "read every column as VARCHAR instead of guessing types")
	fs.BoolVar(&c.ignoreErrs, "ignore-errors", false, "skip broken rows (wrong field count, a value that misfits a declared type), count them on stderr")
	fs.StringVar(&c.rejects, "rejects", "", "append skipped rows to `file` (with --ignore-errors)")
	fs.StringVar(&c.nulls, "null-strings", "", "comma-separated `values` read as NULL, e.g. NULL,NA,\\N (empty fields always are)")
	fs.BoolVar(&c.noCache, "no-schema-cache", false, "do not remember column types learnt by widening (kept in the user cache directory)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile to `file` (for developers)")
	fs.Func("memory-limit", "bytes one query's hash tables and sorts may hold, e.g. 4G; past it the query fails (default: no limit)", func(s string) error {
		n, err := parseSize(s)
		c.memLimit = n
		return err
	})
	fs.Func("partition-size", "bytes of a file one worker reads at a time, e.g. 64M (default: a 64th of the file, 32M to 128M)", func(s string) error {
		n, err := parseSize(s)
		c.partSize = n
		return err
	})
	// Flags and paths may be interleaved.
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		c.paths = append(c.paths, args[0])
		args = args[1:]
	}
	return c, nil
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if cfg.serve {
		return runServe(cfg, stderr)
	}
	format, err := render.ParseFormat(cfg.format)
	if err != nil {
		fmt.Fprintln(stderr, "sqlcsv:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "sqlcsv:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "sqlcsv:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}

	db, err := openDB(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "sqlcsv:", err)
		return 1
	}
	defer db.Close()

	var scripts []string
	for _, s := range cfg.scripts {
		if s.file == "" {
			scripts = append(scripts, s.sql)
			continue
		}
		b, err := os.ReadFile(s.file)
		if err != nil {
			fmt.Fprintln(stderr, "sqlcsv:", err)
			return 1
		}
		scripts = append(scripts, string(b))
	}
	if len(scripts) == 0 {
		if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			// The shell: each query gets a context of its own that a
			// Ctrl-C cancels; the SIGINT handler above stays registered,
			// so that a Ctrl-C between queries does not end the process.
			return runShell(context.Background(), db, stdout, stderr, format)
		}
		b, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintln(stderr, "sqlcsv:", err)
			return 1
		}
		scripts = append(scripts, string(b))
	}

	out := bufio.NewWriterSize(stdout, 1<<16)
	defer out.Flush()
	results := 0
	for _, script := range scripts {
		if strings.TrimSpace(script) == "" {
			continue
		}
		err := db.Script(ctx, script, func(_ string, rows *sqlcsv.Rows) error {
			if err := printRows(ctx, rows, format, out, &results); err != nil {
				return err
			}
			if w := rows.Warnings(); len(w) > 0 {
				out.Flush()
				for _, s := range w {
					fmt.Fprintln(stderr, "warning:", s)
				}
			}
			return nil
		})
		if err != nil {
			out.Flush()
			if ctx.Err() != nil {
				fmt.Fprintln(stderr, "Error: query cancelled")
				return 130
			}
			fmt.Fprintln(stderr, "Error:", err)
			return 1
		}
	}
	return 0
}

// openDB opens the DB the flags describe, with the PATHs registered.
func openDB(ctx context.Context, cfg *config) (*sqlcsv.DB, error) {
	opts := sqlcsv.Options{Threads: cfg.threads, AllVarchar: cfg.allVarchar, PartitionSize: cfg.partSize, MemoryLimit: cfg.memLimit,
		IgnoreErrors: cfg.ignoreErrs, RejectsFile: cfg.rejects, Root: cfg.root, Dialect: cfg.dialect}
	if cfg.nulls != "" {
		opts.NullStrings = strings.Split(cfg.nulls, ",")
	}
	if dir, err := os.UserCacheDir(); err == nil && !cfg.noCache {
		opts.SchemaCacheDir = filepath.Join(dir, "sqlcsv")
	}
	if cfg.serve {
		opts = pgwire.DBOptions(opts)
	}
	db, err := sqlcsv.Open(opts)
	if err != nil {
		return nil, err
	}
	for _, p := range cfg.paths {
		if err := db.Register(ctx, "", p); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// printRows writes one statement's result; statements without columns
// print nothing.
func printRows(ctx context.Context, rows *sqlcsv.Rows, format render.Format, out *bufio.Writer, results *int) error {
	cols := rows.Columns()
	if len(cols) == 0 {
		return nil
	}
	if *results > 0 && format == render.Table {
		out.WriteString("\n")
	}
	*results++
	return renderRows(ctx, rows, render.New(format, out, render.Options{}))
}

// renderRows streams a result through a render.Writer, batch by batch.
func renderRows(ctx context.Context, rows *sqlcsv.Rows, w render.Writer) error {
	if err := w.Begin(rows.Columns()); err != nil {
		return err
	}
	for {
		rec, err := rows.Next(ctx)
		if err != nil {
			return err
		}
		if rec == nil {
			return w.End()
		}
		err = w.Write(rec)
		rec.Release()
		if err != nil {
			return err
		}
	}
}

// parseSize reads a byte count with an optional K, M or G suffix.
func parseSize(s string) (int64, error) {
	mult := int64(1)
	t := strings.ToUpper(strings.TrimSuffix(strings.TrimSpace(s), "B"))
	switch {
	case strings.HasSuffix(t, "K"):
		mult, t = 1<<10, t[:len(t)-1]
	case strings.HasSuffix(t, "M"):
		mult, t = 1<<20, t[:len(t)-1]
	case strings.HasSuffix(t, "G"):
		mult, t = 1<<30, t[:len(t)-1]
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q: want a positive number of bytes, e.g. 64M", s)
	}
	return n * mult, nil
}
