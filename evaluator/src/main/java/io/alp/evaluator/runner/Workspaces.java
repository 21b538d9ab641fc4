package io.alp.evaluator.runner;

import io.alp.evaluator.source.SourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh directories to run candidates in. Each candidate commit is extracted once into a snapshot (written to a
 * temporary directory, then moved into place), and every case gets its own copy of the snapshot, deleted when the
 * case ends. At most {@code maxSnapshots} snapshots are kept, least recently used first out; an evicted snapshot
 * is deleted as soon as no case is copying it, so disk use stays bounded however many candidates a session tries.
 * Safe for use from several threads.
 *
 * <p>Layout under the root: {@code snapshots/<commit>-<n>}, {@code cases/<n>/{work,home}}, {@code tmp/}.
 */
public final class Workspaces implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Workspaces.class);

    public static final int DEFAULT_MAX_SNAPSHOTS = 16;

    private final SourceStore store;
    private final Path root;
    private final Path snapshots;
    private final Path cases;
    private final Path tmp;
    private final int maxSnapshots;
    private final AtomicLong ids = new AtomicLong();
    /** Access-ordered: the eldest entry is the least recently used. Guarded by itself. */
    private final LinkedHashMap<String, Snapshot> byCommit = new LinkedHashMap<>(16, 0.75f, true);

    public Workspaces(SourceStore store, Path root, int maxSnapshots) {
        this.store = Objects.requireNonNull(store, "store");
        if (maxSnapshots < 1) {
            throw new IllegalArgumentException("maxSnapshots must be at least 1");
        }
        this.maxSnapshots = maxSnapshots;
        this.root = root.toAbsolutePath().normalize();
        this.snapshots = this.root.resolve("snapshots");
        this.cases = this.root.resolve("cases");
        this.tmp = this.root.resolve("tmp");
        try {
            // what an earlier process left behind is not ours to trust
            for (Path dir : List.of(snapshots, cases, tmp)) {
                deleteTree(dir);
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the workspaces under " + this.root + ": " + e.getMessage(),
                    e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * A fresh copy of {@code commit}'s files for one case; close it to delete it.
     *
     * @throws IllegalArgumentException when the commit is unknown
     * @throws UncheckedIOException     when the files cannot be written
     */
    public Workspace acquire(String commit) {
        Objects.requireNonNull(commit, "commit");
        Snapshot snapshot;
        boolean extract = false;
        List<Snapshot> evicted = new ArrayList<>();
        synchronized (byCommit) {
            snapshot = byCommit.get(commit);
            if (snapshot == null) {
                snapshot = new Snapshot(snapshots.resolve(safe(commit) + "-" + ids.incrementAndGet()));
                byCommit.put(commit, snapshot);
                extract = true;
            }
            snapshot.users++;
            Iterator<Map.Entry<String, Snapshot>> eldest = byCommit.entrySet().iterator();
            while (byCommit.size() > maxSnapshots && eldest.hasNext()) {
                Snapshot old = eldest.next().getValue();
                if (old == snapshot) {
                    continue;
                }
                eldest.remove();
                old.evicted = true;
                if (old.users == 0) {
                    evicted.add(old);
                }
            }
        }
        evicted.forEach(Snapshot::delete);
        try {
            if (extract) {
                extract(commit, snapshot);
            }
            Path dir = snapshot.awaitReady();
            return copy(dir);
        } catch (RuntimeException e) {
            if (extract) {
                synchronized (byCommit) {
                    byCommit.remove(commit, snapshot);
                    snapshot.evicted = true;
                }
            }
            throw e;
        } finally {
            release(snapshot);
        }
    }

    /** Snapshots on disk, evicted ones still in use included. */
    public int snapshotsOnDisk() {
        try (var listing = Files.list(snapshots)) {
            return (int) listing.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Case directories on disk. */
    public int casesOnDisk() {
        try (var listing = Files.list(cases)) {
            return (int) listing.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes every snapshot; case directories still in use are deleted by their own {@link Workspace#close()}. */
    @Override
    public void close() {
        List<Snapshot> all;
        synchronized (byCommit) {
            all = new ArrayList<>(byCommit.values());
            byCommit.clear();
            all.forEach(s -> s.evicted = true);
        }
        for (Snapshot s : all) {
            boolean unused;
            synchronized (byCommit) {
                unused = s.users == 0;
            }
            if (unused) {
                s.delete();
            }
        }
    }

    private void extract(String commit, Snapshot snapshot) {
        Path staging = tmp.resolve("snapshot-" + ids.incrementAndGet());
        try {
            store.checkout(commit, staging);
            try {
                Files.move(staging, snapshot.dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, snapshot.dir);
            }
            snapshot.ready.complete(snapshot.dir);
        } catch (IOException e) {
            quietlyDelete(staging);
            UncheckedIOException failure = new UncheckedIOException("cannot extract " + commit + ": "
                    + e.getMessage(), e);
            snapshot.ready.completeExceptionally(failure);
            throw failure;
        } catch (RuntimeException e) {
            quietlyDelete(staging);
            snapshot.ready.completeExceptionally(e);
            throw e;
        }
    }

    private void release(Snapshot snapshot) {
        boolean delete;
        synchronized (byCommit) {
            snapshot.users--;
            delete = snapshot.evicted && snapshot.users == 0;
        }
        if (delete) {
            snapshot.delete();
        }
    }

    private Workspace copy(Path snapshot) {
        Path caseDir = cases.resolve(Long.toString(ids.incrementAndGet()));
        Path work = caseDir.resolve("work");
        try {
            Files.createDirectories(caseDir.resolve("home"));
            copyTree(snapshot, work);
            return new Workspace(caseDir);
        } catch (IOException e) {
            quietlyDelete(caseDir);
            throw new UncheckedIOException("cannot copy the candidate into " + work + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String safe(String commit) {
        return commit.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                // a candidate may have left a directory it cannot be deleted from
                d.toFile().setWritable(true, true);
                d.toFile().setExecutable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void quietlyDelete(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private static final class Snapshot {
        final Path dir;
        final CompletableFuture<Path> ready = new CompletableFuture<>();
        int users;
        boolean evicted;

        Snapshot(Path dir) {
            this.dir = dir;
        }

        Path awaitReady() {
            try {
                return ready.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a candidate was being extracted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        void delete() {
            quietlyDelete(dir);
        }
    }

    /**
     * One case's directory: {@link #worktree()} holds the candidate's files, {@link #home()} is a writable home
     * directory.
     */
    public static final class Workspace implements AutoCloseable {
        private final Path dir;

        private Workspace(Path dir) {
            this.dir = dir;
        }

        public Path worktree() {
            return dir.resolve("work");
        }

        public Path home() {
            return dir.resolve("home");
        }

        /** The case's whole directory. */
        public Path directory() {
            return dir;
        }

        @Override
        public void close() {
            quietlyDelete(dir);
        }
    }
}
