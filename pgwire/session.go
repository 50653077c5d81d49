package pgwire

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/jackc/pgproto3/v2"

	"github.com/sqlcsv/sqlcsv"
	"github.com/sqlcsv/sqlcsv/sql/pgdialect"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// maxMessage bounds the length of one client message, so that a
// malformed length cannot make the server allocate without bound.
const maxMessage = 64 << 20

// flushAt is how many bytes of output are buffered before they are sent.
const flushAt = 64 << 10

// session is one client connection.
type session struct {
	srv    *Server
	conn   net.Conn
	be     *pgproto3.Backend
	w      *bufio.Writer
	out    []byte // scratch for encoding messages
	val    []byte // scratch for a value's text
	pid    uint32
	secret uint32
	user   string
	db     string

	set      *settings
	tx       byte // 'I' idle, 'T' in a transaction block, 'E' in a failed one
	stmts    map[string]*prepared
	portals  map[string]*portal
	skipSync bool // an extended-protocol error: skip to Sync

	mu     sync.Mutex
	cancel context.CancelFunc // of the query running now, or nil
}

// prepared is a statement of the extended protocol (Parse), or of a simple
// query.
type prepared struct {
	text      string       // as the client sent it
	cmd       *command     // a statement the server runs itself, or nil
	stmt      *sqlcsv.Stmt // an engine statement, or nil
	params    []int        // for each ? of the engine statement, its $n
	paramOIDs []uint32     // declared or inferred type of each $n (0: unknown)
	empty     bool         // no statement at all
	rw        *rewritten   // the engine statement's text, for error positions
}

// engineError maps an error of the engine statement to the client's
// text: its position in the rewritten text becomes one in the client's.
func (p *prepared) engineError(err error) error {
	if p.rw == nil {
		return err
	}
	return mapOffsets(err, *p.rw, p.text)
}

// portal is a bound statement (Bind), possibly partly executed.
type portal struct {
	prep    *prepared
	args    []any // in ? order
	formats []int16
	cols    []types.Column // once described or started

	ctx     context.Context
	cancel  context.CancelFunc
	rows    *sqlcsv.Rows
	rec     arrow.Record // the batch being sent
	next    int          // its next row
	sent    int64
	started bool
	done    bool
	result  *result // the rows of a server-run command
	tag     string  // the CommandComplete tag, when not the statement's

	cursor bool                   // declared with DECLARE
	hold   bool                   // WITH HOLD
	copy   *pgdialect.CopyOptions // COPY TO STDOUT: rows are sent as CopyData lines
}

// result is the rows of a command the server answers itself (SHOW).
type result struct {
	cols []types.Column
	rows [][]*string
}

func (s *Server) serveConn(ctx context.Context, c net.Conn) {
	defer c.Close()
	defer func() {
		// A bug in one session must not take the server down.
		if r := recover(); r != nil {
			s.log.Error("session panicked", "remote", c.RemoteAddr().String(), "panic", r, "stack", string(debug.Stack()))
		}
	}()
	sess := &session{srv: s, conn: c, set: newSettings(), tx: 'I',
		stmts: map[string]*prepared{}, portals: map[string]*portal{}}
	sess.useConn(c)
	log := s.log.With("remote", c.RemoteAddr().String())
	ok, err := sess.startup()
	if err != nil {
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			log.Warn("startup failed", "err", err)
		}
		return
	}
	if !ok {
		return
	}
	defer s.unregister(sess)
	defer sess.closeAll()
	log = log.With("pid", sess.pid, "user", sess.user)
	log.Info("session started", "database", sess.db, "application_name", sess.param("application_name"))
	err = sess.loop(ctx, log)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, net.ErrClosed) {
		log.Warn("session ended", "err", err)
		return
	}
	log.Info("session ended")
}

// useConn makes the session read and write c.
func (sess *session) useConn(c net.Conn) {
	sess.conn = c
	sess.w = bufio.NewWriterSize(c, flushAt)
	sess.be = pgproto3.NewBackend(&limitedReader{cr: pgproto3.NewChunkReader(c)}, sess.w)
}

// limitedReader refuses messages longer than maxMessage.
type limitedReader struct{ cr pgproto3.ChunkReader }

func (l *limitedReader) Next(n int) ([]byte, error) {
	if n > maxMessage || n < 0 {
		return nil, fmt.Errorf("a message of %d bytes, over the limit of %d", n, maxMessage)
	}
	return l.cr.Next(n)
}

func (sess *session) param(name string) string {
	v, _, _ := sess.set.get(name)
	return v
}

