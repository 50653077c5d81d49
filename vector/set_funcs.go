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
			return SetIterFunc(func() (any, bool, error) { return nil, false, nil }), nil
		}
	}
	s := &series{cur: args[0].(int64), stop: args[1].(int64), step: 1}
	if len(args) > 2 {
		s.step = args[2].(int64)
	}
	if s.step == 0 {
		return nil, errors.New("step size cannot equal zero")
	}
	return s, nil
}

// series is generate_series's values.
type series struct {
	cur, stop, step int64
	done            bool
}

// Next implements SetIter.
func (s *series) Next() (any, bool, error) {
	var v [1]int64
	if s.nextInts(v[:]) == 0 {
		return nil, false, nil
	}
	return v[0], true, nil
}

// nextInts implements intSeries.
func (s *series) nextInts(dst []int64) int {
	n := 0
	for n < len(dst) && !s.done {
		if (s.step > 0 && s.cur > s.stop) || (s.step < 0 && s.cur < s.stop) {
			s.done = true
			break
		}
		dst[n] = s.cur
		n++
		next := s.cur + s.step
		if (s.step > 0 && next < s.cur) || (s.step < 0 && next > s.cur) {
			s.done = true // the next value would overflow: this was the last
		}
		s.cur = next
	}
	return n
}
