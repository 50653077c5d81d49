// pgjdbc against sqlcsv serve: a prepared statement executed eight times
// (pgjdbc names it from the 5th execution and asks for binary results
// from the 6th), and setFetchSize streaming in a transaction (a portal
// read by Execute with a row limit). Run by TestJDBC in
// pgwire/clients_test.go: java -cp postgresql.jar Clients.java URL
import java.sql.*;

public class Clients {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0])) {
            try (PreparedStatement ps = c.prepareStatement(
                    "select id, name, price, amount, d, ts, flag from trips where id = ?")) {
                for (int i = 1; i <= 8; i++) {
                    ps.setLong(1, (i - 1) % 4 + 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            System.out.println(i + ": " + rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getBigDecimal(3)
                                    + "|" + rs.getObject(4) + "|" + rs.getDate(5) + "|" + rs.getTimestamp(6) + "|" + rs.getObject(7));
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select id from trips where name = ? or flag = ? order by id")) {
                ps.setString(1, "Bob");
                ps.setBoolean(2, true);
                try (ResultSet rs = ps.executeQuery()) {
                    StringBuilder b = new StringBuilder("string,boolean:");
                    while (rs.next()) b.append(' ').append(rs.getLong(1));
                    System.out.println(b);
                }
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(3);
                long n = 0, sum = 0;
                try (ResultSet rs = s.executeQuery("select i from big")) {
                    while (rs.next()) {
                        n++;
                        sum += rs.getLong(1);
                    }
                }
                System.out.println("fetchSize 3: " + n + " rows, sum " + sum);
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                try {
                    s.executeQuery("select 1 from nosuch");
                } catch (SQLException e) {
                    System.out.println("error " + e.getSQLState());
                }
            }
            c.rollback();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from trips")) {
                rs.next();
                System.out.println("count " + rs.getLong(1));
            }
            c.commit();
        }
    }
}