// startup reads the startup packet (answering SSL and GSS encryption
// requests with 'N', and serving a CancelRequest), authenticates, and
// sends the session's parameters. It reports whether a session started.
func (sess *session) startup() (bool, error) {
	sess.conn.SetReadDeadline(time.Now().Add(time.Minute))
	defer sess.conn.SetReadDeadline(time.Time{})
	for {
		msg, err := sess.receiveStartup()
		if err != nil {
			return false, err
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest:
			tlsConf := sess.srv.cfg.TLS
			if _, isTLS := sess.conn.(*tls.Conn); tlsConf == nil || isTLS {
				if _, err := sess.conn.Write([]byte{'N'}); err != nil {
					return false, err
				}
				continue
			}
			if _, err := sess.conn.Write([]byte{'S'}); err != nil {
				return false, err
			}
			tc := tls.Server(sess.conn, tlsConf)
			if err := tc.Handshake(); err != nil {
				return false, fmt.Errorf("TLS handshake: %w", err)
			}
			// The client sent nothing after the request before the
			// answer, so nothing is buffered: read and write through TLS
			// from here on.
			sess.useConn(tc)
			continue
		case *pgproto3.GSSEncRequest:
			if _, err := sess.conn.Write([]byte{'N'}); err != nil {
				return false, err
			}
			continue
		case *pgproto3.CancelRequest:
			sess.srv.cancel(m.ProcessID, m.SecretKey)
			return false, nil
		case *pgproto3.StartupMessage:
			return sess.start(m)
		default:
			return false, fmt.Errorf("unexpected startup message %T", msg)
		}
	}
}

func (sess *session) start(m *pgproto3.StartupMessage) (bool, error) {
	sess.user = m.Parameters["user"]
	sess.db = m.Parameters["database"]
	if sess.db == "" {
		sess.db = sess.user
	}
	if sess.user == "" {
		sess.fatal(codeInvalidAuth, "no PostgreSQL user name specified in startup packet")
		return false, nil
	}
	if !sess.srv.register(sess) {
		sess.fatal(codeTooManyConnections, errServerFull.Error())
		return false, nil
	}
	for k, v := range m.Parameters {
		switch k {
		case "user", "database", "replication":
		case "options":
			// -c name=value settings, as libpq's PGOPTIONS sends them.
			for _, f := range strings.Fields(v) {
				if kv, ok := strings.CutPrefix(f, "-c"); ok {
					if name, val, ok := strings.Cut(strings.TrimSpace(kv), "="); ok {
						sess.set.set(name, val)
					}
				}
			}
		default:
			if err := sess.set.set(k, v); err != nil {
				var pe *pgError
				errors.As(err, &pe)
				sess.fatal(pe.code, pe.msg)
				sess.srv.unregister(sess)
				return false, nil
			}
		}
	}
	if err := sess.authenticate(); err != nil {
		pe := toPgError(err, "")
		sess.srv.log.Warn("authentication failed", "remote", sess.conn.RemoteAddr().String(), "user", sess.user, "err", pe.msg)
		sess.fatal(pe.code, pe.msg)
		sess.srv.unregister(sess)
		return false, nil
	}
	sess.set.put("session_authorization", sess.user)
	sess.srv.cat.noteSession(sess.db, sess.user)
	if err := sess.srv.cat.refresh(false); err != nil {
		sess.srv.log.Warn("refreshing the catalog", "err", err)
	}
	sess.send(&pgproto3.AuthenticationOk{})
	for _, kv := range sess.set.all() {
		if name, ok := isReported(kv[0]); ok {
			sess.send(&pgproto3.ParameterStatus{Name: name, Value: kv[1]})
		}
	}
	sess.send(&pgproto3.BackendKeyData{ProcessID: sess.pid, SecretKey: sess.secret})
	sess.ready()
	return true, sess.flush()
}

// fatal sends a FATAL error during startup.
func (sess *session) fatal(code, msg string) {
	sess.send(&pgproto3.ErrorResponse{Severity: "FATAL", SeverityUnlocalized: "FATAL", Code: code, Message: msg})
	sess.flush()
}

// send encodes a message into the output buffer.
func (sess *session) send(msg pgproto3.BackendMessage) {
	b, err := msg.Encode(sess.out[:0])
	if err != nil {
		// Only a message too long for its count fields fails; the limits
		// on parameters and columns keep that from happening.
		sess.srv.log.Error("encoding a message", "type", fmt.Sprintf("%T", msg), "err", err)
		b, _ = (&pgproto3.ErrorResponse{Severity: "ERROR", Code: codeInternal, Message: "encoding a " + fmt.Sprintf("%T", msg) + ": " + err.Error()}).Encode(sess.out[:0])
	}
	sess.out = b
	sess.w.Write(b)
}

