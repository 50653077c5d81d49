package binder

import (
	"github.com/sqlcsv/sqlcsv/sql/plan"
	"github.com/sqlcsv/sqlcsv/sql/types"
	"github.com/sqlcsv/sqlcsv/vector/timefmt"
)

// The date and time functions.

func init() {
	register(
		funcDef{name: "str_to_date", minArgs: 2, maxArgs: 2, bind: bindStrToDate},
		funcDef{name: "date_format", minArgs: 2, maxArgs: 2, bind: bindDateFormat},
	)
	for _, part := range []string{"year", "month", "day", "quarter", "dayofyear", "dayofweek", "hour", "minute", "second", "microsecond"} {
		d := funcDef{name: part, minArgs: 1, maxArgs: 1, bind: bindDatePart}
		if part == "day" {
			d.aliases = []string{"dayofmonth"}
		}
		register(d)
	}
}

func bindStrToDate(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	lit, ok := args[1].(*plan.Literal)
	if !ok || lit.T.ID != types.Varchar || lit.Value == nil {
		return nil, ferr("write the format as a string literal, e.g. '%m/%d/%Y'", "STR_TO_DATE: the format must be a constant string")
	}
	f, err := timefmt.Compile(lit.Value.(string))
	if err != nil {
		return nil, ferr("see MySQL's DATE_FORMAT specifiers", "STR_TO_DATE: %v", err)
	}
	t := types.DateType
	if f.HasTime() {
		t = types.TimestampType
	}
	return c.call(t, wantText(args[0]), args[1]), nil
}

func bindDateFormat(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	lit, ok := args[1].(*plan.Literal)
	if !ok || lit.T.ID != types.Varchar || lit.Value == nil {
		return nil, ferr("", "DATE_FORMAT: the format must be a constant string")
	}
	if _, err := timefmt.Compile(lit.Value.(string)); err != nil {
		return nil, ferr("", "DATE_FORMAT: %v", err)
	}
	x, err := wantTemporal(c.name, 0, args[0], args[0].Type().ID == types.Varchar)
	if err != nil {
		return nil, err
	}
	return c.call(types.VarcharType, x, args[1]), nil
}

// bindDatePart types YEAR(x) and the like: a BIGINT field of a date or
// timestamp.
func bindDatePart(c *callEnv, args []plan.Expr) (plan.Expr, error) {
	tod := c.name == "hour" || c.name == "minute" || c.name == "second" || c.name == "microsecond"
	x, err := wantTemporal(c.name, 0, args[0], tod)
	if err != nil {
		return nil, err
	}
	return c.call(types.BigintType, x), nil
}
