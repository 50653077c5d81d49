"""psycopg2 and pandas against sqlcsv serve (connection from PGHOST,
PGPORT, PGUSER, PGDATABASE). Run by TestPsycopg2Pandas in
pgwire/clients_test.go."""
import datetime
import decimal
import warnings

import pandas
import psycopg2

warnings.simplefilter("ignore")  # pandas may warn of a DBAPI connection

conn = psycopg2.connect("")
cur = conn.cursor()
# psycopg2 interpolates parameters into the text itself, in a transaction.
cur.execute("select id, name, price, amount, d, ts, flag from trips where id = %s", (1,))
print(repr(cur.fetchone()))
print([(d.name, d.type_code) for d in cur.description])
cur.execute("select id from trips where name = %s or price > %s or d = %s order by id",
            ("Cy, Jr", decimal.Decimal("50"), datetime.date(1999, 12, 31)))
print(cur.fetchall())
try:
    cur.execute("select 1 from nosuch")
except psycopg2.Error as e:
    print("error", e.pgcode)
conn.rollback()
cur.execute("select count(*) from trips where flag = %s", (True,))
print(cur.fetchall())
conn.commit()

df = pandas.read_sql("select id, name, price, amount, d, ts, flag from trips order by id", conn)
print(df.to_csv(index=False), end="")
print(" ".join(f"{c}:{t}" for c, t in df.dtypes.items()))
conn.close()
