-- Grafana's PostgreSQL data source: the queries its query editor sends to
-- list tables and columns (written out from its source, not captured).
-- [simple Query]
SELECT quote_ident(table_name) AS table FROM information_schema.tables WHERE table_schema IN (SELECT CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END FROM generate_series(array_lower(string_to_array(current_setting('search_path'),','),1), array_upper(string_to_array(current_setting('search_path'),','),1)) as i, string_to_array(current_setting('search_path'),',') s) ORDER BY 1;
-- [simple Query]
SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'trips' ORDER BY column_name;
-- [simple Query]
SELECT string_to_array('a,b,,c', ',', ''), string_to_array('xy', NULL), string_to_array('', ','), array_lower('{a}'::text[], 1), array_upper('{a,b}'::text[], 2);
