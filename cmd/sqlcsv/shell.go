package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chzyer/readline"
	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/render"
	"golang.org/x/term"
)

// The interactive shell: statements end with ";" and may span lines;
// lines that start with a backslash are psql-style meta-commands. It
// reads lines from a lineReader (readline on a terminal), so that its
// logic is tested without one.

// lineReader is where the shell's lines come from.
type lineReader interface {
	// Readline returns the next line, io.EOF at the end (Ctrl-D), or
	// readline.ErrInterrupt when the user pressed Ctrl-C.
	Readline() (string, error)
	SetPrompt(prompt string)
}

const (
	prompt     = "sqlcsv> "
	contPrompt = "   ...> "
	// shellRows is how many rows a table shows in the shell: the first
	// and last halves, with the count.
	shellRows = 40
)

// shell is the state of one interactive session.
type shell struct {
	db       *sqlcsv.DB
	in       lineReader
	stdout   io.Writer // the terminal
	stderr   io.Writer
	out      io.Writer // where results go: stdout, or the file of \o
	outFile  *os.File
	format   render.Format
	timing   bool
	expanded bool
	buf      strings.Builder // the statement being typed
	quit     bool
	progress io.Writer // where the progress bar goes (a terminal), or nil
	// width is the terminal's width in columns, 0 when unknown; tables
	// shown on the terminal are narrowed to it.
	width func() int
	// interrupt returns a context that a Ctrl-C during a query cancels.
	interrupt func(ctx context.Context) (context.Context, context.CancelFunc)
}

func newShell(db *sqlcsv.DB, in lineReader, stdout, stderr io.Writer, format render.Format) *shell {
	return &shell{db: db, in: in, stdout: stdout, stderr: stderr, out: stdout, format: format,
		interrupt: func(ctx context.Context) (context.Context, context.CancelFunc) {
			return signal.NotifyContext(ctx, os.Interrupt)
		}}
}

// run reads and runs lines until \q or the end of input.
func (s *shell) run(ctx context.Context) {
	defer s.closeOutput()
	for !s.quit {
		if s.buf.Len() == 0 {
			s.in.SetPrompt(prompt)
		} else {
			s.in.SetPrompt(contPrompt)
		}
		line, err := s.in.Readline()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			s.buf.Reset() // Ctrl-C clears what was typed
			continue
		case err != nil:
			return // io.EOF: Ctrl-D
		}
		s.line(ctx, line)
	}
}

