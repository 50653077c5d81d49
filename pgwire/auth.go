package pgwire

import (
	"bufio"
	"crypto/hmac"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/jackc/pgproto3/v2"
)

// AuthMethod is how the server checks a client's password.
type AuthMethod string

// The authentication methods.
const (
	// AuthSCRAM is SCRAM-SHA-256, PostgreSQL's default since version 14.
	AuthSCRAM AuthMethod = "scram-sha-256"
	// AuthMD5 is PostgreSQL's older MD5 challenge.
	AuthMD5 AuthMethod = "md5"
	// AuthPassword sends the password in clear text (only over a trusted
	// network).
	AuthPassword AuthMethod = "password"
	// AuthTrust asks for no password; the server accepts it only from
	// loopback addresses.
	AuthTrust AuthMethod = "trust"
)

// ParseAuthMethod reads an authentication method's name.
func ParseAuthMethod(s string) (AuthMethod, error) {
	switch m := AuthMethod(strings.ToLower(s)); m {
	case AuthSCRAM, AuthMD5, AuthPassword, AuthTrust:
		return m, nil
	case "scram":
		return AuthSCRAM, nil
	case "cleartext":
		return AuthPassword, nil
	}
	return "", fmt.Errorf("unknown authentication method %q (want scram-sha-256, md5, password or trust)", s)
}

// User is a role that may log in, with its password or its SCRAM
// verifier.
type User struct {
	Name string
	// Password is the clear password (it allows every method), or empty
	// when only Verifier is known.
	Password string
	// Verifier is PostgreSQL's SCRAM-SHA-256 secret,
	// "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>" (as in
	// pg_authid.rolpassword); it allows only AuthSCRAM.
	Verifier string
}

// ReadUsers reads a users file: one "name:password" or
// "name:SCRAM-SHA-256$..." per line; blank lines and lines starting with
// # are skipped.
func ReadUsers(r io.Reader) ([]User, error) {
	var users []User
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		name, secret, ok := strings.Cut(text, ":")
		if !ok || name == "" || secret == "" {
			return nil, fmt.Errorf("line %d: want name:password or name:SCRAM-SHA-256$...", line)
		}
		u := User{Name: name}
		if strings.HasPrefix(secret, "SCRAM-SHA-256$") {
			if _, err := parseVerifier(secret); err != nil {
				return nil, fmt.Errorf("line %d: user %s: %w", line, name, err)
			}
			u.Verifier = secret
		} else {
			u.Password = secret
		}
		users = append(users, u)
	}
	return users, sc.Err()
}

// ReadUsersFile reads a users file (see ReadUsers).
func ReadUsersFile(path string) ([]User, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	users, err := ReadUsers(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return users, nil
}

// scramSecret is a SCRAM-SHA-256 verifier.
type scramSecret struct {
	iterations           int
	salt                 []byte
	storedKey, serverKey []byte
}

// newSecret makes a verifier from a clear password with a fresh salt.
func newSecret(password string) (scramSecret, error) {
	salt := make([]byte, 16)
	rand.Read(salt)
	return makeSecret(password, salt)
}

// newSecretWithSalt is the verifier text of a password with the given
// salt, as PostgreSQL stores it.
func newSecretWithSalt(password string, salt []byte) (string, error) {
	s, err := makeSecret(password, salt)
	if err != nil {
		return "", err
	}
	enc := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", s.iterations, enc(s.salt), enc(s.storedKey), enc(s.serverKey)), nil
}

func makeSecret(password string, salt []byte) (scramSecret, error) {
	const iterations = 4096
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, 32)
	if err != nil {
		return scramSecret{}, err
	}
	clientKey := hmacSHA256(salted, []byte("Client Key"))
	stored := sha256.Sum256(clientKey)
	return scramSecret{iterations: iterations, salt: salt, storedKey: stored[:], serverKey: hmacSHA256(salted, []byte("Server Key"))}, nil
}

