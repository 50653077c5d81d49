package sqlcsv

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/sqlcsv/sqlcsv/sql/binder"
	"github.com/sqlcsv/sqlcsv/sql/catalog"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// Function is a scalar SQL function written in Go, which the queries of
// the DB it is registered with (DB.RegisterFunction) call like a built-in
// function, anywhere an expression may be.
//
// Values are passed and returned as Go values: nil for NULL, int64 for
// BIGINT, float64 for DOUBLE, string for VARCHAR, bool for BOOLEAN,
// time.Time in UTC for DATE (at midnight) and TIMESTAMP, and for DECIMAL
// its exact text ("12.50"). Eval may also return any Go integer (or its
// decimal text) for a
// BIGINT result, any Go number for DOUBLE, a []byte for VARCHAR, a
// string, Decimal, integer or float64 for DECIMAL, and a time.Time in any
// location (its wall clock is taken).
type Function struct {
	// Name is how SQL calls the function, compared case-insensitively:
	// letters, digits and underscores, not starting with a digit. It
	// cannot be the name of a built-in function.
	Name string
	// Args are the argument types. A call's arguments are converted to
	// them as a built-in function's are: numbers widen (BIGINT to DOUBLE
	// or to a wide enough DECIMAL), DATE becomes TIMESTAMP, BOOLEAN a
	// number, a NULL or a string literal anything; another type fails the
	// call, with a hint to CAST.
	Args []types.Type
	// AnyArgs makes the function take from MinArgs to MaxArgs arguments
	// (MaxArgs < 0: any number) of any type, passed as they are (a NULL
	// literal as a VARCHAR); Args must then be nil. Without AnyArgs,
	// MinArgs and MaxArgs must be 0.
	AnyArgs          bool
	MinArgs, MaxArgs int
	// Result is the type of the function's value.
	Result types.Type
	// ResultTag, if set, is the tag (types.Column.Tag) of a result column
	// that is a call of the function, as a table column's tag is.
	ResultTag string
	// Volatile is for a function that may return different values for
	// the same arguments within one statement (a counter, a clock): it is
	// called once per row it is evaluated for, and two calls written
	// alike are not computed once. A function that is not volatile and
	// whose arguments are constants is called once, when the statement
	// is planned (by Query, Stmt.Columns or EXPLAIN too), and its value
	// used for every row.
	Volatile bool
	// Eval computes the function's value for one row. ctx is the context
	// the statement was run with (DB.Query, Stmt.Query, ...), so it can
	// carry a session's state. Eval may be called from several goroutines
	// at once, and must not keep args. An error (or a panic) fails the
	// query, with the function's name.
	Eval func(ctx context.Context, args []any) (any, error)
	// Rows, set instead of Eval, makes a set-returning function, as
	// generate_series is: a call yields rows, one per value Rows returns
	// (each of Result's type, as Eval's). It is called in FROM, or at the
	// top of a select-list expression, where each input row is repeated
	// once per value (and dropped when there is none).
	Rows func(ctx context.Context, args []any) ([]any, error)
	// ResultFor, if set, chooses the type and tag of a call's value from
	// the tags of its arguments (types.Column.Tag of the columns they
	// are, or the tag a function call gives; "" for others), in place of
	// Result and ResultTag: an array function's element type, say.
	ResultFor func(argTags []string) (types.Type, string)
}

// ErrBuiltinFunction is the error of registering a function under the name
// of a built-in one.
var ErrBuiltinFunction = errors.New("the name of a built-in function")

var functionName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// RegisterFunction makes f callable by the DB's queries. A function name
// may have several overloads that take different numbers of arguments
// (format_type(oid, typmod) and format_type(oid)); registering one that
// takes a number of arguments an overload of that name already takes
// replaces that overload. Queries already planned keep the function they
// were planned with.
func (db *DB) RegisterFunction(f Function) error {
	if db.isClosed() {
		return ErrClosed
	}
	cf, err := checkFunction(f)
	if err != nil {
		return fmt.Errorf("RegisterFunction %s: %w", f.Name, err)
	}
	db.cat.RegisterFunction(cf)
	return nil
}

// checkFunction checks f and returns it as the catalog holds it.
func checkFunction(f Function) (*catalog.Function, error) {
	switch {
	case !functionName.MatchString(f.Name):
		return nil, errors.New("the name must be letters, digits and underscores, not starting with a digit")
	case binder.IsBuiltin(f.Name):
		return nil, ErrBuiltinFunction
	case f.Eval == nil && f.Rows == nil:
		return nil, errors.New("Eval is nil")
	case f.Eval != nil && f.Rows != nil:
		return nil, errors.New("both Eval and Rows are set: a function returns a value or rows")
	}
	if err := checkType(f.Result); err != nil {
		return nil, fmt.Errorf("result: %w", err)
	}
	for i, t := range f.Args {
		if err := checkType(t); err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
	}
	if f.AnyArgs {
		if f.Args != nil {
			return nil, errors.New("AnyArgs with Args: leave Args nil")
		}
		if f.MinArgs < 0 || f.MaxArgs >= 0 && f.MaxArgs < f.MinArgs {
			return nil, fmt.Errorf("MinArgs %d and MaxArgs %d: want 0 <= MinArgs <= MaxArgs, or MaxArgs < 0 for no limit", f.MinArgs, f.MaxArgs)
		}
	} else if f.MinArgs != 0 || f.MaxArgs != 0 {
		return nil, errors.New("MinArgs and MaxArgs are for AnyArgs; Args sets the count")
	}
	cf := &catalog.Function{
		Name:      strings.ToLower(f.Name),
		Args:      append([]types.Type(nil), f.Args...),
		AnyArgs:   f.AnyArgs,
		MinArgs:   f.MinArgs,
		MaxArgs:   f.MaxArgs,
		Result:    f.Result,
		ResultTag: f.ResultTag,
		Volatile:  f.Volatile,
		ResultFor: f.ResultFor,
	}
	if eval := f.Eval; eval != nil {
		cf.Eval = func(ctx context.Context, args []any) (any, error) {
			v, err := eval(ctx, args)
			if d, ok := v.(Decimal); ok {
				v = string(d)
			}
			return v, err
		}
	} else {
		rows := f.Rows
		cf.Rows = func(ctx context.Context, args []any) ([]any, error) {
			vs, err := rows(ctx, args)
			for i, v := range vs {
				if d, ok := v.(Decimal); ok {
					vs[i] = string(d)
				}
			}
			return vs, err
		}
	}
	return cf, nil
}

// checkType checks that t is the type of SQL values.
func checkType(t types.Type) error {
	switch t.ID {
	case types.Boolean, types.Bigint, types.Double, types.Varchar, types.Date, types.Timestamp:
		return nil
	case types.Decimal:
		if _, err := types.NewDecimal(int(t.Precision), int(t.Scale)); err != nil {
			return err
		}
		return nil
	}
	return fmt.Errorf("type %s is not a SQL value's", t)
}
