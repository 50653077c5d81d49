package vector

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/bitutil"
	"github.com/sqlcsv/sqlcsv/sql/types"
)

// More string kernels. Positions and lengths count characters (UTF-8 code
// points) from 1, as in MySQL; matching is case-sensitive, as LIKE's is.

func init() {
	registerKernel(simple(locateKernel), "locate")
	registerKernel(padKernel, "lpad", "rpad")
	registerKernel(simple(repeatKernel), "repeat")
	registerKernel(simple(reverseKernel), "reverse")
	registerKernel(simple(splitPartKernel), "split_part")
	registerKernel(simple(startsWithKernel), "starts_with")
	registerKernel(simple(concatWSKernel), "concat_ws")
}

// maxResultBytes bounds the strings LPAD, RPAD and REPEAT build: a longer
// result is NULL, as MySQL gives NULL past max_allowed_packet (64 MiB).
const maxResultBytes = 64 << 20

// locateKernel is LOCATE(sub, s[, pos]) (and POSITION(sub IN s),
// INSTR(s, sub)): the position of the first sub in s at or after
// character pos (1 when omitted), 0 when there is none. An empty sub is
// found at pos itself when pos is at most one past the end.
func locateKernel(a []arrow.Array, n int) (arrow.Array, error) {
	so, sd := strs(a[0])
	xo, xd := strs(a[1])
	var pos []int64
	if len(a) > 2 {
		pos = int64s(a[2])
	}
	out := make([]int64, n)
	valid, nulls := validity(n, a...)
	vb := bufBytes(valid)
	for i := range out {
		if !isValid(vb, i) {
			continue
		}
		sub, s := sd[so[i]:so[i+1]], xd[xo[i]:xo[i+1]]
		start := int64(1)
		if pos != nil {
			start = pos[i]
		}
		if start < 1 {
			continue
		}
		off := 0
		if start > 1 {
			// Skip start-1 characters; past the end there is nothing.
			k := start - 1
			for ; k > 0 && off < len(s); k-- {
				_, w := utf8.DecodeRune(s[off:])
				off += w
			}
			if k > 0 {
				continue
			}
		}
		j := bytes.Index(s[off:], sub)
		if j < 0 {
			continue
		}
		out[i] = start + int64(utf8.RuneCount(s[off:off+j]))
	}
	return NewInt64Array(out, valid, nulls), nil
}

// padKernel is LPAD(s, n, pad) and RPAD: s cut or padded with repeats of
// pad to n characters. As in MySQL, a negative n, or an empty pad when
// padding is needed, gives NULL.
func padKernel(name string, _ []Expr, _ types.Type) (kernel, error) {
	left := name == "lpad"
	return func(a []arrow.Array, n int) (arrow.Array, error) {
		lens := int64s(a[1])
		po, pd := strs(a[2])
		mask := newNullMask(n, a...)
		so, sd := strs(a[0])
		sb := NewStringBuilder(n, 16)
		var tmp []byte
		for i := 0; i < n; i++ {
			if !mask.valid(i) {
				sb.AppendNull()
				continue
			}
			s, pad, want := sd[so[i]:so[i+1]], pd[po[i]:po[i+1]], lens[i]
			rc := int64(utf8.RuneCount(s))
			switch {
			case want < 0 || want > maxResultBytes:
				sb.AppendNull()
				continue
			case want <= rc:
				sb.Append(s[:runeOffset(s, int(want))])
				continue
			case len(pad) == 0:
				sb.AppendNull()
				continue
			}
			need := want - rc // characters of padding
			prc := int64(utf8.RuneCount(pad))
			if int64(len(s))+need/prc*int64(len(pad))+int64(len(pad)) > maxResultBytes {
				sb.AppendNull()
				continue
			}
			tmp = tmp[:0]
			if !left {
				tmp = append(tmp, s...)
			}
			for ; need >= prc; need -= prc {
				tmp = append(tmp, pad...)
			}
			tmp = append(tmp, pad[:runeOffset(pad, int(need))]...)
			if left {
				tmp = append(tmp, s...)
			}
			sb.Append(tmp)
		}
		return sb.Finish(), nil
	}, nil
}

