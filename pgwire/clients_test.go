package pgwire

// The client harness: real PostgreSQL clients (psql, node-postgres,
// psycopg2 with SQLAlchemy and pandas, pgjdbc) driven against the server,
// each checked for its exact output. A client whose runtime is missing
// fails its test with what to install: .ci/run installs them all. The
// tests that need the emulated pg_catalog are in files built with the tag
// pgcatalog (go test -tags pgcatalog ./pgwire/...).

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sqlcsv/sqlcsv"
)

// tripsCSV is the table the clients query (the one of the captures in
// /work/shared/pgwire): sqlcsv reads its columns as bigint, text,
// numeric, bigint, date, timestamp and boolean.
const tripsCSV = "id,name,price,amount,d,ts,flag\n" +
	"1,Ada,12.50,3,2024-02-29,2024-02-29 13:45:01.5,true\n" +
	"2,Bob,-0.07,,1999-12-31,1970-01-01 00:00:00,false\n" +
	"3,\"Cy, Jr\",,7,,,\n" +
	"4,Dee,100.00,1,2024-01-01,2024-01-01 00:00:00.000001,true\n"

// tripsDDL is the PostgreSQL table sqlcsv makes of tripsCSV.
const tripsDDL = "CREATE TABLE trips (id bigint, name text, price numeric(18,2), amount bigint, d date, ts timestamp, flag boolean)"

// writeTrips writes trips.csv to a fresh directory and returns its path.
func writeTrips(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trips.csv")
	if err := os.WriteFile(path, []byte(tripsCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// endpoint is where a server listens.
type endpoint struct {
	Host, Port string
}

func (e endpoint) URL() string {
	return "postgres://tester@" + net.JoinHostPort(e.Host, e.Port) + "/test?sslmode=disable"
}

// parseEndpoint reads the host and port of a URL made by serveFile.
func parseEndpoint(t *testing.T, u string) endpoint {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return endpoint{Host: p.Hostname(), Port: p.Port()}
}

// serveTrips serves trips.csv in-process, and big.csv too when bigRows > 0.
func serveTrips(t *testing.T, bigRows int) endpoint {
	t.Helper()
	path := writeTrips(t)
	if bigRows == 0 {
		return parseEndpoint(t, serveFile(t, path, sqlcsv.Options{Threads: 2}))
	}
	big := writeRows(t, bigRows)
	if err := os.Rename(big, filepath.Join(filepath.Dir(path), "big.csv")); err != nil {
		t.Fatal(err)
	}
	return serveBinary(t, filepath.Dir(path), "trips.csv", "big.csv")
}

var sqlcsvBinary struct {
	once sync.Once
	path string
	err  error
}

// buildSqlcsv builds cmd/sqlcsv once per test binary, into a directory
// that TestMain removes.
func buildSqlcsv(t *testing.T) string {
	t.Helper()
	b := &sqlcsvBinary
	b.once.Do(func() {
		dir, err := os.MkdirTemp("", "sqlcsv-pgwire-test-")
		if err != nil {
			b.err = err
			return
		}
		binDirs = append(binDirs, dir)
		b.path = filepath.Join(dir, "sqlcsv")
		cmd := exec.Command("go", "build", "-o", b.path, "github.com/sqlcsv/sqlcsv/cmd/sqlcsv")
		cmd.Env = append(os.Environ(), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build ./cmd/sqlcsv: %v\n%s", err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// binDirs are the directories of built binaries, removed by TestMain.
var binDirs []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range binDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// serveBinary runs `sqlcsv serve --listen 127.0.0.1:0 --root root PATH...`
// (the real command) until the test ends, and returns where it listens:
// the address is read from its "listening" log line. The cleanup sends
// SIGTERM and expects a clean exit.
func serveBinary(t *testing.T, root string, paths ...string) endpoint {
	t.Helper()
	bin := buildSqlcsv(t)
	args := append([]string{"serve", "--listen", "127.0.0.1:0", "--log", "text", "--root", root}, paths...)
	cmd := exec.Command(bin, args...)
	cmd.Dir = root
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	var logMu sync.Mutex
	var log bytes.Buffer
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			logMu.Lock()
			log.WriteString(line + "\n")
			logMu.Unlock()
			if _, rest, ok := strings.Cut(line, "msg=listening address="); ok {
				a, _, _ := strings.Cut(rest, " ")
				select {
				case addr <- a:
				default:
				}
			}
		}
	}()
	exited := make(chan error, 1)
	go func() {
		<-drained
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			if err != nil {
				logMu.Lock()
				t.Errorf("sqlcsv serve: %v\n%s", err, log.String())
				logMu.Unlock()
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Errorf("sqlcsv serve did not exit on SIGTERM")
		}
	})
	select {
	case a := <-addr:
		host, port, err := net.SplitHostPort(a)
		if err != nil {
			t.Fatal(err)
		}
		return endpoint{Host: host, Port: port}
	case err := <-exited:
		exited <- err
		logMu.Lock()
		defer logMu.Unlock()
		t.Fatalf("sqlcsv serve exited: %v\n%s", err, log.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("sqlcsv serve: no listening line in a minute")
	}
	return endpoint{}
}

// need returns the path of a client program, or fails the test saying
// what to install: these tests are not skipped, CI installs the clients.
func need(t *testing.T, program, install string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err != nil {
		t.Fatalf("%s is not installed: %s (.ci/run installs it)", program, install)
	}
	return path
}

// needFile fails the test, saying what to install, unless path exists.
func needFile(t *testing.T, path, install string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s is missing: %s (.ci/run installs it)", path, install)
	}
}

// clientsDir is the directory of the client programs.
func clientsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "clients"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// clientResult is what a client program did.
type clientResult struct {
	stdout, stderr string
	code           int
}

// runClient runs a client program to its end (within two minutes) with
// env added to the environment, and returns its output and exit status.
func runClient(t *testing.T, env []string, name string, args ...string) clientResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: timed out\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), stdout.String(), stderr.String())
	}
	res := clientResult{stdout: stdout.String(), stderr: stderr.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s: %v", name, err)
		}
		res.code = ee.ExitCode()
	}
	return res
}