func (sess *session) flush() error { return sess.w.Flush() }

func (sess *session) ready() {
	sess.send(&pgproto3.ReadyForQuery{TxStatus: sess.tx})
}

// sendError sends an error, and marks a transaction block failed.
func (sess *session) sendError(err error, sql string, log logger) {
	pe := toPgError(err, sql)
	if pe.code == codeInternal || pe.code == codeProtocolViolation {
		log.Warn("query failed", "code", pe.code, "err", err, "sql", truncate(sql, 200))
	} else {
		log.Info("query failed", "code", pe.code, "err", pe.msg)
	}
	sess.send(pe.message())
	if sess.tx == 'T' {
		sess.tx = 'E'
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// logger is the part of slog.Logger the session uses.
type logger interface {
	Info(msg string, args ...any)
	Warn(msg string, args ...any)
}

// loop serves messages until the client terminates or the connection
// fails.
func (sess *session) loop(ctx context.Context, log logger) error {
	for {
		if err := sess.flush(); err != nil {
			return err
		}
		msg, err := sess.receive()
		if err != nil {
			var pe *pgError
			if !errors.As(err, &pe) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, net.ErrClosed) {
				// A malformed message: say so, then hang up, as the
				// stream can no longer be read.
				sess.send((&pgError{code: codeProtocolViolation, msg: "invalid message: " + err.Error()}).message())
				sess.flush()
			}
			return err
		}
		if _, ok := msg.(*pgproto3.Terminate); ok {
			return nil
		}
		if sess.skipSync {
			if _, ok := msg.(*pgproto3.Sync); !ok {
				continue
			}
		}
		switch m := msg.(type) {
		case *pgproto3.Query:
			sess.simpleQuery(ctx, m.String, log)
		case *pgproto3.Parse:
			err = sess.parse(ctx, m)
		case *pgproto3.Bind:
			err = sess.bind(m)
		case *pgproto3.Describe:
			err = sess.describe(ctx, m)
		case *pgproto3.Execute:
			err = sess.execute(ctx, m)
		case *pgproto3.Close:
			err = sess.closeMsg(m)
		case *pgproto3.Sync:
			sess.skipSync = false
			sess.dropUnnamed()
			sess.ready()
		case *pgproto3.Flush:
		case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
			// Left over from a failed COPY FROM: ignored, as PostgreSQL does.
		default:
			err = errorf(codeFeatureNotSupp, fmt.Sprintf("the message %T is not supported", msg))
		}
		if err != nil {
			var pe *pgError
			text := sess.textOf(msg)
			if !errors.As(err, &pe) && isConnError(err) {
				return err
			}
			sess.sendError(err, text, log)
			sess.skipSync = true
		}
	}
}

// textOf is the SQL text an extended-protocol message refers to, for
// the position of an error in it.
func (sess *session) textOf(msg pgproto3.FrontendMessage) string {
	var prep *prepared
	switch m := msg.(type) {
	case *pgproto3.Parse:
		return m.Query
	case *pgproto3.Bind:
		prep = sess.stmts[m.PreparedStatement]
	case *pgproto3.Describe:
		if m.ObjectType == 'S' {
			prep = sess.stmts[m.Name]
		} else if p := sess.portals[m.Name]; p != nil {
			prep = p.prep
		}
	case *pgproto3.Execute:
		if p := sess.portals[m.Portal]; p != nil {
			prep = p.prep
		}
	}
	if prep == nil {
		return ""
	}
	return prep.text
}

// receive reads the next message. pgproto3's decoders panic on some
// malformed messages (a Bind whose parameter length is negative): that
// is a malformed message, not a crash.
func (sess *session) receive() (msg pgproto3.FrontendMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg, err = nil, fmt.Errorf("malformed message: %v", r)
		}
	}()
	return sess.be.Receive()
}

// receiveStartup reads the startup packet, a malformed one being an
// error (see receive).
func (sess *session) receiveStartup() (msg pgproto3.FrontendMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg, err = nil, fmt.Errorf("malformed startup packet: %v", r)
		}
	}()
	return sess.be.ReceiveStartupMessage()
}

// isConnError tells a failure to write to the client from a query error.
func isConnError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrClosedPipe)
}

