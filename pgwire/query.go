package pgwire

import (
	"context"
	"fmt"

	"github.com/jackc/pgproto3/v2"

	"github.com/sqlcsv/sqlcsv/sql/pgdialect"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// simpleQuery runs the statements of a Query message, stopping at the
// first error, and ends with ReadyForQuery.
func (sess *session) simpleQuery(ctx context.Context, text string, log logger) {
	defer sess.ready()
	stmts, err := statements(text)
	if err != nil {
		sess.sendError(err, text, log)
		return
	}
	if len(stmts) == 0 {
		sess.send(&pgproto3.EmptyQueryResponse{})
		return
	}
	for _, c := range stmts {
		st := c.Text
		prep, err := sess.prepare(c, nil)
		if err != nil {
			sess.sendError(err, st, log)
			return
		}
		if prep.cmd != nil && prep.cmd.isStreaming() {
			if err := sess.runStreaming(ctx, prep.cmd, nil); err != nil {
				sess.sendError(err, st, log)
				return
			}
			continue
		}
		p := &portal{prep: prep}
		err = sess.startPortal(ctx, p)
		if err == nil && prep.empty {
			sess.send(&pgproto3.EmptyQueryResponse{})
			continue
		}
		if err == nil {
			if p.cols != nil {
				sess.send(rowDescription(p.cols, nil))
			}
			_, err = sess.sendRows(p, 0)
		}
		p.close()
		if err != nil {
			sess.sendError(err, st, log)
			return
		}
		sess.send(&pgproto3.CommandComplete{CommandTag: []byte(commandTag(p))})
	}
}

// prepare reads one statement: a command the server runs itself, or an
// engine statement, rewritten from PostgreSQL's dialect and prepared.
func (sess *session) prepare(c pgdialect.Command, oids []uint32) (*prepared, error) {
	p := &prepared{text: c.Text}
	cmd, err := toCommand(c)
	if err != nil {
		return nil, err
	}
	if cmd != nil {
		p.cmd = cmd
		return p, nil
	}
	return sess.prepareQuery(c.Text, oids)
}

// prepareQuery rewrites a query for the engine and prepares it.
func (sess *session) prepareQuery(text string, oids []uint32) (*prepared, error) {
	p := &prepared{text: text}
	r, err := rewrite(text)
	if err != nil {
		return nil, err
	}
	if r.NumParams > maxParams || len(oids) > maxParams {
		return nil, errorf("54000", fmt.Sprintf("a statement may have at most %d parameters", maxParams))
	}
	stmt, err := sess.srv.cfg.DB.Prepare(r.sql)
	if err != nil {
		return nil, mapOffsets(err, r, text)
	}
	p.stmt = stmt
	p.rw = &r
	p.params = r.Params
	p.paramOIDs = make([]uint32, max(r.NumParams, len(oids)))
	copy(p.paramOIDs, oids)
	if err := sess.inferParams(p); err != nil {
		return nil, err
	}
	return p, nil
}

// inferParams gives the parameters whose type the client left open (OID
// 0) the type their context in the query gives them, as PostgreSQL does;
// one whose context says nothing stays 0.
func (sess *session) inferParams(p *prepared) error {
	open := false
	for _, oid := range p.paramOIDs {
		open = open || oid == 0
	}
	if !open {
		return nil
	}
	ts, err := p.stmt.ParamTypes(withSession(context.Background(), sess))
	if err != nil {
		return p.engineError(err)
	}
	for i, n := range p.params {
		if p.paramOIDs[n-1] != 0 || ts[i].ID == types.Unknown {
			continue
		}
		p.paramOIDs[n-1] = pgTypeOf(ts[i]).oid
	}
	return nil
}

// PostgreSQL's limits on a statement's parameters and a result's
// columns (the protocol counts both in 16 bits).
const (
	maxParams  = 65535
	maxColumns = 1664
)

func tooManyColumns(n int) error {
	return errorf("54011", fmt.Sprintf("a result may have at most %d columns; this one has %d", maxColumns, n))
}

// parse serves a Parse message.
func (sess *session) parse(ctx context.Context, m *pgproto3.Parse) error {
	if m.Name != "" {
		if _, dup := sess.stmts[m.Name]; dup {
			return errorf(codeDuplicatePrepared, fmt.Sprintf("prepared statement %q already exists", m.Name))
		}
	}
	stmts, err := statements(m.Query)
	if err != nil {
		return err
	}
	var prep *prepared
	switch len(stmts) {
	case 0:
		prep = &prepared{text: m.Query, empty: true}
	case 1:
		prep, err = sess.prepare(stmts[0], m.ParameterOIDs)
		if err != nil {
			return err
		}
	default:
		return errorf(codeSyntax, "cannot insert multiple commands into a prepared statement")
	}
	sess.stmts[m.Name] = prep
	sess.send(&pgproto3.ParseComplete{})
	return nil
}

// bind serves a Bind message: the statement's parameters decoded into a
// portal.
func (sess *session) bind(m *pgproto3.Bind) error {
	prep := sess.stmts[m.PreparedStatement]
	if prep == nil {
		return errorf(codeInvalidStatement, fmt.Sprintf("prepared statement %q does not exist", m.PreparedStatement))
	}
	if len(m.Parameters) != len(prep.paramOIDs) {
		return errorf(codeProtocolViolation, fmt.Sprintf("bind message supplies %d parameters, but prepared statement %q requires %d",
			len(m.Parameters), m.PreparedStatement, len(prep.paramOIDs)))
	}
	if n := len(m.ParameterFormatCodes); n > 1 && n != len(m.Parameters) {
		return errorf(codeProtocolViolation, fmt.Sprintf("bind message has %d parameter formats but %d parameters", n, len(m.Parameters)))
	}
	values := make([]any, len(m.Parameters))
	for i, raw := range m.Parameters {
		v, err := decodeParam(raw, prep.paramOIDs[i], formatOf(m.ParameterFormatCodes, i))
		if err != nil {
			return &pgError{code: codeInvalidText, msg: fmt.Sprintf("parameter $%d: %v", i+1, err)}
		}
		values[i] = v
	}
	args := make([]any, len(prep.params))
	for i, n := range prep.params {
		args[i] = values[n-1]
	}
	if m.DestinationPortal != "" {
		if _, dup := sess.portals[m.DestinationPortal]; dup {
			return errorf("42P03", fmt.Sprintf("cursor %q already exists", m.DestinationPortal))
		}
	} else if old := sess.portals[""]; old != nil {
		old.close()
	}
	sess.portals[m.DestinationPortal] = &portal{prep: prep, args: args, formats: append([]int16(nil), m.ResultFormatCodes...)}
	sess.send(&pgproto3.BindComplete{})
	return nil
}

// describe serves a Describe message of a statement or a portal.
func (sess *session) describe(ctx context.Context, m *pgproto3.Describe) error {
	switch m.ObjectType {
	case 'S':
		prep := sess.stmts[m.Name]
		if prep == nil {
			return errorf(codeInvalidStatement, fmt.Sprintf("prepared statement %q does not exist", m.Name))
		}
		sess.send(&pgproto3.ParameterDescription{ParameterOIDs: append([]uint32{}, prep.paramOIDs...)})
		cols, err := sess.columnsOf(ctx, &portal{prep: prep, args: make([]any, len(prep.params))})
		if err != nil {
			return err
		}
		if cols == nil {
			sess.send(&pgproto3.NoData{})
		} else {
			sess.send(rowDescription(cols, nil))
		}
	case 'P':
		p := sess.portals[m.Name]
		if p == nil {
			return errorf(codeInvalidCursor, fmt.Sprintf("portal %q does not exist", m.Name))
		}
		cols, err := sess.columnsOf(ctx, p)
		if err != nil {
			return err
		}
		if cols == nil {
			sess.send(&pgproto3.NoData{})
		} else {
			sess.send(rowDescription(cols, p.formats))
		}
	default:
		return errorf(codeProtocolViolation, fmt.Sprintf("invalid DESCRIBE message subtype %d", m.ObjectType))
	}
	return nil
}

// columnsOf is the result columns of a portal (nil: no rows), without
// running it.
func (sess *session) columnsOf(ctx context.Context, p *portal) ([]types.Column, error) {
	if p.started || p.cols != nil {
		return p.cols, nil
	}
	switch {
	case p.prep.empty:
		return nil, nil
	case p.prep.cmd != nil && p.prep.cmd.kind == cmdFetch:
		// A FETCH returns its cursor's columns.
		if cur := sess.portals[p.prep.cmd.name]; cur != nil && cur.cursor {
			return sess.columnsOf(ctx, cur)
		}
		return nil, nil
	case p.prep.cmd != nil:
		return p.prep.cmd.columns(), nil
	}
	cols, err := p.prep.stmt.Columns(withSession(ctx, sess), p.args...)
	if err != nil {
		return nil, p.prep.engineError(err)
	}
	if len(cols) > maxColumns {
		return nil, tooManyColumns(len(cols))
	}
	p.cols = cols
	return cols, nil
}

// execute serves an Execute message: up to MaxRows rows of the portal,
// then PortalSuspended, or all and CommandComplete.
func (sess *session) execute(ctx context.Context, m *pgproto3.Execute) error {
	p := sess.portals[m.Portal]
	if p == nil {
		return errorf(codeInvalidCursor, fmt.Sprintf("portal %q does not exist", m.Portal))
	}
	if c := p.prep.cmd; c != nil && c.isStreaming() {
		// COPY and cursor statements send their own messages, up to
		// CommandComplete; a FETCH's rows in this portal's formats (its
		// RowDescription answered Describe).
		if p.started {
			return errorf(codeInvalidCursor, fmt.Sprintf("portal %q cannot be run again", m.Portal))
		}
		p.started, p.done = true, true
		return sess.runStreaming(ctx, c, p)
	}
	if !p.started {
		if err := sess.startPortal(ctx, p); err != nil {
			return err
		}
	}
	if p.prep.empty {
		sess.send(&pgproto3.EmptyQueryResponse{})
		return nil
	}
	more, err := sess.sendRows(p, int64(m.MaxRows)+p.sent*boolInt(m.MaxRows > 0))
	if err != nil {
		return err
	}
	if more {
		sess.send(&pgproto3.PortalSuspended{})
		return nil
	}
	sess.send(&pgproto3.CommandComplete{CommandTag: []byte(commandTag(p))})
	return nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// closeMsg serves a Close message.
func (sess *session) closeMsg(m *pgproto3.Close) error {
	switch m.ObjectType {
	case 'S':
		delete(sess.stmts, m.Name)
	case 'P':
		if p := sess.portals[m.Name]; p != nil {
			p.close()
			delete(sess.portals, m.Name)
		}
	default:
		return errorf(codeProtocolViolation, fmt.Sprintf("invalid CLOSE message subtype %d", m.ObjectType))
	}
	sess.send(&pgproto3.CloseComplete{})
	return nil
}