// expectOutput fails the test unless the client exited 0 and printed
// exactly want.
func expectOutput(t *testing.T, what string, res clientResult, want string) {
	t.Helper()
	if res.code != 0 {
		t.Fatalf("%s exited %d\nstdout:\n%s\nstderr:\n%s", what, res.code, res.stdout, res.stderr)
	}
	if res.stdout != want {
		t.Errorf("%s printed\n%s\nwant\n%s\nstderr:\n%s", what, res.stdout, want, res.stderr)
	}
}

// libpqEnv is the environment pointing libpq clients (psql, psycopg2) at e.
func (e endpoint) libpqEnv() []string {
	return []string{"PGHOST=" + e.Host, "PGPORT=" + e.Port, "PGUSER=tester", "PGDATABASE=test",
		"PGSSLMODE=disable", "PGCONNECT_TIMEOUT=10", "PGPASSWORD=", "PGAPPNAME=", "PSQL_HISTORY=/dev/null", "PGTZ=UTC"}
}

// node-postgres: parameters with no type OIDs, a named statement, errors
// then success, a simple query.
func TestNodePostgres(t *testing.T) {
	node := need(t, "node", "apt-get install nodejs npm")
	dir := filepath.Join(clientsDir(t), "node")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "pg", "package.json")); err != nil {
		// Install node-postgres at the version package-lock.json pins.
		npm := need(t, "npm", "apt-get install npm")
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	e := serveTrips(t, 0)
	res := runClient(t, append(e.libpqEnv(), "TZ=UTC"), node, filepath.Join(dir, "client.js"))
	expectOutput(t, "node client.js", res, nodeWant)
}

const nodeWant = "row1 id=string:1 name=string:Ada price=string:12.50 amount=string:3 d=2024-02-29T00:00:00.000Z ts=2024-02-29T13:45:01.500Z flag=boolean:true\n" +
	"fields id:20 name:25 price:1700 amount:20 d:1082 ts:1114 flag:16\n" +
	"text,float id=string:2\n" +
	"text,float id=string:4\n" +
	"bool,int id=string:4\n" +
	"null id=string:2\n" +
	"q1 name=string:Bob\n" +
	"q1 name=string:Cy, Jr\n" +
	"error 42P01\n" +
	"error 22P02\n" +
	"count n=string:4\n" +
	"simple id=string:1 name=string:Ada\n" +
	"simple id=string:2 name=string:Bob\n" +
	"simple id=string:3 name=string:Cy, Jr\n" +
	"simple id=string:4 name=string:Dee\n" +
	"SELECT 4\n"

