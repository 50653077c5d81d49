// Package pgwire serves a sqlcsv DB over the PostgreSQL wire protocol
// (version 3), so that psql, drivers (pgx, lib/pq, JDBC, psycopg) and BI
// tools can query it. It uses only the public API of package sqlcsv.
package pgwire

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqlcsv/sqlcsv"
)

// ServerVersion is the PostgreSQL version the server reports: clients
// (psql, pgjdbc, SQLAlchemy) choose their catalog SQL by it.
const ServerVersion = "15.18 (sqlcsv)"

// DBOptions returns opts with what PostgreSQL clients expect of names:
// unqualified names find the catalog relations (search path pg_catalog),
// "public" is the schema of the DB's own tables, and result columns are
// named as PostgreSQL names them (count, ?column?).
func DBOptions(opts sqlcsv.Options) sqlcsv.Options {
	opts.SearchPath = append([]string{"pg_catalog"}, opts.SearchPath...)
	opts.DefaultSchema = "public"
	opts.PostgresNames = true
	return opts
}

// Config is how a Server runs.
type Config struct {
	// DB is the database sessions query, opened with DBOptions. The server
	// registers the emulated catalog relations in it (pg_catalog.* and
	// information_schema.*).
	DB *sqlcsv.DB
	// Logger receives a line per connection, per failed query and per
	// protocol error; nil logs nothing.
	Logger *slog.Logger
	// MaxConnections caps the sessions served at once; more are refused
	// with SQLSTATE 53300. Zero means 100.
	MaxConnections int
	// StatementTimeout cancels a query running longer (SQLSTATE 57014);
	// zero means none. A session may change it with SET statement_timeout.
	StatementTimeout time.Duration
	// Users may log in; with none, every user name is accepted from
	// loopback addresses without a password (trust).
	Users []User
	// Auth is how passwords are checked; empty means AuthSCRAM when Users
	// are given, AuthTrust otherwise.
	Auth AuthMethod
	// TLS, if set, lets clients that ask for it (sslmode=require) talk
	// TLS; without it an SSL request is answered "no".
	TLS *tls.Config
}

// Server is a PostgreSQL wire-protocol server over one DB.
type Server struct {
	cfg    Config
	log    *slog.Logger
	cat    *catalog
	nextID atomic.Int32

	secretsMu sync.Mutex
	secrets   map[string]scramSecret // SCRAM verifiers of clear passwords, by user

	mu       sync.Mutex
	sessions map[uint32]*session // by process ID
	closed   bool
	lns      []net.Listener
	wg       sync.WaitGroup
}

// NewServer returns a server for cfg.
func NewServer(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("pgwire: Config.DB is nil")
	}
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = 100
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(discardHandler{})
	}
	if cfg.Auth == AuthTrust && len(cfg.Users) > 0 {
		return nil, errors.New("pgwire: users are given but the authentication method is trust")
	}
	if cfg.Auth != "" && cfg.Auth != AuthTrust && len(cfg.Users) == 0 {
		return nil, fmt.Errorf("pgwire: authentication %s needs users", cfg.Auth)
	}
	for _, u := range cfg.Users {
		if (cfg.Auth == AuthMD5 || cfg.Auth == AuthPassword) && u.Password == "" {
			return nil, fmt.Errorf("pgwire: user %s has only a SCRAM verifier; %s needs the password", u.Name, cfg.Auth)
		}
	}
	cat := newCatalog(cfg.DB)
	s := &Server{cfg: cfg, log: log, cat: cat, sessions: map[uint32]*session{}, secrets: map[string]scramSecret{}}
	// The functions first: the catalog's views call some.
	if err := s.registerFunctions(); err != nil {
		return nil, fmt.Errorf("pgwire: %w", err)
	}
	if err := cat.refresh(true); err != nil {
		return nil, fmt.Errorf("pgwire: making the catalog: %w", err)
	}
	return s, nil
}

// Serve accepts connections on ln and serves each in its own goroutine
// until ctx is done or Close is called; it then closes ln and returns
// after every session has ended.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return net.ErrClosed
	}
	s.lns = append(s.lns, ln)
	s.mu.Unlock()
	stop := context.AfterFunc(ctx, func() { s.Close() })
	defer stop()
	var err error
	for {
		var c net.Conn
		c, err = ln.Accept()
		if err != nil {
			break
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serveConn(ctx, c)
		}()
	}
	s.wg.Wait()
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil
	}
	return err
}

// Close stops accepting connections and ends every session.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, ln := range s.lns {
		ln.Close()
	}
	for _, sess := range s.sessions {
		sess.conn.Close()
	}
	return nil
}

// register adds a session under a fresh process ID and secret key, or
// reports that the server is full.
func (s *Server) register(sess *session) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || len(s.sessions) >= s.cfg.MaxConnections {
		return false
	}
	for {
		id := uint32(s.nextID.Add(1))
		if _, used := s.sessions[id]; !used && id != 0 {
			sess.pid = id
			break
		}
	}
	var key [4]byte
	rand.Read(key[:])
	sess.secret = binary.BigEndian.Uint32(key[:])
	s.sessions[sess.pid] = sess
	return true
}

func (s *Server) unregister(sess *session) {
	s.mu.Lock()
	delete(s.sessions, sess.pid)
	s.mu.Unlock()
}

// cancel cancels the query that session pid is running, if the secret
// key matches (a CancelRequest).
func (s *Server) cancel(pid, secret uint32) {
	s.mu.Lock()
	sess := s.sessions[pid]
	s.mu.Unlock()
	if sess == nil || sess.secret != secret {
		s.log.Warn("cancel request for no session", "pid", pid)
		return
	}
	sess.cancelQuery()
}

// user finds a configured user by name.
func (s *Server) user(name string) (User, bool) {
	for _, u := range s.cfg.Users {
		if u.Name == name {
			return u, true
		}
	}
	return User{}, false
}

// secretOf is the SCRAM verifier of a user given with a clear password,
// made once.
func (s *Server) secretOf(u User) (scramSecret, error) {
	s.secretsMu.Lock()
	defer s.secretsMu.Unlock()
	if sec, ok := s.secrets[u.Name]; ok {
		return sec, nil
	}
	sec, err := newSecret(u.Password)
	if err != nil {
		return scramSecret{}, err
	}
	s.secrets[u.Name] = sec
	return sec, nil
}

// discardHandler is a slog handler that drops everything.
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }

// errServerFull is the startup error when MaxConnections sessions run.
var errServerFull = fmt.Errorf("sorry, too many clients already")
