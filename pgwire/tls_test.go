package pgwire

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlcsv/sqlcsv"
)

// selfSigned is a TLS certificate for 127.0.0.1, made for the test.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "sqlcsv test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// With a certificate configured, a client that asks for TLS gets it (and
// one that does not still connects); without one, a client that
// requires TLS is refused.
func TestTLS(t *testing.T) {
	ctx := context.Background()
	open := func() *sqlcsv.DB {
		db, err := sqlcsv.Open(DBOptions(sqlcsv.Options{Root: t.TempDir()}))
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	_, addr := runServer(t, Config{DB: open(), TLS: &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}})
	for _, mode := range []string{"require", "disable", "prefer"} {
		conn, err := pgx.Connect(ctx, "postgres://tester@"+addr+"/db?sslmode="+mode)
		if err != nil {
			t.Fatalf("sslmode=%s: %v", mode, err)
		}
		var n int
		if err := conn.QueryRow(ctx, "SELECT 6 * 7").Scan(&n); err != nil || n != 42 {
			t.Errorf("sslmode=%s: %d, %v", mode, n, err)
		}
		_, isTLS := conn.PgConn().Conn().(*tls.Conn)
		if want := mode != "disable"; isTLS != want {
			t.Errorf("sslmode=%s: TLS %v, want %v", mode, isTLS, want)
		}
		conn.Close(ctx)
	}
	_, plain := runServer(t, Config{DB: open()})
	_, err := pgx.Connect(ctx, "postgres://tester@"+plain+"/db?sslmode=require")
	if err == nil || !strings.Contains(err.Error(), "server refused TLS connection") {
		t.Errorf("sslmode=require without a certificate: %v", err)
	}
}
