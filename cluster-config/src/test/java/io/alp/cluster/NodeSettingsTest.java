package io.alp.cluster;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeSettingsTest {

    @Test
    void seedsAreHostPortPairsTurnedIntoAddressesOfTheAlpSystem() {
        assertEquals("pekko://alp@127.0.0.1:2551", NodeSettings.seedAddress("127.0.0.1:2551"));
        assertEquals("pekko://alp@alp-0.alp.default.svc.cluster.local:2551",
                NodeSettings.seedAddress(" alp-0.alp.default.svc.cluster.local:2551 "));
        assertEquals("pekko://alp@[::1]:2551", NodeSettings.seedAddress("[::1]:2551"));
        assertEquals(List.of("pekko://alp@127.0.0.1:2551", "pekko://alp@127.0.0.1:2552"),
                NodeSettings.seedAddresses("127.0.0.1:2551, 127.0.0.1:2552,"));
    }

    @Test
    void badSeedsAreRefusedWithTheReason() {
        for (String bad : new String[]{"127.0.0.1", "127.0.0.1:", ":2551", "host:99999", "host:0", "a b:1",
                "pekko://alp@127.0.0.1:2551", "alp@127.0.0.1:2551"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NodeSettings.seedAddress(bad), bad);
            assertTrue(e.getMessage().contains("seed '" + bad.trim() + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> NodeSettings.seedAddresses(" , "));
    }

    @Test
    void theEmbeddedNodeHasBothRolesAndJoinsItself() {
        NodeSettings s = NodeSettings.embedded(Path.of("data"));
        assertEquals(List.of("sessions", "evaluators"), s.config().getStringList("pekko.cluster.roles"));
        assertEquals(List.of(), s.config().getStringList("pekko.cluster.seed-nodes"));
        assertFalse(s.config().hasPath("pekko.management.http.port") && s.managementPort() > 0);
    }

    @Test
    void aClusterNodeCarriesItsAddressSeedsRolesAndManagement() {
        NodeSettings s = NodeSettings.database("jdbc:postgresql://db:5432/alp?currentSchema=a", "alp", "pw")
                .clusterNode("10.0.0.5", 2552, NodeSettings.seedAddresses("10.0.0.4:2551"), List.of("evaluators"))
                .withManagementPort(8559)
                .withBindHost("0.0.0.0")
                .with("alp.evaluators.workers", 3);
        var c = s.config();
        assertEquals("10.0.0.5", c.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(2552, c.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("0.0.0.0", c.getString("pekko.remote.artery.bind.hostname"));
        assertEquals(List.of("pekko://alp@10.0.0.4:2551"), c.getStringList("pekko.cluster.seed-nodes"));
        assertEquals(List.of("evaluators"), c.getStringList("pekko.cluster.roles"));
        assertEquals(8559, c.getInt("pekko.management.http.port"));
        assertEquals("10.0.0.5", c.getString("pekko.management.http.hostname"));
        assertEquals("0.0.0.0", c.getString("pekko.management.http.bind-hostname"));
        assertEquals(3, c.getInt("alp.evaluators.workers"));
        assertEquals("slick.jdbc.PostgresProfile$", c.getString("pekko-persistence-jdbc.shared-databases.alp.profile"));
        assertEquals("pw", c.getString("pekko-persistence-jdbc.shared-databases.alp.db.password"));
        assertEquals("org.apache.pekko.management.cluster.scaladsl.ClusterMembershipCheck",
                c.getString("pekko.management.health-checks.readiness-checks.cluster-membership"));
    }

    @Test
    void systemPropertiesTuneWhatTheSettingsLeaveOpen() {
        System.setProperty("alp.session.redrive-after", "7s");
        System.setProperty("pekko.remote.artery.canonical.port", "1234");
        ConfigFactory.invalidateCaches();
        try {
            var c = NodeSettings.embedded(Path.of("data")).config();
            assertEquals(java.time.Duration.ofSeconds(7), c.getDuration("alp.session.redrive-after"));
            assertEquals(0, c.getInt("pekko.remote.artery.canonical.port"), "the settings win over properties");
        } finally {
            System.clearProperty("alp.session.redrive-after");
            System.clearProperty("pekko.remote.artery.canonical.port");
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void aClientHasNoRolesAndAFreePort() {
        NodeSettings s = NodeSettings.database("jdbc:postgresql://db/alp", "alp", "")
                .client("127.0.0.1", NodeSettings.seedAddresses("127.0.0.1:2551"));
        assertEquals(List.of(), s.config().getStringList("pekko.cluster.roles"));
        assertEquals(0, s.config().getInt("pekko.remote.artery.canonical.port"));
        assertThrows(IllegalArgumentException.class, () -> s.client("127.0.0.1", List.of()));
    }

    @Test
    void unknownRolesAndPortsAreRefused() {
        NodeSettings s = NodeSettings.database("jdbc:h2:mem:x", "sa", "");
        assertThrows(IllegalArgumentException.class, () -> s.clusterNode("h", 1, List.of(), List.of("judges")));
        assertThrows(IllegalArgumentException.class, () -> s.clusterNode("h", 70000, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> s.withManagementPort(-1));
    }

    @Test
    void thePasswordNeverShows() {
        NodeSettings s = new NodeSettings("jdbc:postgresql://u:urlsecret@db/alp?password=qsecret&ssl=true", "alp",
                "s3cret", "h", null, 1, List.of(), List.of(), 0, Map.of());
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertFalse(s.toString().contains("urlsecret"), s.toString());
        assertFalse(s.toString().contains("qsecret"), s.toString());
        assertTrue(s.shownDbUrl().contains("ssl=true"), s.shownDbUrl());
    }

    @Test
    void theBundledPostgresDdlLosesItsSchemaAndGetsIdempotentIndexes() {
        List<String> ddl = JournalSchema.postgresDdl();
        assertTrue(ddl.stream().noneMatch(d -> d.toLowerCase().contains("public.")), ddl.toString());
        assertTrue(ddl.stream().filter(d -> d.toUpperCase().contains(" INDEX "))
                .allMatch(d -> d.toUpperCase().contains("INDEX IF NOT EXISTS") && !d.toUpperCase()
                        .contains("CONCURRENTLY")), ddl.toString());
        assertTrue(ddl.stream().anyMatch(d -> d.contains("event_journal")));
        assertEquals("x", JournalSchema.namedSchema("jdbc:postgresql://h/db?ssl=true&currentSchema=x,public"));
        assertEquals(null, JournalSchema.namedSchema("jdbc:postgresql://h/db"));
    }
}
