package io.alp.app;

import io.alp.engine.testkit.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code alp node} refuses what cannot work with one line on stderr and exit code 1, before it joins anything. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeCommandTest {

    private String schema;

    @BeforeAll
    void schema() throws Exception {
        schema = TestPostgres.available() ? TestPostgres.createSchema() : null;
    }

    @AfterAll
    void drop() {
        TestPostgres.dropSchema(schema);
    }

    private static Alp.Result refused(String... args) {
        Alp.Result r = Alp.run(args);
        r.assertExit(1).assertNoStackTrace();
        assertEquals("", r.out(), r::describe);
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("alp: ")).count(), r::describe);
        return r;
    }

    @Test
    void withoutADatabaseANodeIsRefused() {
        for (String[] args : new String[][]{{"node", "--port", "25510"},
                {"node", "--port", "25510", "--seeds", "127.0.0.1:25511"}}) {
            Alp.Result r = refused(args);
            assertTrue(r.err().contains("alp node needs --db-url"), r::describe);
        }
    }

    @Test
    void badSeedsAreRefusedNamingTheSeed() {
        for (String seed : List.of("127.0.0.1", "127.0.0.1:", "pekko://alp@127.0.0.1:2551", "127.0.0.1:70000")) {
            Alp.Result r = refused("node", "--port", "25510", "--seeds", seed, "--db-url", TestPostgres.URL);
            assertTrue(r.err().contains("--seeds: seed '" + seed + "'"), r::describe);
        }
    }

    @Test
    void badNumbersAndRolesAreRefused() {
        String url = TestPostgres.URL;
        refused("node", "--db-url", url);
        refused("node", "--port", "0", "--db-url", url);
        refused("node", "--port", "25510", "--role", "judges", "--db-url", url);
        refused("node", "--port", "25510", "--workers", "0", "--db-url", url);
        refused("node", "--port", "25510", "--management-port", "25510", "--db-url", url);
        refused("node", "--port", "lots", "--db-url", url);
    }

    @Test
    void thePasswordComesFromAnEnvironmentVariableAndNeverFromTheUrl() {
        Alp.Result unset = refused("node", "--port", "25510", "--db-url", TestPostgres.URL, "--db-password-env",
                "ALP_SURELY_UNSET_VARIABLE_42");
        assertTrue(unset.err().contains("ALP_SURELY_UNSET_VARIABLE_42") && unset.err().contains("not set"),
                unset::describe);
        Alp.Result inUrl = refused("node", "--port", "25510", "--db-url",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=hunter2");
        assertFalse(inUrl.err().contains("hunter2"), inUrl::describe);
        Alp.Result userInfo = refused("node", "--port", "25510", "--db-url",
                "jdbc:postgresql://postgres:hunter2@127.0.0.1:5432/test");
        assertFalse(userInfo.err().contains("hunter2"), userInfo::describe);
    }

    @Test
    void anUnreachableDatabaseIsRefusedQuickly() {
        long start = System.nanoTime();
        Alp.Result r = refused("node", "--port", "25510", "--db-url", "jdbc:postgresql://127.0.0.1:1/test");
        assertTrue(r.err().contains("cannot open the database jdbc:postgresql://127.0.0.1:1/test"), r::describe);
        assertTrue(System.nanoTime() - start < 20e9, "took " + (System.nanoTime() - start) / 1e9 + " s");
    }

    @Test
    void aPortInUseIsRefused() throws Exception {
        assumeTrue(schema != null, "no PostgreSQL on " + TestPostgres.URL);
        String url = TestPostgres.url(schema);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Alp.Result r = refused("node", "--port", Integer.toString(port), "--db-url", url, "--db-user",
                    TestPostgres.USER);
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + port), r::describe);

            int free;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                free = probe.getLocalPort();
            }
            Alp.Result management = refused("node", "--port", Integer.toString(free), "--management-port",
                    Integer.toString(port), "--db-url", url, "--db-user", TestPostgres.USER);
            assertTrue(management.err().contains("cannot start the management endpoint on 127.0.0.1:" + port),
                    management::describe);
        }
    }
}
