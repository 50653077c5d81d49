package pgwire

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/jackc/pgproto3/v2"

	"github.com/sqlcsv/sqlcsv/sql/pgdialect"
)

// The statements that stream rows outside the extended protocol's
// portals: COPY (query) TO STDOUT, and the cursors of DECLARE, FETCH,
// MOVE and CLOSE (which are portals, named).

// isStreaming says whether a command sends its own messages.
func (c *command) isStreaming() bool {
	switch c.kind {
	case cmdCopy, cmdDeclare, cmdFetch, cmdCloseCursor:
		return true
	}
	return false
}

// runStreaming runs a COPY or cursor statement, sending its messages up
// to and including CommandComplete. ext is the extended protocol's portal
// that runs it (nil in a simple query): a FETCH then sends no
// RowDescription (Describe did) and sends its rows in ext's formats.
func (sess *session) runStreaming(ctx context.Context, c *command, ext *portal) error {
	if sess.tx == 'E' {
		return errorf(codeInFailedTx, "current transaction is aborted, commands ignored until end of transaction block")
	}
	switch c.kind {
	case cmdCopy:
		n, err := sess.copyOut(ctx, c)
		if err != nil {
			return err
		}
		sess.complete(fmt.Sprintf("COPY %d", n))
	case cmdDeclare:
		if sess.tx == 'I' && !c.hold {
			return errorf("25P01", "DECLARE CURSOR can only be used in transaction blocks")
		}
		if _, dup := sess.portals[c.name]; dup {
			return errorf("42P03", fmt.Sprintf("cursor %q already exists", c.name))
		}
		prep, err := sess.prepareQuery(c.query, nil)
		if err != nil {
			return err
		}
		p := &portal{prep: prep, cursor: true, hold: c.hold}
		if c.binary {
			p.formats = []int16{formatBinary}
		}
		sess.portals[c.name] = p
		sess.complete("DECLARE CURSOR")
	case cmdFetch:
		p := sess.portals[c.name]
		if p == nil {
			return errorf(codeInvalidCursor, fmt.Sprintf("cursor %q does not exist", c.name))
		}
		if !p.started {
			if err := sess.startPortal(ctx, p); err != nil {
				return err
			}
		}
		if p.cols != nil && ext == nil {
			sess.send(rowDescription(p.cols, p.formats))
		}
		before := p.sent
		limit := int64(0)
		if c.count > 0 {
			limit = p.sent + c.count
		}
		formats := p.formats
		if ext != nil {
			p.formats = ext.formats
		}
		_, err := sess.sendRows(p, limit)
		p.formats = formats
		if err != nil {
			return err
		}
		sess.complete(fmt.Sprintf("%s %d", c.tag, p.sent-before))
	case cmdCloseCursor:
		if c.name == "all" {
			for name, p := range sess.portals {
				if p.cursor {
					p.close()
					delete(sess.portals, name)
				}
			}
		} else {
			p := sess.portals[c.name]
			if p == nil {
				return errorf(codeInvalidCursor, fmt.Sprintf("cursor %q does not exist", c.name))
			}
			p.close()
			delete(sess.portals, c.name)
		}
		sess.complete(c.tag)
	}
	return nil
}

func (sess *session) complete(tag string) {
	sess.send(&pgproto3.CommandComplete{CommandTag: []byte(tag)})
}

// closeCursors closes the cursors a transaction's end ends (all but those
// declared WITH HOLD).
func (sess *session) closeCursors() {
	for name, p := range sess.portals {
		if p.cursor && !p.hold {
			p.close()
			delete(sess.portals, name)
		}
	}
}

// copyOut streams COPY (query) TO STDOUT: CopyOutResponse, a CopyData
// per row (after a header in CSV with HEADER), CopyDone. It returns the
// number of rows.
func (sess *session) copyOut(ctx context.Context, c *command) (int64, error) {
	prep, err := sess.prepareQuery(c.query, nil)
	if err != nil {
		return 0, err
	}
	p := &portal{prep: prep}
	defer p.close()
	if err := sess.startPortal(ctx, p); err != nil {
		return 0, err
	}
	sess.send(&pgproto3.CopyOutResponse{OverallFormat: 0, ColumnFormatCodes: make([]uint16, len(p.cols))})
	if c.copy.Format == "csv" && c.copy.Header {
		line := sess.out[:0]
		line = append(line, 'd', 0, 0, 0, 0)
		for i, col := range p.cols {
			if i > 0 {
				line = append(line, c.copy.Delimiter...)
			}
			line = appendCSV(line, []byte(col.Name), &c.copy, false)
		}
		line = append(line, '\n')
		binary.BigEndian.PutUint32(line[1:], uint32(len(line)-1))
		sess.out = line
		sess.w.Write(line)
	}
	p.copy = &c.copy
	if _, err := sess.sendRows(p, 0); err != nil {
		return 0, err
	}
	sess.send(&pgproto3.CopyDone{})
	return p.sent, nil
}

// appendCopyField appends one field of a COPY line: NULL as the NULL
// string, else the text escaped (text format) or quoted when it must be
// (CSV).
func appendCopyField(dst, val []byte, null bool, o *pgdialect.CopyOptions) []byte {
	if null {
		return append(dst, o.Null...)
	}
	if o.Format == "csv" {
		return appendCSV(dst, val, o, string(val) == o.Null)
	}
	delim := o.Delimiter[0]
	for _, b := range val {
		switch b {
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			if b == delim {
				dst = append(dst, '\\')
			}
			dst = append(dst, b)
		}
	}
	return dst
}

// appendCSV appends a CSV field, quoted when it holds the delimiter, the
// quote, a line break, or when force is set (a value that would read as
// NULL); a quote (and the escape character, when it differs) inside is
// escaped.
func appendCSV(dst, val []byte, o *pgdialect.CopyOptions, force bool) []byte {
	delim, quote, escape := o.Delimiter[0], o.Quote[0], o.Escape[0]
	quoted := force
	for _, b := range val {
		if b == delim || b == quote || b == '\n' || b == '\r' || b == escape {
			quoted = true
			break
		}
	}
	if !quoted {
		return append(dst, val...)
	}
	dst = append(dst, quote)
	for _, b := range val {
		if b == quote || b == escape {
			dst = append(dst, escape)
		}
		dst = append(dst, b)
	}
	return append(dst, quote)
}