// python3 is Debian's, where apt-get installs psycopg2, SQLAlchemy and
// pandas (not a pyenv or venv one first on PATH).
func python3(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return need(t, "python3", "apt-get install python3 python3-psycopg2 python3-sqlalchemy python3-pandas")
}

// needPython fails the test unless python3 imports the modules.
func needPython(t *testing.T, py string, modules string) {
	t.Helper()
	if out, err := exec.Command(py, "-c", "import "+modules).CombinedOutput(); err != nil {
		t.Fatalf("%s cannot import %s: apt-get install python3-psycopg2 python3-sqlalchemy python3-pandas (.ci/run installs them)\n%s", py, modules, out)
	}
}

// psycopg2 (client-side parameters, transactions, pgcode) and
// pandas.read_sql on its connection.
func TestPsycopg2Pandas(t *testing.T) {
	py := python3(t)
	needPython(t, py, "psycopg2, pandas")
	e := serveTrips(t, 0)
	res := runClient(t, e.libpqEnv(), py, filepath.Join(clientsDir(t), "python", "psycopg2_pandas.py"))
	expectOutput(t, "psycopg2_pandas.py", res, psycopg2Want)
}

const psycopg2Want = "(1, 'Ada', Decimal('12.50'), 3, datetime.date(2024, 2, 29), datetime.datetime(2024, 2, 29, 13, 45, 1, 500000), True)\n" +
	"[('id', 20), ('name', 25), ('price', 1700), ('amount', 20), ('d', 1082), ('ts', 1114), ('flag', 16)]\n" +
	"[(2,), (3,), (4,)]\n" +
	"error 42P01\n" +
	"[(2,)]\n" +
	"id,name,price,amount,d,ts,flag\n" +
	"1,Ada,12.5,3.0,2024-02-29,2024-02-29 13:45:01.500000,True\n" +
	"2,Bob,-0.07,,1999-12-31,1970-01-01 00:00:00.000000,False\n" +
	"3,\"Cy, Jr\",,7.0,,,\n" +
	"4,Dee,100.0,1.0,2024-01-01,2024-01-01 00:00:00.000001,True\n" +
	"id:int64 name:object price:float64 amount:float64 d:object ts:datetime64[ns] flag:object\n"

// jdbcURL is e's pgjdbc URL.
func (e endpoint) jdbcURL() string {
	return "jdbc:postgresql://" + net.JoinHostPort(e.Host, e.Port) + "/test?user=tester&sslmode=disable"
}

// java runs a pgjdbc program of testdata/clients/java (Java 17 runs a
// source file directly) against e.
func javaClient(t *testing.T, e endpoint, source string) clientResult {
	t.Helper()
	java := need(t, "java", "apt-get install default-jdk-headless (Java 17)")
	const jar = "/usr/share/java/postgresql.jar"
	needFile(t, jar, "apt-get install libpostgresql-jdbc-java")
	return runClient(t, []string{"TZ=UTC"}, java, "-Duser.timezone=UTC", "-cp", jar, filepath.Join(clientsDir(t), "java", source), e.jdbcURL())
}

// pgjdbc: a prepared statement past its switch to a named statement and
// binary results, and setFetchSize streaming in a transaction.
func TestJDBC(t *testing.T) {
	e := serveTrips(t, 10)
	expectOutput(t, "java Clients.java", javaClient(t, e, "Clients.java"), jdbcWant)
}

const jdbcWant = "1: 1|Ada|12.50|3|2024-02-29|2024-02-29 13:45:01.5|true\n" +
	"2: 2|Bob|-0.07|null|1999-12-31|1970-01-01 00:00:00.0|false\n" +
	"3: 3|Cy, Jr|null|7|null|null|null\n" +
	"4: 4|Dee|100.00|1|2024-01-01|2024-01-01 00:00:00.000001|true\n" +
	"5: 1|Ada|12.50|3|2024-02-29|2024-02-29 13:45:01.5|true\n" +
	"6: 2|Bob|-0.07|null|1999-12-31|1970-01-01 00:00:00.0|false\n" +
	"7: 3|Cy, Jr|null|7|null|null|null\n" +
	"8: 4|Dee|100.00|1|2024-01-01|2024-01-01 00:00:00.000001|true\n" +
	"string,boolean: 1 2 4\n" +
	"fetchSize 3: 10 rows, sum 45\n" +
	"error 42P01\n" +
	"count 4\n"
