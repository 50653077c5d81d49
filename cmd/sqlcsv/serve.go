package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/sqlcsv/sqlcsv/pgwire"
)

const serveUsage = `usage: sqlcsv serve [flags] [PATH ...]

Serves the files under --root over the PostgreSQL wire protocol, for psql,
drivers and BI tools: psql -h 127.0.0.1 -p 5432 -U me. Each PATH becomes a
table named after the file; a query can also name any file under the root.

Flags:
`

// runServe runs the PostgreSQL server until SIGINT or SIGTERM.
func runServe(cfg *config, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var log *slog.Logger
	switch cfg.logFormat {
	case "text":
		log = slog.New(slog.NewTextHandler(stderr, nil))
	case "json":
		log = slog.New(slog.NewJSONHandler(stderr, nil))
	case "none":
	default:
		fmt.Fprintf(stderr, "sqlcsv serve: --log %q: want text, json or none\n", cfg.logFormat)
		return 2
	}
	var users []pgwire.User
	if cfg.usersFile != "" {
		var err error
		if users, err = pgwire.ReadUsersFile(cfg.usersFile); err != nil {
			fmt.Fprintln(stderr, "sqlcsv serve: --users:", err)
			return 2
		}
		if len(users) == 0 {
			fmt.Fprintf(stderr, "sqlcsv serve: --users %s lists no user\n", cfg.usersFile)
			return 2
		}
	}
	var auth pgwire.AuthMethod
	if cfg.auth != "" {
		var err error
		if auth, err = pgwire.ParseAuthMethod(cfg.auth); err != nil {
			fmt.Fprintln(stderr, "sqlcsv serve: --auth:", err)
			return 2
		}
	}
	var tlsConf *tls.Config
	if cfg.tlsCert != "" || cfg.tlsKey != "" {
		cert, err := tls.LoadX509KeyPair(cfg.tlsCert, cfg.tlsKey)
		if err != nil {
			fmt.Fprintln(stderr, "sqlcsv serve: --tls-cert/--tls-key:", err)
			return 2
		}
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	if err := checkListen(cfg.listen, cfg.allowRemote || (len(users) > 0 && auth != pgwire.AuthTrust)); err != nil {
		fmt.Fprintln(stderr, "sqlcsv serve:", err)
		return 2
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "sqlcsv serve:", err)
		return 1
	}
	defer db.Close()
	srv, err := pgwire.NewServer(pgwire.Config{DB: db, Logger: log, MaxConnections: cfg.maxConns, StatementTimeout: cfg.stmtTimeout,
		Users: users, Auth: auth, TLS: tlsConf})
	if err != nil {
		fmt.Fprintln(stderr, "sqlcsv serve:", err)
		return 1
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		fmt.Fprintln(stderr, "sqlcsv serve:", err)
		return 1
	}
	if log != nil {
		log.Info("listening", "address", ln.Addr().String(), "root", cfg.root)
	}
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "sqlcsv serve:", err)
		return 1
	}
	return 0
}

// checkListen refuses an address beyond loopback unless allowed (by
// authentication, or by force).
func checkListen(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--listen %q: %w", addr, err)
	}
	if allowRemote {
		return nil
	}
	ips := []net.IP{net.ParseIP(host)}
	if host == "localhost" {
		return nil
	}
	if ips[0] == nil {
		resolved, err := net.LookupIP(host)
		if err != nil {
			return fmt.Errorf("--listen %q: %w", addr, err)
		}
		ips = resolved
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("--listen %s is beyond loopback without authentication: anyone who reaches the port could read every file under --root (give --users FILE, or pass --allow-unauthenticated-remote to do it anyway)", addr)
		}
	}
	return nil
}
