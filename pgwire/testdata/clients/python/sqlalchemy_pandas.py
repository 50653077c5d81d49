"""SQLAlchemy (psycopg2 dialect) and pandas against sqlcsv serve: the
dialect's first connect asks for version(), current_schema() and more,
and inspect() reads pg_catalog. Run by TestSQLAlchemy (build tag
pgcatalog) in pgwire/catalog_test.go."""
import os
import warnings

import pandas
import sqlalchemy

warnings.simplefilter("ignore")

url = "postgresql+psycopg2://%s@%s:%s/%s" % (
    os.environ["PGUSER"], os.environ["PGHOST"], os.environ["PGPORT"], os.environ["PGDATABASE"])
engine = sqlalchemy.create_engine(url)
with engine.connect() as conn:
    df = pandas.read_sql(sqlalchemy.text("select id, name, price, amount, d, ts, flag from trips where id > :i order by id"), conn, params={"i": 1})
    print(df.to_csv(index=False), end="")
insp = sqlalchemy.inspect(engine)
print(insp.get_schema_names())
print(insp.get_table_names())
for c in insp.get_columns("trips"):
    print(c["name"], c["type"], c["nullable"])
df = pandas.read_sql_table("trips", engine)
print(len(df), list(df.columns))
engine.dispose()
