// node-postgres against sqlcsv serve (connection from PGHOST, PGPORT,
// PGUSER, PGDATABASE): parameters (sent with no type OIDs), a named
// prepared statement, a failing query then succeeding ones, a simple
// query. Run by TestNodePostgres in pgwire/clients_test.go.
'use strict';
const { Client } = require('pg');

function show(v) {
  if (v === null) return 'null';
  if (v instanceof Date) return v.toISOString();
  return typeof v + ':' + String(v);
}

function print(label, rows) {
  for (const r of rows) {
    console.log(label + ' ' + Object.keys(r).map((k) => k + '=' + show(r[k])).join(' '));
  }
}

async function main() {
  const c = new Client();
  await c.connect();
  try {
    let r = await c.query('select id, name, price, amount, d, ts, flag from trips where id = $1', [1]);
    print('row1', r.rows);
    console.log('fields ' + r.fields.map((f) => f.name + ':' + f.dataTypeID).join(' '));
    r = await c.query('select id from trips where name = $1 or price > $2 order by id', ['Bob', 50.5]);
    print('text,float', r.rows);
    r = await c.query('select id from trips where flag = $1 and id >= $2 order by id', [true, 2]);
    print('bool,int', r.rows);
    r = await c.query('select id from trips where amount is not distinct from $1', [null]);
    print('null', r.rows);
    for (const id of [2, 3]) {
      r = await c.query({ name: 'q1', text: 'select name from trips where id = $1', values: [id] });
      print('q1', r.rows);
    }
    try {
      await c.query('select 1 from nosuch');
      console.log('no error');
    } catch (e) {
      console.log('error ' + e.code);
    }
    try {
      await c.query('select id from trips where id = $1', ['x']);
      console.log('no error');
    } catch (e) {
      console.log('error ' + e.code);
    }
    r = await c.query('select count(*) as n from trips');
    print('count', r.rows);
    r = await c.query('select id, name from trips order by id');
    print('simple', r.rows);
    console.log(r.command + ' ' + r.rowCount);
  } finally {
    await c.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