// closeAll ends the session's queries.
func (sess *session) closeAll() {
	for name, p := range sess.portals {
		p.close()
		delete(sess.portals, name)
	}
}

// dropUnnamed closes the unnamed portal at the end of an extended-query
// cycle outside a transaction block.
func (sess *session) dropUnnamed() {
	if p := sess.portals[""]; p != nil && sess.tx == 'I' {
		p.close()
		delete(sess.portals, "")
	}
}

// cancelQuery cancels the query running now (a CancelRequest).
func (sess *session) cancelQuery() {
	sess.mu.Lock()
	if sess.cancel != nil {
		sess.cancel()
	}
	sess.mu.Unlock()
}

// running marks the portal whose query runs now, for cancelQuery.
func (sess *session) running(p *portal) func() {
	sess.mu.Lock()
	sess.cancel = p.cancel
	sess.mu.Unlock()
	return func() {
		sess.mu.Lock()
		sess.cancel = nil
		sess.mu.Unlock()
	}
}

func (p *portal) close() {
	if p.rec != nil {
		p.rec.Release()
		p.rec = nil
	}
	if p.rows != nil {
		p.rows.Close()
		p.rows = nil
	}
	if p.cancel != nil {
		p.cancel()
	}
}

// statementTimeout is the session's statement_timeout.
func (sess *session) statementTimeout() time.Duration {
	d, err := parseTimeout(sess.param("statement_timeout"))
	if err != nil || d == 0 {
		return sess.srv.cfg.StatementTimeout
	}
	return d
}

// startPortal begins running a portal's query.
func (sess *session) startPortal(ctx context.Context, p *portal) error {
	p.started = true
	if p.prep.cmd != nil {
		if p.prep.cmd.kind == cmdCommit && sess.tx == 'E' {
			p.tag = "ROLLBACK" // a failed transaction block is rolled back
		}
		res, err := sess.runCommand(p.prep.cmd)
		if err != nil {
			p.done = true
			return err
		}
		p.result = res
		if res != nil {
			p.cols = res.cols
		}
		return nil
	}
	if p.prep.empty {
		p.done = true
		return nil
	}
	if sess.tx == 'E' {
		p.done = true
		return errorf(codeInFailedTx, "current transaction is aborted, commands ignored until end of transaction block")
	}
	ctx = withSession(ctx, sess)
	p.ctx, p.cancel = context.WithCancel(ctx)
	if d := sess.statementTimeout(); d > 0 {
		p.ctx, p.cancel = context.WithTimeout(ctx, d)
	}
	defer sess.running(p)()
	rows, err := p.prep.stmt.Query(p.ctx, p.args...)
	if err != nil {
		p.done = true
		return p.prep.engineError(err)
	}
	p.rows = rows
	p.cols = rows.Columns()
	if len(p.cols) > maxColumns {
		return tooManyColumns(len(p.cols))
	}
	if len(p.cols) == 0 {
		// DDL (CREATE VIEW, CREATE TABLE, DROP) may change the catalog.
		if err := sess.srv.cat.refresh(false); err != nil {
			sess.srv.log.Warn("refreshing the catalog", "err", err)
		}
	}
	return nil
}

// rowDescription describes columns in the given result formats.
func rowDescription(cols []types.Column, formats []int16) *pgproto3.RowDescription {
	rd := &pgproto3.RowDescription{Fields: make([]pgproto3.FieldDescription, len(cols))}
	for i, c := range cols {
		t := pgTypeOfColumn(c)
		rd.Fields[i] = pgproto3.FieldDescription{
			Name: []byte(c.Name), DataTypeOID: t.oid, DataTypeSize: t.size, TypeModifier: t.typmod,
			Format: formatOf(formats, i),
		}
	}
	return rd
}

// formatOf is the format of column i: formats has none (all text), one
// (for all) or one per column.
func formatOf(formats []int16, i int) int16 {
	switch len(formats) {
	case 0:
		return formatText
	case 1:
		return formats[0]
	}
	if i < len(formats) {
		return formats[i]
	}
	return formatText
}

