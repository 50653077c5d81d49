// Runs one SQL query with DuckDB 1.5 (@duckdb/node-api) and writes the result
// as CSV (a header row, then the rows; NULL as an empty field) to stdout.
//
//   node run.mjs <file> <threads> <sql>
//
// {file} in <sql> is replaced by <file> as a quoted SQL string literal, so
// `node run.mjs data.tsv 2 "SELECT COUNT(*) FROM read_csv({file}, delim='\t')"`
// works on its own; the benchmark harness (../main.go) passes SQL that already
// names the file. The engine version goes to stderr as "engine-version: ...".
import { DuckDBInstance } from '@duckdb/node-api';

const [file, threadsArg, sqlArg] = process.argv.slice(2);
if (file === undefined || threadsArg === undefined || sqlArg === undefined) {
  process.stderr.write('usage: node run.mjs <file> <threads> <sql>\n');
  process.exit(2);
}
const threads = Number.parseInt(threadsArg, 10);
if (!(threads >= 1)) {
  process.stderr.write(`bad thread count ${threadsArg}\n`);
  process.exit(2);
}
const sql = sqlArg.replaceAll('{file}', `'${file.replaceAll("'", "''")}'`);

function csvField(v) {
  let s;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') s = String(v);
  else s = v.toString(); // DECIMAL, DATE, TIMESTAMP, ... values print as DuckDB text
  return /[",\r\n]/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s;
}

const out = [];
let pending = 0;
function emit(line) {
  out.push(line);
  pending += line.length + 1;
  if (pending >= 1 << 20) flush();
}
function flush() {
  if (out.length > 0) {
    process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
    pending = 0;
  }
}

try {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await instance.connect();
  const ver = await conn.runAndReadAll('SELECT version()');
  process.stderr.write(`engine-version: DuckDB ${ver.getRows()[0][0]} (@duckdb/node-api)\n`);
  const result = await conn.stream(sql);
  emit(result.columnNames().map(csvField).join(','));
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const row of chunk.getRows()) emit(row.map(csvField).join(','));
  }
  flush();
  conn.closeSync?.();
  instance.closeSync?.();
} catch (e) {
  flush();
  process.stderr.write(`duckdb15: ${e && e.message ? e.message : e}\n`);
  process.exitCode = 1;
}
