package io.alp.evaluator.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceStoreTest {

    @TempDir
    Path tmp;

    private Path agent() throws Exception {
        Path dir = tmp.resolve("agent");
        Files.createDirectories(dir.resolve("prompts/sub"));
        Files.createDirectories(dir.resolve(".git"));
        Files.createDirectories(dir.resolve(".alp"));
        Files.writeString(dir.resolve("agent.json"), "{\"model\": \"m\"}\n");
        Files.writeString(dir.resolve("prompts/system.md"), "You are helpful.\nBe brief.\n");
        Files.writeString(dir.resolve("prompts/sub/tool.md"), "Use the tool — carefully.\n");
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(dir.resolve(".alp/state"), "x\n");
        return dir;
    }

    @Test
    void anEditMayNotRetargetOrWriteThroughASymbolicLink() throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("prompts"));
        Files.writeString(repo.resolve("prompts/system.md"), "Be brief.\n");
        Files.createSymbolicLink(repo.resolve("link.md"), Path.of("prompts/system.md"));
        Files.createSymbolicLink(repo.resolve("linkdir"), Path.of("prompts"));
        String baseline;
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).call()) {
            git.add().addFilepattern(".").call();
            baseline = git.commit().setMessage("agent").setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com").call().name();
        }
        try (SourceStore store = SourceStore.open(repo.resolve(".git"))) {
            // a link's target is not a file to show the worker
            assertEquals(List.of("prompts/system.md"), List.copyOf(store.files(baseline).keySet()));
            IllegalArgumentException retarget = assertThrows(IllegalArgumentException.class,
                    () -> store.commitChanges(baseline, Map.of("link.md", "/etc/shadow"), "evil"));
            assertTrue(retarget.getMessage().startsWith("link.md is a symbolic link"), retarget.getMessage());
            IllegalArgumentException through = assertThrows(IllegalArgumentException.class,
                    () -> store.commitChanges(baseline, Map.of("linkdir/evil.txt", "x"), "evil"));
            assertEquals("linkdir/evil.txt cannot be written: linkdir is a symbolic link in the agent's source, "
                    + "not a directory", through.getMessage());
            IllegalArgumentException overDirectory = assertThrows(IllegalArgumentException.class,
                    () -> store.commitChanges(baseline, Map.of("prompts", "x"), "evil"));
            assertTrue(overDirectory.getMessage().contains("it is a directory"), overDirectory.getMessage());
            // an ordinary edit still goes through, keeping the links as they were
            String edited = store.commitChanges(baseline, Map.of("prompts/system.md", "Be kind.\n"), "ok");
            assertEquals("Be kind.\n", store.files(edited).get("prompts/system.md"));
        }
    }

    @Test
    void importedFilesComeBackSortedAndSkipGitAndAlpDirectories() throws Exception {
        try (SourceStore store = SourceStore.open(tmp.resolve("store.git"))) {
            String commit = store.importDirectory(agent(), "baseline");
            Map<String, String> files = store.files(commit);
            assertEquals(List.of("agent.json", "prompts/sub/tool.md", "prompts/system.md"),
                    new ArrayList<>(files.keySet()));
            assertEquals("Use the tool — carefully.\n", files.get("prompts/sub/tool.md"));
            assertEquals("You are helpful.\nBe brief.\n", files.get("prompts/system.md"));
        }
    }

    @Test
    void commitRoundTripsExactlyTheGivenFiles() {
        try (SourceStore store = SourceStore.open(tmp.resolve("store.git"))) {
            String base = store.commit(null, Map.of("a.md", "one\n", "dir/b.md", "two"), "base");
            String child = store.commit(base, Map.of("a.md", "one changed\n"), "child");
            assertEquals(Map.of("a.md", "one\n", "dir/b.md", "two"), store.files(base));
            assertEquals(Map.of("a.md", "one changed\n"), store.files(child));
            assertNotEquals(store.treeId(base), store.treeId(child));
        }
    }

    @Test
    void commitIdsAreDeterministicAcrossStoresAndTreesIdentifyContent() {
        Map<String, String> files = Map.of("p/x.md", "hello\n", "agent.json", "{}\n");
        String first;
        String second;
        try (SourceStore one = SourceStore.open(tmp.resolve("one.git"))) {
            String root = one.commit(null, files, "root");
            first = one.commit(root, Map.of("p/x.md", "hi\n"), "edit");
            assertEquals(first, one.commit(root, Map.of("p/x.md", "hi\n"), "edit"));
            // same content under another message: another commit, the same tree
            String other = one.commit(root, Map.of("p/x.md", "hi\n"), "other words");
            assertNotEquals(first, other);
            assertEquals(one.treeId(first), one.treeId(other));
        }
        try (SourceStore two = SourceStore.open(tmp.resolve("two.git"))) {
            String root = two.commit(null, files, "root");
            second = two.commit(root, Map.of("p/x.md", "hi\n"), "edit");
        }
        assertEquals(first, second);
    }

    @Test
    void importingTheSameDirectoryTwiceGivesTheSameCommit() throws Exception {
        Path dir = agent();
        String a;
        try (SourceStore store = SourceStore.open(tmp.resolve("a.git"))) {
            a = store.importDirectory(dir, "baseline");
        }
        try (SourceStore store = SourceStore.open(tmp.resolve("b.git"))) {
            assertEquals(a, store.importDirectory(dir, "baseline"));
        }
    }

    @Test
    void unifiedDiffShowsChangedAddedAndRemovedFiles() {
        try (SourceStore store = SourceStore.open(tmp.resolve("store.git"))) {
            String base = store.commit(null, Map.of("a.md", "l1\nl2\nl3\n", "gone.md", "bye\n"), "base");
            String child = store.commit(base, Map.of("a.md", "l1\nL2\nl3\n", "new.md", "fresh\n"), "child");
            String diff = store.unifiedDiff(base, child);
            assertTrue(diff.contains("diff --git a/a.md b/a.md"), diff);
            assertTrue(diff.contains("--- a/a.md\n+++ b/a.md\n"), diff);
            assertTrue(diff.contains("@@ -1,3 +1,3 @@\n l1\n-l2\n+L2\n l3\n"), diff);
            assertTrue(diff.contains("diff --git a/gone.md b/gone.md"), diff);
            assertTrue(diff.contains("-bye"), diff);
            assertTrue(diff.contains("+++ b/new.md"), diff);
            assertTrue(diff.contains("+fresh"), diff);
            assertEquals("", store.unifiedDiff(base, base));
        }
    }

    @Test
    void binaryAndOversizedFilesAreRefusedByName() throws Exception {
        Path dir = agent();
        Files.write(dir.resolve("prompts/logo.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        try (SourceStore store = SourceStore.open(tmp.resolve("store.git"))) {
            IllegalArgumentException binary = assertThrows(IllegalArgumentException.class,
                    () -> store.importDirectory(dir, "baseline"));
            assertTrue(binary.getMessage().contains("prompts/logo.png"), binary.getMessage());
            assertTrue(binary.getMessage().contains("binary"), binary.getMessage());

            Files.delete(dir.resolve("prompts/logo.png"));
            Files.write(dir.resolve("big.txt"), "x".repeat(1024 * 1024 + 1).getBytes(StandardCharsets.UTF_8));
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                    () -> store.importDirectory(dir, "baseline"));
            assertTrue(big.getMessage().contains("big.txt"), big.getMessage());
        }
    }

    @Test
    void unknownCommitsAndBadPathsAreErrorsNamingThem() {
        try (SourceStore store = SourceStore.open(tmp.resolve("store.git"))) {
            String missing = "0123456789abcdef0123456789abcdef01234567";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.files(missing));
            assertTrue(e.getMessage().contains(missing), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.treeId("no-such-ref"));
            assertThrows(IllegalArgumentException.class, () -> store.commit(missing, Map.of(), "x"));
            IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                    () -> store.commit(null, Map.of("../escape.md", "x"), "x"));
            assertTrue(path.getMessage().contains("../escape.md"), path.getMessage());
        }
    }

    @Test
    void refsPointAtCommitsAndMove() {
        try (SourceStore store = SourceStore.open(tmp.resolve("store.git"))) {
            String a = store.commit(null, Map.of("a.md", "a\n"), "a");
            String b = store.commit(a, Map.of("a.md", "b\n"), "b");
            assertNull(store.ref("refs/alp/s1/n1"));
            store.setRef("refs/alp/s1/n1", a);
            assertEquals(a, store.ref("refs/alp/s1/n1"));
            store.setRef("refs/alp/s1/n1", b);
            assertEquals(b, store.ref("refs/alp/s1/n1"));
            assertEquals(store.files(b), store.files("refs/alp/s1/n1"));
            assertThrows(IllegalArgumentException.class, () -> store.setRef("bad name", a));
        }
    }

    @Test
    void concurrentCommitsFromSeveralThreadsAndAReopenedStoreAgree() throws Exception {
        Path dir = tmp.resolve("store.git");
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SourceStore store = SourceStore.open(dir)) {
            String root = store.commit(null, Map.of("a.md", "root\n"), "root");
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i % 10;
                futures.add(pool.submit(() -> {
                    String id = store.commit(root, Map.of("a.md", "v" + n + "\n"), "edit " + n);
                    store.setRef("refs/alp/s/" + n, id);
                    return id;
                }));
            }
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        try (SourceStore reopened = SourceStore.open(dir)) {
            for (int i = 0; i < 40; i++) {
                int n = i % 10;
                assertEquals(ids.get(n), ids.get(i));
                assertEquals(Map.of("a.md", "v" + n + "\n"), reopened.files(ids.get(i)));
                assertEquals(ids.get(n), reopened.ref("refs/alp/s/" + n));
            }
        }
    }
}
