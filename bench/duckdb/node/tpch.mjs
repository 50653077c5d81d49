// The DuckDB 1.5 child of the TPC-H modes (../tpchbench.go, ../tpchgolden.go):
// the twin of the go-duckdb child (-child duckdb-tpch, ../tpch.go), reading
// the same JSON spec and writing the same JSON report.
//
//   node tpch.mjs <spec.json> <report.json>
//
// spec: {"Threads": 2,
//        "Setup":   [{"Name": "...", "SQL": "..."}],            run once, in order
//        "Queries": [{"Name": "q15", "Pre": ["create view ..."], "SQL": "select ...",
//                     "Post": ["drop view ..."], "Out": "/path/q15.csv"}]}
// Each query's Pre statements, its SQL (whose rows go to Out as CSV: a header
// row, then the rows, NULL as an empty field) and its Post statements run in
// order and are timed together. A failing query does not stop the others;
// after a failure its Post statements still run, their errors ignored.
//
// report: {"Version": "DuckDB v1.5.x (@duckdb/node-api)",
//          "Setup":   [{"Name", "Seconds", "Err"}], "Queries": [{"Name", "Seconds", "Err"}],
//          "Error": "..." (a setup failure)}
import { readFileSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [specPath, reportPath] = process.argv.slice(2);
if (specPath === undefined || reportPath === undefined) {
  process.stderr.write('usage: node tpch.mjs <spec.json> <report.json>\n');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const report = { Version: '', Setup: [], Queries: [] };

function csvField(v) {
  let s;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') s = String(v);
  else s = v.toString(); // DECIMAL, DATE, ... print as DuckDB text
  return /^[ \t]|[",\r\n]/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s;
}

function message(e) {
  return (e && e.message ? e.message : String(e)).replaceAll('\n', ' | ');
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

async function queryToFile(conn, sql, path) {
  const fd = openSync(path, 'w');
  try {
    const result = await conn.stream(sql);
    const lines = [result.columnNames().map(csvField).join(',')];
    let pending = 0;
    const flush = () => {
      if (lines.length > 0) {
        writeSync(fd, lines.join('\n') + '\n');
        lines.length = 0;
        pending = 0;
      }
    };
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const row of chunk.getRows()) {
        const line = row.map(csvField).join(',');
        lines.push(line);
        pending += line.length + 1;
        if (pending >= 1 << 20) flush();
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
}

try {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(spec.Threads) });
  const conn = await instance.connect();
  const ver = await conn.runAndReadAll('SELECT version()');
  report.Version = `DuckDB ${ver.getRows()[0][0]} (@duckdb/node-api)`;
  for (const st of spec.Setup ?? []) {
    const t0 = now();
    try {
      await conn.run(st.SQL);
    } catch (e) {
      throw new Error(`${st.Name}: ${message(e)} (SQL: ${st.SQL})`);
    }
    report.Setup.push({ Name: st.Name, Seconds: now() - t0 });
  }
  for (const q of spec.Queries ?? []) {
    const t0 = now();
    let err = '';
    try {
      for (const s of q.Pre ?? []) await conn.run(s);
      await queryToFile(conn, q.SQL, q.Out);
      for (const s of q.Post ?? []) await conn.run(s);
    } catch (e) {
      err = message(e);
      for (const s of q.Post ?? []) {
        try {
          await conn.run(s);
        } catch {
          // the Pre statement it undoes may have failed
        }
      }
    }
    const t = { Name: q.Name, Seconds: now() - t0 };
    if (err !== '') t.Err = err;
    report.Queries.push(t);
  }
  conn.closeSync?.();
  instance.closeSync?.();
} catch (e) {
  report.Error = message(e);
  process.stderr.write(`duckdb15: ${report.Error}\n`);
  process.exitCode = 1;
}
writeFileSync(reportPath, JSON.stringify(report, null, 2));
