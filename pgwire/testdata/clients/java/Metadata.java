// pgjdbc's DatabaseMetaData against sqlcsv serve: each call runs a
// pg_catalog query. Run by TestJDBCMetadata (build tag pgcatalog) in
// pgwire/catalog_test.go, against PostgreSQL 15 and sqlcsv serve, whose
// outputs must be the same: java -cp postgresql.jar Metadata.java URL
import java.sql.*;

public class Metadata {
    static void print(String label, ResultSet rs, String... cols) throws SQLException {
        try (rs) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder(label);
                for (String c : cols) b.append(' ').append(c).append('=').append(rs.getString(c));
                System.out.println(b);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0])) {
            DatabaseMetaData md = c.getMetaData();
            System.out.println("product " + md.getDatabaseProductName() + " " + md.getDatabaseMajorVersion());
            print("schema", md.getSchemas(), "TABLE_SCHEM");
            print("table", md.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"}), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
            print("column", md.getColumns(null, "public", "trips", "%"), "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "ORDINAL_POSITION", "IS_NULLABLE");
            print("pk", md.getPrimaryKeys(null, "public", "trips"), "COLUMN_NAME");
        }
    }
}