// parseVerifier reads "SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>".
func parseVerifier(v string) (scramSecret, error) {
	bad := errors.New("malformed SCRAM-SHA-256 verifier (want SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>)")
	rest, ok := strings.CutPrefix(v, "SCRAM-SHA-256$")
	if !ok {
		return scramSecret{}, bad
	}
	params, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return scramSecret{}, bad
	}
	iter, salt64, ok1 := strings.Cut(params, ":")
	stored64, server64, ok2 := strings.Cut(keys, ":")
	if !ok1 || !ok2 {
		return scramSecret{}, bad
	}
	n, err := strconv.Atoi(iter)
	if err != nil || n <= 0 {
		return scramSecret{}, bad
	}
	salt, err1 := base64.StdEncoding.DecodeString(salt64)
	stored, err2 := base64.StdEncoding.DecodeString(stored64)
	server, err3 := base64.StdEncoding.DecodeString(server64)
	if err1 != nil || err2 != nil || err3 != nil || len(stored) != 32 || len(server) != 32 {
		return scramSecret{}, bad
	}
	return scramSecret{iterations: n, salt: salt, storedKey: stored, serverKey: server}, nil
}

func hmacSHA256(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}

// errAuthFailed is the one answer to a failed login, whatever failed, as
// PostgreSQL gives it.
func errAuthFailed(user string) *pgError {
	return &pgError{code: codeInvalidAuth, msg: fmt.Sprintf("password authentication failed for user %q", user)}
}

// authenticate checks the session's user with the server's method. It
// returns nil when the user may go on.
func (sess *session) authenticate() error {
	srv := sess.srv
	method := srv.cfg.Auth
	if method == "" {
		method = AuthTrust
		if len(srv.cfg.Users) > 0 {
			method = AuthSCRAM
		}
	}
	if method == AuthTrust {
		if !isLoopback(sess.conn.RemoteAddr()) {
			return &pgError{code: codeInvalidAuth, msg: "no password authentication is configured, and trust is only for loopback connections"}
		}
		return nil
	}
	u, known := srv.user(sess.user)
	switch method {
	case AuthPassword:
		sess.send(&pgproto3.AuthenticationCleartextPassword{})
		pw, err := sess.password(pgproto3.AuthTypeCleartextPassword)
		if err != nil {
			return err
		}
		if !known || u.Password == "" || subtle.ConstantTimeCompare([]byte(pw), []byte(u.Password)) != 1 {
			return errAuthFailed(sess.user)
		}
		return nil
	case AuthMD5:
		var salt [4]byte
		rand.Read(salt[:])
		sess.send(&pgproto3.AuthenticationMD5Password{Salt: salt})
		pw, err := sess.password(pgproto3.AuthTypeMD5Password)
		if err != nil {
			return err
		}
		if !known || u.Password == "" {
			return errAuthFailed(sess.user)
		}
		inner := md5.Sum([]byte(u.Password + sess.user))
		outer := md5.Sum(append([]byte(hex.EncodeToString(inner[:])), salt[:]...))
		want := "md5" + hex.EncodeToString(outer[:])
		if subtle.ConstantTimeCompare([]byte(pw), []byte(want)) != 1 {
			return errAuthFailed(sess.user)
		}
		return nil
	case AuthSCRAM:
		return sess.scram(u, known)
	}
	return fmt.Errorf("unknown authentication method %q", method)
}

// password reads a PasswordMessage.
func (sess *session) password(authType uint32) (string, error) {
	if err := sess.flush(); err != nil {
		return "", err
	}
	sess.be.SetAuthType(authType)
	msg, err := sess.receive()
	if err != nil {
		return "", err
	}
	pm, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return "", &pgError{code: codeProtocolViolation, msg: fmt.Sprintf("expected a password message, got %T", msg)}
	}
	return pm.Password, nil
}

