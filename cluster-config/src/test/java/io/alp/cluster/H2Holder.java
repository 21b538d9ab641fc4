package io.alp.cluster;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A process that opens the embedded database of a data directory as ALP does (AUTO_SERVER), writes {@code rows}
 * rows to a table with an identity column, prints "ready" and keeps the database open until it is killed.
 */
public final class H2Holder {

    public static void main(String[] args) throws Exception {
        NodeSettings settings = NodeSettings.embedded(Path.of(args[0]));
        int rows = Integer.parseInt(args[1]);
        Connection c = DriverManager.getConnection(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS \"held\" (\"id\" BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "\"payload\" VARCHAR(100) NOT NULL)");
            for (int i = 0; i < rows; i++) {
                s.execute("INSERT INTO \"held\" (\"payload\") VALUES ('row " + i + "')");
            }
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private H2Holder() {
    }
}
