package dsv

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// source is the text of a file as the reader sees it: the file itself, or
// the stream of its decompressed bytes, read from the start on.
type source interface {
	io.ReaderAt
	io.Closer
}

// Compression names a file's compression.
type Compression uint8

// The compressions, found from a file's first bytes (not its name).
const (
	Uncompressed Compression = iota
	Gzip
	Zstd
)

func (c Compression) String() string {
	return [...]string{"none", "gzip", "zstd"}[c]
}

// compressionOf recognises a compressed file by its magic number.
func compressionOf(head []byte) Compression {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return Gzip
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return Zstd
	}
	return Uncompressed
}

// open returns the file's text.
func (f *File) open() (source, error) {
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, err
	}
	var r io.Reader
	var closeDec func()
	switch f.compression {
	case Uncompressed:
		return fh, nil
	case Gzip:
		gz, err := gzip.NewReader(fh)
		if err != nil {
			fh.Close()
			return nil, fmt.Errorf("%s: %w", f.path, err)
		}
		r, closeDec = gz, func() { gz.Close() }
	case Zstd:
		zd, err := zstd.NewReader(fh, zstd.WithDecoderConcurrency(1))
		if err != nil {
			fh.Close()
			return nil, fmt.Errorf("%s: %w", f.path, err)
		}
		r, closeDec = zd, zd.Close
	}
	return &stream{r: r, f: fh, closeDec: closeDec, path: f.path, codec: f.compression}, nil
}

// stream serves reads of a decompressed stream at increasing offsets, the
// only way the reader of a single partition reads.
type stream struct {
	r        io.Reader
	f        *os.File
	closeDec func()
	pos      int64
	path     string
	codec    Compression
}

func (s *stream) ReadAt(p []byte, off int64) (int, error) {
	if off < s.pos {
		return 0, fmt.Errorf("%s: %s stream read backwards (at %d, already at %d)", s.path, s.codec, off, s.pos)
	}
	if off > s.pos {
		k, err := io.CopyN(io.Discard, s.r, off-s.pos)
		s.pos += k
		if err != nil {
			return 0, s.wrap(err)
		}
	}
	n := 0
	var err error
	for n < len(p) && err == nil {
		var k int
		k, err = s.r.Read(p[n:])
		n += k
	}
	s.pos += int64(n)
	return n, s.wrap(err)
}

func (s *stream) wrap(err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	return fmt.Errorf("reading the %s stream: %w (the file may be truncated or damaged)", s.codec, err)
}

func (s *stream) Close() error {
	s.closeDec()
	return s.f.Close()
}
