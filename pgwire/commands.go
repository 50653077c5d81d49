package pgwire

import (
	"fmt"
	"strings"

	"github.com/jackc/pgproto3/v2"

	"github.com/sqlcsv/sqlcsv/sql/pgdialect"

	"github.com/sqlcsv/sqlcsv/sql/types"
)

// commandKind is a statement the server runs itself: transaction
// control and session settings.
type commandKind int

const (
	cmdBegin commandKind = iota + 1
	cmdCommit
	cmdRollback
	cmdRollbackTo // ROLLBACK TO SAVEPOINT: a failed block goes on
	cmdSet
	cmdShow
	cmdReset
	cmdDiscard
	cmdDeallocate
	cmdNoop // accepted and ignored: SET TRANSACTION, LISTEN, ...
	cmdCopy
	cmdDeclare
	cmdFetch
	cmdCloseCursor
)

// command is a parsed server-run statement.
type command struct {
	kind  commandKind
	name  string // the setting (SET, SHOW, RESET), the statement (DEALLOCATE); "all" for ALL
	value string // SET's value; "" with def for DEFAULT
	def   bool   // SET x TO DEFAULT
	tag   string // CommandComplete tag

	query string                // COPY's and DECLARE's query, in PostgreSQL's dialect
	copy  pgdialect.CopyOptions // COPY's

	binary bool  // DECLARE ... BINARY CURSOR
	hold   bool  // WITH HOLD: the cursor outlives its transaction
	count  int64 // FETCH's row count; 0 for ALL
}

// columns is the result columns of the command (nil: no rows).
func (c *command) columns() []types.Column {
	if c.kind != cmdShow {
		return nil
	}
	if c.name == "all" {
		return []types.Column{{Name: "name", Type: types.VarcharType}, {Name: "setting", Type: types.VarcharType}, {Name: "description", Type: types.VarcharType}}
	}
	return []types.Column{{Name: strings.ToLower(c.name), Type: types.VarcharType}}
}

// runCommand runs a server-run statement, returning its rows (SHOW).
func (sess *session) runCommand(c *command) (*result, error) {
	if sess.tx == 'E' && c.kind != cmdCommit && c.kind != cmdRollback && c.kind != cmdRollbackTo {
		return nil, errorf(codeInFailedTx, "current transaction is aborted, commands ignored until end of transaction block")
	}
	switch c.kind {
	case cmdCopy, cmdDeclare, cmdFetch, cmdCloseCursor:
		return nil, errorf(codeInternal, "internal error: a COPY or cursor statement run as a command")
	case cmdBegin:
		if sess.tx != 'I' {
			sess.notice("25001", "there is already a transaction in progress")
		}
		sess.tx = 'T'
	case cmdCommit:
		switch sess.tx {
		case 'I':
			sess.notice("25P01", "there is no transaction in progress")
		}
		sess.tx = 'I'
		sess.closeCursors()
	case cmdRollback:
		if sess.tx == 'I' {
			sess.notice("25P01", "there is no transaction in progress")
		}
		sess.tx = 'I'
		sess.closeCursors()
	case cmdRollbackTo:
		if sess.tx == 'I' {
			return nil, errorf("25P01", "ROLLBACK TO SAVEPOINT can only be used in transaction blocks")
		}
		sess.tx = 'T'
	case cmdSet:
		if c.def {
			sess.set.reset(c.name)
		} else if err := sess.set.set(c.name, c.value); err != nil {
			return nil, err
		}
		sess.reportSetting(c.name)
	case cmdReset:
		if c.name == "all" {
			sess.set.resetAll()
			for name := range reported {
				sess.reportSetting(name)
			}
		} else {
			sess.set.reset(c.name)
			sess.reportSetting(c.name)
		}
	case cmdShow:
		if c.name == "all" {
			res := &result{cols: c.columns()}
			for _, kv := range sess.set.all() {
				name, value, desc := kv[0], kv[1], ""
				res.rows = append(res.rows, []*string{&name, &value, &desc})
			}
			return res, nil
		}
		v, _, ok := sess.set.get(c.name)
		if !ok {
			return nil, errorf(codeUndefinedObject, fmt.Sprintf("unrecognized configuration parameter %q", c.name))
		}
		return &result{cols: c.columns(), rows: [][]*string{{&v}}}, nil
	case cmdDiscard:
		if sess.tx != 'I' {
			return nil, errorf("25001", "DISCARD ALL cannot run inside a transaction block")
		}
		sess.closeAll()
		sess.stmts = map[string]*prepared{}
		sess.set.resetAll()
	case cmdDeallocate:
		if c.name == "all" {
			sess.stmts = map[string]*prepared{}
		} else if _, ok := sess.stmts[c.name]; !ok {
			return nil, errorf(codeInvalidSQLStmtName, fmt.Sprintf("prepared statement %q does not exist", c.name))
		} else {
			delete(sess.stmts, c.name)
		}
	}
	return nil, nil
}

// reportSetting sends a ParameterStatus for a reported setting.
func (sess *session) reportSetting(name string) {
	if spelling, ok := isReported(name); ok {
		sess.send(&pgproto3.ParameterStatus{Name: spelling, Value: sess.param(spelling)})
	}
}

// notice sends a WARNING.
func (sess *session) notice(code, msg string) {
	sess.send(&pgproto3.NoticeResponse{Severity: "WARNING", SeverityUnlocalized: "WARNING", Code: code, Message: msg})
}