// sendRows sends up to max rows of a started portal (all when max <= 0),
// and reports whether rows remain.
func (sess *session) sendRows(p *portal, max int64) (more bool, err error) {
	if p.result != nil {
		for len(p.result.rows) > 0 {
			if max > 0 && p.sent >= max {
				return true, nil
			}
			row := p.result.rows[0]
			p.result.rows = p.result.rows[1:]
			b := append(sess.out[:0], 'D', 0, 0, 0, 0)
			b = binary.BigEndian.AppendUint16(b, uint16(len(row)))
			for _, v := range row {
				if v == nil {
					b = binary.BigEndian.AppendUint32(b, 0xFFFFFFFF)
					continue
				}
				b = binary.BigEndian.AppendUint32(b, uint32(len(*v)))
				b = append(b, *v...)
			}
			binary.BigEndian.PutUint32(b[1:], uint32(len(b)-1))
			sess.out = b
			if _, err := sess.w.Write(b); err != nil {
				return false, err
			}
			p.sent++
		}
		p.done = true
		return false, nil
	}
	if p.rows == nil {
		p.done = true
		return false, nil
	}
	defer sess.running(p)()
	oids := make([]uint32, len(p.cols))
	for i, c := range p.cols {
		oids[i] = pgTypeOfColumn(c).oid
	}
	for {
		if p.rec == nil || p.next >= int(p.rec.NumRows()) {
			if p.rec != nil {
				p.rec.Release()
				p.rec = nil
			}
			rec, err := p.rows.Next(p.ctx)
			if err != nil {
				return false, err
			}
			if rec == nil {
				p.done = true
				return false, nil
			}
			p.rec, p.next = rec, 0
		}
		n := int(p.rec.NumRows())
		cols := p.rec.Columns()
		for ; p.next < n; p.next++ {
			if max > 0 && p.sent >= max {
				return true, nil
			}
			if p.copy != nil {
				if err := sess.copyLine(p, cols, oids); err != nil {
					return false, err
				}
				p.sent++
				continue
			}
			b := append(sess.out[:0], 'D', 0, 0, 0, 0)
			b = binary.BigEndian.AppendUint16(b, uint16(len(cols)))
			for c, arr := range cols {
				at := len(b)
				b = append(b, 0, 0, 0, 0)
				var null bool
				if formatOf(p.formats, c) == formatBinary {
					b, null, err = appendBinary(b, arr, p.next, oids[c])
					if err != nil {
						return false, err
					}
				} else {
					if err := checkRange(arr, p.next, oids[c]); err != nil {
						return false, err
					}
					b, null = appendText(b, arr, p.next, oids[c], sess.regText)
				}
				if null {
					binary.BigEndian.PutUint32(b[at:], 0xFFFFFFFF)
				} else {
					binary.BigEndian.PutUint32(b[at:], uint32(len(b)-at-4))
				}
			}
			binary.BigEndian.PutUint32(b[1:], uint32(len(b)-1))
			sess.out = b
			if _, err := sess.w.Write(b); err != nil {
				return false, err
			}
			p.sent++
		}
	}
}

// regText writes a reg* value (as appendText asks).
func (sess *session) regText(typ uint32, v int64) string {
	return sess.srv.cat.regText(typ, v, sess.user)
}

// copyLine sends row p.next of cols as a COPY line.
func (sess *session) copyLine(p *portal, cols []arrow.Array, oids []uint32) error {
	b := append(sess.out[:0], 'd', 0, 0, 0, 0)
	for c, arr := range cols {
		if c > 0 {
			b = append(b, p.copy.Delimiter...)
		}
		if err := checkRange(arr, p.next, oids[c]); err != nil {
			return err
		}
		var null bool
		sess.val, null = appendText(sess.val[:0], arr, p.next, oids[c], sess.regText)
		b = appendCopyField(b, sess.val, null, p.copy)
	}
	b = append(b, '\n')
	binary.BigEndian.PutUint32(b[1:], uint32(len(b)-1))
	sess.out = b
	_, err := sess.w.Write(b)
	return err
}

// commandTag is the CommandComplete tag of a finished portal.
func commandTag(p *portal) string {
	if p.tag != "" {
		return p.tag
	}
	if p.prep.cmd != nil {
		return p.prep.cmd.tag
	}
	if p.cols != nil {
		return fmt.Sprintf("SELECT %d", p.sent)
	}
	return statementTag(p.prep.text)
}

// statementTag is the tag of an engine statement without rows: its
// leading keywords (CREATE VIEW, DROP TABLE, SET).
func statementTag(sql string) string {
	f := strings.Fields(strings.ToUpper(sql))
	switch {
	case len(f) == 0:
		return ""
	case (f[0] == "CREATE" || f[0] == "DROP") && len(f) > 1:
		if f[1] == "OR" && len(f) > 3 { // CREATE OR REPLACE VIEW
			return f[0] + " " + f[3]
		}
		return f[0] + " " + f[1]
	case f[0] == "LOAD":
		return "COPY 0"
	}
	return f[0]
}
