package io.alp.traffic;

import java.nio.file.Path;

/** Embedded H2 in a temporary directory, for store tests (PostgreSQL ones use TestPostgres). */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static String h2(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("alp") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=false";
    }
}
