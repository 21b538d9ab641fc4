package io.alp.evaluator.runner;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspacesTest {

    @TempDir
    Path tmp;

    @Test
    void leastRecentlyUsedSnapshotsAreDeletedSoDiskStaysBoundedOver40Candidates() throws Exception {
        try (Agents agents = new Agents(tmp)) {
            Workspaces ws = agents.workspaces;
            List<String> commits = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                commits.add(agents.store.commit(null, Map.of("agent.py", "print(" + i + ")\n",
                        "prompts/p.md", "x".repeat(10_000) + i), "c" + i));
            }
            long maxBytes = 0;
            for (String commit : commits) {
                try (Workspaces.Workspace w = ws.acquire(commit)) {
                    assertEquals("print(" + commits.indexOf(commit) + ")\n",
                            Files.readString(w.worktree().resolve("agent.py")));
                    Files.writeString(w.worktree().resolve("scratch"), "written by the case");
                    maxBytes = Math.max(maxBytes, bytes(ws.root()));
                }
                assertTrue(ws.snapshotsOnDisk() <= 4, "snapshots on disk: " + ws.snapshotsOnDisk());
            }
            assertEquals(4, ws.snapshotsOnDisk());
            assertEquals(0, ws.casesOnDisk());
            assertTrue(maxBytes < 6 * 2 * 11_000, "disk use stayed bounded: " + maxBytes);
            // a recent candidate is served from its snapshot: no new snapshot directory appears
            List<Path> before = list(ws.root().resolve("snapshots"));
            try (Workspaces.Workspace w = ws.acquire(commits.get(39))) {
                assertFalse(Files.exists(w.worktree().resolve("scratch")), "each case gets a fresh copy");
            }
            assertEquals(before, list(ws.root().resolve("snapshots")));
            // an old one is extracted again, evicting the least recently used
            try (Workspaces.Workspace w = ws.acquire(commits.get(0))) {
                assertEquals("print(0)\n", Files.readString(w.worktree().resolve("agent.py")));
            }
            assertEquals(4, ws.snapshotsOnDisk());
        }
    }

    @Test
    void concurrentCasesOfOneCandidateShareOneExtraction() throws Exception {
        try (Agents agents = new Agents(tmp)) {
            String commit = agents.store.commit(null, Map.of("a.txt", "a\n"), "c");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Path>> copies = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    copies.add(pool.submit(() -> {
                        Workspaces.Workspace w = agents.workspaces.acquire(commit);
                        return w.directory();
                    }));
                }
                List<Path> dirs = new ArrayList<>();
                for (Future<Path> f : copies) {
                    dirs.add(f.get());
                }
                assertEquals(16, dirs.stream().distinct().count(), "each case its own directory");
                assertEquals(1, agents.workspaces.snapshotsOnDisk());
                assertEquals(16, agents.workspaces.casesOnDisk());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void noneModeLogsALoudWarning() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                Sandboxes.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            assertEquals("none", Sandboxes.create("none").mode());
            assertEquals(1, logs.list.size());
            String warning = logs.list.get(0).getFormattedMessage();
            assertEquals(ch.qos.logback.classic.Level.WARN, logs.list.get(0).getLevel());
            assertTrue(warning.contains("WITHOUT A SANDBOX") && warning.contains("network")
                    && warning.contains("apt-get install bubblewrap"), warning);
        } finally {
            logger.detachAppender(logs);
        }
    }

    private static long bytes(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> all = Files.list(dir)) {
            return all.sorted().toList();
        }
    }
}