// repeatKernel is REPEAT(s, n): s n times; empty for n < 1, NULL past
// maxResultBytes.
func repeatKernel(a []arrow.Array, n int) (arrow.Array, error) {
	counts := int64s(a[1])
	valid, _ := validity(n, a...)
	vb := bufBytes(valid)
	so, sd := strs(a[0])
	sb := NewStringBuilder(n, 16)
	var tmp []byte
	for i := 0; i < n; i++ {
		if !isValid(vb, i) {
			sb.AppendNull()
			continue
		}
		s, k := sd[so[i]:so[i+1]], counts[i]
		if k < 1 || len(s) == 0 {
			sb.Append(nil)
			continue
		}
		if k > maxResultBytes/int64(len(s)) {
			sb.AppendNull()
			continue
		}
		tmp = tmp[:0]
		for ; k > 0; k-- {
			tmp = append(tmp, s...)
		}
		sb.Append(tmp)
	}
	return sb.Finish(), nil
}

// reverseKernel is REVERSE(s), character by character; bytes that are not
// UTF-8 count as characters of their own.
func reverseKernel(a []arrow.Array, n int) (arrow.Array, error) {
	return mapStrings(a[0], func(dst, s []byte) []byte {
		start := len(dst)
		dst = append(dst, s...)
		out := dst[start:]
		for len(s) > 0 {
			_, w := utf8.DecodeLastRune(s)
			copy(out, s[len(s)-w:])
			out = out[w:]
			s = s[:len(s)-w]
		}
		return dst
	}), nil
}

// splitPartKernel is PostgreSQL's SPLIT_PART(s, delim, k): the k-th field
// of s split at delim, counting from 1 (or from the end when k is
// negative); ” past the last field. An empty delim makes s the only
// field. k = 0 is an error, as in PostgreSQL.
func splitPartKernel(a []arrow.Array, n int) (arrow.Array, error) {
	do, dd := strs(a[1])
	ks := int64s(a[2])
	valid, _ := validity(n, a...)
	vb := bufBytes(valid)
	for i := 0; i < n; i++ {
		if ks[i] == 0 && isValid(vb, i) {
			return nil, fmt.Errorf("field position must not be zero")
		}
	}
	return mapStringsN(a, n, func(dst []byte, i int, s []byte) []byte {
		delim, k := dd[do[i]:do[i+1]], ks[i]
		if len(delim) == 0 {
			if k == 1 || k == -1 {
				return append(dst, s...)
			}
			return dst
		}
		if k < 0 {
			k = int64(bytes.Count(s, delim)) + 2 + k
			if k < 1 {
				return dst
			}
		}
		for ; k > 1; k-- {
			j := bytes.Index(s, delim)
			if j < 0 {
				return dst
			}
			s = s[j+len(delim):]
		}
		if j := bytes.Index(s, delim); j >= 0 {
			s = s[:j]
		}
		return append(dst, s...)
	}), nil
}

// startsWithKernel is STARTS_WITH(s, prefix).
func startsWithKernel(a []arrow.Array, n int) (arrow.Array, error) {
	so, sd := strs(a[0])
	po, pd := strs(a[1])
	bits := make([]byte, bitutil.BytesForBits(int64(n)))
	for i := 0; i < n; i++ {
		if bytes.HasPrefix(sd[so[i]:so[i+1]], pd[po[i]:po[i+1]]) {
			bitutil.SetBit(bits, i)
		}
	}
	valid, nulls := validity(n, a...)
	return NewBoolArray(bits, n, valid, nulls), nil
}

// concatWSKernel is MySQL's CONCAT_WS(sep, s1, ...): the non-NULL strings
// joined by sep; NULL only when sep is.
func concatWSKernel(a []arrow.Array, n int) (arrow.Array, error) {
	so, sd := strs(a[0])
	offs, datas := make([][]int32, len(a)), make([][]byte, len(a))
	for j, x := range a {
		offs[j], datas[j] = strs(x)
	}
	sb := NewStringBuilder(n, 16)
	var tmp []byte
	for i := 0; i < n; i++ {
		if a[0].IsNull(i) {
			sb.AppendNull()
			continue
		}
		tmp = tmp[:0]
		first := true
		for j := 1; j < len(a); j++ {
			if a[j].IsNull(i) {
				continue
			}
			if !first {
				tmp = append(tmp, sd[so[i]:so[i+1]]...)
			}
			first = false
			tmp = append(tmp, datas[j][offs[j][i]:offs[j][i+1]]...)
		}
		sb.Append(tmp)
	}
	return sb.Finish(), nil
}