// line takes one line of input.
func (s *shell) line(ctx context.Context, line string) {
	if s.buf.Len() == 0 && strings.HasPrefix(strings.TrimSpace(line), `\`) {
		s.meta(ctx, strings.TrimSpace(line))
		return
	}
	if s.buf.Len() == 0 && strings.TrimSpace(line) == "" {
		return
	}
	s.buf.WriteString(line)
	s.buf.WriteByte('\n')
	if statementEnds(s.buf.String()) {
		sql := s.buf.String()
		s.buf.Reset()
		s.exec(ctx, sql)
	}
}

// statementEnds reports whether sql ends with a ";" outside quotes and
// comments (then it holds one or more complete statements).
func statementEnds(sql string) bool {
	ends := false
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for ; j < len(sql); j++ {
				if sql[j] == '\\' && c == '\'' {
					j++
					continue
				}
				if sql[j] == c {
					if j+1 < len(sql) && sql[j+1] == c { // a doubled quote
						j++
						continue
					}
					break
				}
			}
			if j >= len(sql) {
				return false // an open quote
			}
			i, ends = j, false
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-', c == '#':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			k := strings.Index(sql[i+2:], "*/")
			if k < 0 {
				return false // an open comment
			}
			i += k + 3
		case c == ';':
			ends = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			ends = false
		}
	}
	return ends
}

// exec runs the statements of sql and prints their results; a Ctrl-C
// cancels them and the shell goes on.
func (s *shell) exec(ctx context.Context, sql string) {
	qctx, cancel := s.interrupt(ctx)
	defer cancel()
	qctx, bar := startProgress(qctx, s.progress)
	defer bar.end()
	start := time.Now()
	w := bufio.NewWriter(s.out)
	err := s.db.Script(qctx, sql, func(_ string, rows *sqlcsv.Rows) error {
		bar.end() // cleared before the result prints
		if err := s.print(qctx, rows, w); err != nil {
			return err
		}
		for _, warn := range rows.Warnings() {
			w.Flush()
			fmt.Fprintln(s.stderr, "warning:", warn)
		}
		return nil
	})
	w.Flush()
	bar.end()
	switch {
	case err != nil && qctx.Err() != nil && ctx.Err() == nil:
		fmt.Fprintln(s.stderr, "Error: query cancelled")
	case err != nil:
		fmt.Fprintln(s.stderr, "Error:", err)
	}
	if s.timing {
		fmt.Fprintf(s.stdout, "Time: %.3f ms\n", float64(time.Since(start).Microseconds())/1000)
	}
}

// print writes one statement's result: a table capped at shellRows with
// the column types, or the \format chosen, or \x's records.
func (s *shell) print(ctx context.Context, rows *sqlcsv.Rows, w *bufio.Writer) error {
	cols := rows.Columns()
	if len(cols) == 0 {
		return nil
	}
	if s.expanded {
		return printExpanded(ctx, rows, w)
	}
	opt := render.Options{}
	if s.format == render.Table {
		opt.MaxRows, opt.ShowTypes = shellRows, true
		if s.out == s.stdout && s.width != nil {
			opt.Width = s.width()
		}
	}
	return renderRows(ctx, rows, render.New(s.format, w, opt))
}

// printExpanded writes each row as a record of "column | value" lines,
// as psql's \x does.
func printExpanded(ctx context.Context, rows *sqlcsv.Rows, w *bufio.Writer) error {
	cols := rows.Columns()
	width := 0
	for _, c := range cols {
		width = max(width, utf8.RuneCountInString(c.Name))
	}
	n := 0
	for {
		row, err := rows.NextRow(ctx)
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		n++
		fmt.Fprintf(w, "-[ RECORD %d ]%s\n", n, strings.Repeat("-", max(width-8, 2)))
		for i, c := range cols {
			v := "NULL"
			switch x := row[i].(type) {
			case nil:
			case time.Time:
				if c.Type.String() == "DATE" {
					v = x.Format(time.DateOnly)
				} else {
					v = x.Format("2006-01-02 15:04:05.999999")
				}
			default:
				v = fmt.Sprint(x)
			}
			fmt.Fprintf(w, "%-*s | %s\n", width, c.Name, v)
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "(0 rows)")
	}
	return nil
}

const shellHelp = `Statements end with ";" and may span lines; Ctrl-C cancels a query or clears the line, Ctrl-D quits.
  \?                  this help
  \q                  quit
  \d                  list the tables
  \d NAME             the columns of a table (or file) and where their types came from
  \timing [on|off]    print each statement's time
  \x                  expanded display: each row as a record
  \format FORMAT      table, csv, tsv or json
  \o [FILE]           send results to FILE; without one, back to the terminal
  \i FILE             run the statements of FILE
`

// meta runs a backslash command.
func (s *shell) meta(ctx context.Context, line string) {
	fields := strings.Fields(line)
	cmd, args := fields[0], fields[1:]
	switch cmd {
	case `\q`:
		s.quit = true
	case `\?`, `\h`:
		fmt.Fprint(s.stdout, shellHelp)
	case `\d`:
		if len(args) == 0 {
			s.exec(ctx, "SHOW TABLES;")
			return
		}
		name := strings.Join(args, " ")
		if !strings.HasPrefix(name, `"`) {
			name = `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		}
		s.exec(ctx, "DESCRIBE "+name+";")
	case `\timing`:
		switch {
		case len(args) == 0:
			s.timing = !s.timing
		case args[0] == "on" || args[0] == "off":
			s.timing = args[0] == "on"
		default:
			fmt.Fprintf(s.stderr, "\\timing: want on or off, got %q\n", args[0])
			return
		}
		fmt.Fprintf(s.stdout, "Timing is %s.\n", onOff(s.timing))
	case `\x`:
		s.expanded = !s.expanded
		fmt.Fprintf(s.stdout, "Expanded display is %s.\n", onOff(s.expanded))
	case `\format`:
		if len(args) != 1 {
			fmt.Fprintln(s.stderr, `\format: want one of table, csv, tsv, json`)
			return
		}
		f, err := render.ParseFormat(args[0])
		if err != nil {
			fmt.Fprintln(s.stderr, `\format:`, err)
			return
		}
		s.format = f
		fmt.Fprintf(s.stdout, "Output format is %s.\n", args[0])
	case `\o`:
		s.closeOutput()
		if len(args) == 0 {
			return
		}
		f, err := os.Create(expandHome(args[0]))
		if err != nil {
			fmt.Fprintln(s.stderr, `\o:`, err)
			return
		}
		s.outFile, s.out = f, f
	case `\i`:
		if len(args) != 1 {
			fmt.Fprintln(s.stderr, `\i: want one file name`)
			return
		}
		b, err := os.ReadFile(expandHome(args[0]))
		if err != nil {
			fmt.Fprintln(s.stderr, `\i:`, err)
			return
		}
		if strings.TrimSpace(string(b)) != "" {
			s.exec(ctx, string(b))
		}
	default:
		fmt.Fprintf(s.stderr, "invalid command %s; try \\? for help\n", cmd)
	}
}

// closeOutput ends a \o redirection.
func (s *shell) closeOutput() {
	if s.outFile != nil {
		s.outFile.Close()
		s.outFile = nil
	}
	s.out = s.stdout
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// expandHome replaces a leading ~/ with the home directory.
func expandHome(p string) string {
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	return p
}

// runShell starts the interactive shell on the terminal, with history in
// ~/.sqlcsv_history.
func runShell(ctx context.Context, db *sqlcsv.DB, stdout, stderr io.Writer, format render.Format) int {
	cfg := &readline.Config{Prompt: prompt, Stdout: stdout, Stderr: stderr, InterruptPrompt: "^C", EOFPrompt: `\q`,
		AutoComplete: completer{db: db}}
	if home, err := os.UserHomeDir(); err == nil {
		cfg.HistoryFile = filepath.Join(home, ".sqlcsv_history")
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "sqlcsv:", err)
		return 1
	}
	defer rl.Close()
	fmt.Fprintln(stdout, `sqlcsv: type SQL ending with ";", \? for help, \q to quit.`)
	sh := newShell(db, rl, stdout, stderr, format)
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		sh.progress = stderr
	}
	if f, ok := stdout.(*os.File); ok {
		sh.width = func() int {
			w, _, err := term.GetSize(int(f.Fd()))
			if err != nil {
				return 0
			}
			return w
		}
	}
	sh.run(ctx)
	return 0
}
