package pgwire

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgproto3/v2"

	"github.com/sqlcsv/sqlcsv"
)

// startupBytes is a StartupMessage for user u.
func startupBytes(u string) []byte {
	b, _ := (&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber,
		Parameters: map[string]string{"user": u, "database": "db"}}).Encode(nil)
	return b
}

func encodeAll(msgs ...pgproto3.FrontendMessage) []byte {
	var out []byte
	for _, m := range msgs {
		out, _ = m.Encode(out)
	}
	return out
}

// pipeListener is a net.Listener of in-memory connections (net.Pipe)
// that look like loopback TCP ones: fuzzing makes tens of thousands of
// connections, more than the kernel's ephemeral ports.
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	select {
	case <-l.closed:
	default:
		close(l.closed)
	}
	return nil
}

func (l *pipeListener) Addr() net.Addr { return loopback }

// dial connects to the listener's server.
func (l *pipeListener) dial() (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- loopbackConn{server}:
		return client, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

var loopback = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5432}

// loopbackConn is a pipe end that reports a loopback address.
type loopbackConn struct{ net.Conn }

func (loopbackConn) RemoteAddr() net.Addr { return loopback }

// fuzzServer serves an empty DB with a statement timeout.
func fuzzServer(t testing.TB) (*Server, *pipeListener) {
	db, err := sqlcsv.Open(DBOptions(sqlcsv.Options{Root: t.TempDir(), Threads: 1}))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(Config{DB: db, StatementTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ln := newPipeListener()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(context.Background(), ln) }()
	t.Cleanup(func() {
		srv.Close()
		<-done
		db.Close()
	})
	return srv, ln
}

// Any bytes after a startup message (or, when the input starts with a 0
// byte, in place of it) are answered or refused, never a panic or a hang,
// and the server goes on serving.
func FuzzMessages(f *testing.F) {
	f.Add(encodeAll(&pgproto3.Query{String: "SELECT 1"}, &pgproto3.Terminate{}))
	f.Add(encodeAll(&pgproto3.Parse{Name: "s", Query: "SELECT $1::int8 + 1"}, &pgproto3.Bind{PreparedStatement: "s",
		ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{0, 0, 0, 0, 0, 0, 0, 7}}, ResultFormatCodes: []int16{1}},
		&pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{MaxRows: 1}, &pgproto3.Sync{}))
	f.Add(encodeAll(&pgproto3.Bind{PreparedStatement: "nosuch"}, &pgproto3.Execute{}, &pgproto3.Sync{}, &pgproto3.Query{String: "SELEC"}))
	f.Add(encodeAll(&pgproto3.Query{String: "COPY (SELECT 1) TO STDOUT WITH (FORMAT csv, HEADER); BEGIN; DECLARE c CURSOR FOR SELECT 2; FETCH 1 c"}))
	f.Add([]byte{'Q', 0, 0, 0, 3})
	f.Add([]byte{'P', 0x7f, 0xff, 0xff, 0xff})
	f.Add([]byte{'B', 0, 0, 0, 12, 0, 0, 0, 1, 0, 1, 0xff, 0xff})
	f.Add([]byte("garbage that is not a message"))
	ssl, _ := (&pgproto3.SSLRequest{}).Encode(nil)
	cancel, _ := (&pgproto3.CancelRequest{ProcessID: 1, SecretKey: 2}).Encode(nil)
	f.Add(append(append([]byte{0}, ssl...), startupBytes("x")...))
	f.Add(append([]byte{0}, cancel...))
	f.Add([]byte{0, 0, 0, 0, 9, 0, 3, 0, 0, 'u'})
	f.Add([]byte{0, 0, 0, 0, 16, 0, 3, 0, 0, 'u', 's', 'e', 'r', 0, 'a', 0, 0})
	srv, ln := fuzzServer(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		conn, err := ln.dial()
		if err != nil {
			t.Fatal(err)
		}
		go io.Copy(io.Discard, conn)
		wrote := make(chan struct{})
		go func() {
			defer close(wrote)
			if len(data) > 0 && data[0] == 0 {
				conn.Write(data[1:])
			} else {
				conn.Write(startupBytes("fuzz"))
				conn.Write(data)
			}
			conn.Write(encodeAll(&pgproto3.Terminate{}))
		}()
		select {
		case <-wrote:
		case <-time.After(20 * time.Second):
			t.Fatalf("the server stopped reading after %q", data)
		}
		// Hang up; the session must end.
		conn.Close()
		deadline := time.Now().Add(20 * time.Second)
		for {
			srv.mu.Lock()
			n := len(srv.sessions)
			srv.mu.Unlock()
			if n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the session did not end after %q", data)
			}
			time.Sleep(time.Millisecond)
		}
		// The server still serves.
		probe, err := ln.dial()
		if err != nil {
			t.Fatal(err)
		}
		defer probe.Close()
		probe.SetDeadline(time.Now().Add(20 * time.Second))
		go func() {
			probe.Write(startupBytes("probe"))
			probe.Write(encodeAll(&pgproto3.Query{String: "SELECT 6 * 7"}, &pgproto3.Terminate{}))
		}()
		front := pgproto3.NewFrontend(pgproto3.NewChunkReader(probe), probe)
		for {
			msg, err := front.Receive()
			if err != nil {
				t.Fatalf("after %q the server does not answer: %v", data, err)
			}
			if dr, ok := msg.(*pgproto3.DataRow); ok {
				if string(dr.Values[0]) != "42" {
					t.Fatalf("after %q: %q", data, dr.Values[0])
				}
				return
			}
		}
	})
}

// A client that disconnects in the middle of a large result ends only its
// session: the query is cancelled and others are served.
func TestClientGoneMidResult(t *testing.T) {
	srv, url := serveFileServer(t, writeRows(t, 500000), sqlcsv.Options{Threads: 2})
	addr := url[len("postgres://tester@"):]
	addr = addr[:len(addr)-len("/test?sslmode=disable")]
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.Write(startupBytes("gone"))
	conn.Write(encodeAll(&pgproto3.Query{String: "SELECT * FROM big"}))
	// Read a little of the result, then hang up.
	buf := make([]byte, 64<<10)
	if _, err := io.ReadFull(conn, buf); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	c := connect(t, url)
	var n int64
	if err := c.QueryRow(context.Background(), "SELECT COUNT(*) FROM big WHERE k = 0").Scan(&n); err != nil || n != 250000 {
		t.Fatalf("another session: %d, %v", n, err)
	}
	// The gone session ends: only the new one is registered.
	deadline := time.Now().Add(20 * time.Second)
	for {
		srv.mu.Lock()
		n := len(srv.sessions)
		srv.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the gone client's session is still registered")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
