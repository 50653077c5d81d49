package vector

import (
	"context"
	"errors"
)

// The built-in set-returning functions, by the names of the calls the
// binder builds (their Open functions; see SetFunc).
var setFuncs = map[string]func(ctx context.Context, args []any) (SetIter, error){
	"generate_series": generateSeries,
}

// SetFuncOpen returns the Open function of the built-in set-returning
// function name.
func SetFuncOpen(name string) (func(ctx context.Context, args []any) (SetIter, error), bool) {
	f, ok := setFuncs[name]
	return f, ok
}

// SetFuncNames returns the names of the built-in set-returning functions.
func SetFuncNames() []string {
	out := make([]string, 0, len(setFuncs))
	for n := range setFuncs {
		out = append(out, n)
	}
	return out
}

// generateSeries yields start, start+step, ... while not past stop (step
// 1 by default; counting down with a negative step); nothing when an
// argument is NULL.
func generateSeries(_ context.Context, args []any) (SetIter, error) {
	for _, a := range args {
		if a == nil {
			return func() (any, bool, error) { return nil, false, nil }, nil
		}
	}
	cur, stop, step := args[0].(int64), args[1].(int64), int64(1)
	if len(args) > 2 {
		step = args[2].(int64)
	}
	if step == 0 {
		return nil, errors.New("step size cannot equal zero")
	}
	done := false
	return func() (any, bool, error) {
		if done || (step > 0 && cur > stop) || (step < 0 && cur < stop) {
			return nil, false, nil
		}
		v := cur
		next := cur + step
		if (step > 0 && next < cur) || (step < 0 && next > cur) {
			done = true // the next value would overflow: v is the last
		}
		cur = next
		return v, true, nil
	}, nil
}