// scram runs a SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) without
// channel binding. An unknown user gets a made-up salt and fails at the
// proof, as PostgreSQL does, so that user names cannot be probed.
func (sess *session) scram(u User, known bool) error {
	var secret scramSecret
	var err error
	switch {
	case known && u.Verifier != "":
		secret, err = parseVerifier(u.Verifier)
	case known:
		secret, err = sess.srv.secretOf(u)
	default:
		secret, err = newSecret("")
		known = false
	}
	if err != nil {
		return err
	}
	sess.send(&pgproto3.AuthenticationSASL{AuthMechanisms: []string{"SCRAM-SHA-256"}})
	if err := sess.flush(); err != nil {
		return err
	}
	sess.be.SetAuthType(pgproto3.AuthTypeSASL)
	msg, err := sess.receive()
	if err != nil {
		return err
	}
	init, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok || init.AuthMechanism != "SCRAM-SHA-256" {
		return &pgError{code: codeProtocolViolation, msg: "expected a SCRAM-SHA-256 SASL initial response"}
	}
	// client-first-message: gs2-header "n,," (or "y,,") then client-first-bare.
	first := string(init.Data)
	var bare string
	switch {
	case strings.HasPrefix(first, "n,,"), strings.HasPrefix(first, "y,,"):
		bare = first[3:]
	case strings.HasPrefix(first, "p="):
		return &pgError{code: codeProtocolViolation, msg: "channel binding is not supported by this server (it has no TLS)"}
	default:
		return &pgError{code: codeProtocolViolation, msg: "malformed SCRAM client-first-message"}
	}
	clientNonce := scramAttr(bare, 'r')
	if clientNonce == "" {
		return &pgError{code: codeProtocolViolation, msg: "SCRAM client-first-message has no nonce"}
	}
	nonceBytes := make([]byte, 18)
	rand.Read(nonceBytes)
	nonce := clientNonce + base64.StdEncoding.EncodeToString(nonceBytes)
	serverFirst := fmt.Sprintf("r=%s,s=%s,i=%d", nonce, base64.StdEncoding.EncodeToString(secret.salt), secret.iterations)
	sess.send(&pgproto3.AuthenticationSASLContinue{Data: []byte(serverFirst)})
	if err := sess.flush(); err != nil {
		return err
	}
	sess.be.SetAuthType(pgproto3.AuthTypeSASLContinue)
	msg, err = sess.receive()
	if err != nil {
		return err
	}
	resp, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return &pgError{code: codeProtocolViolation, msg: "expected a SCRAM client-final-message"}
	}
	final := string(resp.Data)
	i := strings.LastIndex(final, ",p=")
	if i < 0 {
		return &pgError{code: codeProtocolViolation, msg: "SCRAM client-final-message has no proof"}
	}
	withoutProof := final[:i]
	proof, err := base64.StdEncoding.DecodeString(final[i+3:])
	if err != nil || len(proof) != 32 || scramAttr(withoutProof, 'r') != nonce {
		return errAuthFailed(sess.user)
	}
	authMessage := []byte(bare + "," + serverFirst + "," + withoutProof)
	signature := hmacSHA256(secret.storedKey, authMessage)
	clientKey := make([]byte, 32)
	for k := range clientKey {
		clientKey[k] = proof[k] ^ signature[k]
	}
	got := sha256.Sum256(clientKey)
	if !known || subtle.ConstantTimeCompare(got[:], secret.storedKey) != 1 {
		return errAuthFailed(sess.user)
	}
	serverSig := hmacSHA256(secret.serverKey, authMessage)
	sess.send(&pgproto3.AuthenticationSASLFinal{Data: []byte("v=" + base64.StdEncoding.EncodeToString(serverSig))})
	return nil
}

// scramAttr is the value of attribute name in a SCRAM message
// ("r=abc,s=..."), or "".
func scramAttr(msg string, name byte) string {
	for _, part := range strings.Split(msg, ",") {
		if len(part) >= 2 && part[0] == name && part[1] == '=' {
			return part[2:]
		}
	}
	return ""
}

// isLoopback says whether a client connects from this machine.
func isLoopback(addr net.Addr) bool {
	switch a := addr.(type) {
	case *net.TCPAddr:
		return a.IP.IsLoopback()
	case *net.UnixAddr:
		return true
	}
	return false
}
