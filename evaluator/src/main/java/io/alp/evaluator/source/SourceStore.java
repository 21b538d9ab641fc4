package io.alp.evaluator.source;

import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Candidate sources as commits in a bare Git repository. Commits are deterministic: a fixed identity and timestamp,
 * so the same files, parent and message always give the same commit id, and a session re-run from a recording gets
 * the ids it got the first time. Safe for use from several threads; several processes may share the directory
 * (objects are content-addressed, refs are updated under Git's own short-lived lock files).
 */
public final class SourceStore implements SourceFiles, AutoCloseable {

    /** Files larger than this are refused: agent sources are prompts, configs and code, not data. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final PersonIdent IDENTITY = new PersonIdent("ALP", "alp@localhost", Instant.EPOCH,
            ZoneOffset.UTC);

    private final Repository repo;
    /** Striped locks serializing updates of the same ref within this process. */
    private final Object[] refLocks = new Object[64];

    /** The repository's git directory. */
    public Path directory() {
        return repo.getDirectory().toPath().toAbsolutePath();
    }

    private SourceStore(Repository repo) {
        this.repo = repo;
        for (int i = 0; i < refLocks.length; i++) {
            refLocks[i] = new Object();
        }
    }

    /** Opens the bare repository at {@code gitDir}, creating it when missing. */
    public static SourceStore open(Path gitDir) {
        try {
            Files.createDirectories(gitDir);
            Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build();
            if (!repo.getObjectDatabase().exists()) {
                try {
                    repo.create(true);
                } catch (IllegalStateException raced) {
                    // another process created it meanwhile
                }
            }
            return new SourceStore(repo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open source store at " + gitDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Commits every regular file under {@code dir} (skipping {@code .git} and {@code .alp} directories and symbolic
     * links) as a root commit.
     *
     * @return the commit id in hex
     * @throws IllegalArgumentException naming the file when one is binary, not UTF-8 or over 1 MB
     */
    public String importDirectory(Path dir, String message) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        SortedMap<String, String> files = new TreeMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    String name = d.getFileName() == null ? "" : d.getFileName().toString();
                    if (!d.equals(dir) && (name.equals(".git") || name.equals(".alp"))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String path = relative(dir, file);
                    if (attrs.size() > MAX_FILE_BYTES) {
                        throw new IllegalArgumentException("file " + path + " is " + attrs.size()
                                + " bytes, over the 1 MB limit for agent sources");
                    }
                    files.put(path, text(path, Files.readAllBytes(file)));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return commit(null, files, message);
    }

    /**
     * A new commit holding exactly {@code files} (path relative to the agent root, {@code /}-separated → content).
     *
     * @param parentCommit the parent, or null for a root commit
     * @return the commit id in hex
     * @throws IllegalArgumentException when the parent is unknown or a path is not a plain relative path
     */
    public String commit(String parentCommit, Map<String, String> files, String message) {
        Objects.requireNonNull(files, "files");
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId parent = parentCommit == null ? null : resolve(parentCommit);
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                String path = checkPath(file.getKey());
                builder.add(blobEntry(inserter, path, file.getValue(), FileMode.REGULAR_FILE));
            }
            builder.finish();
            return insertCommit(inserter, index, parent, message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the source store: " + e.getMessage(), e);
        }
    }

    /**
     * A new commit on {@code parentCommit} whose tree is the parent's with {@code changed} files replaced or added;
     * every other entry (binary files, executable modes) is kept as it was.
     */
    public String commitChanges(String parentCommit, Map<String, String> changed, String message) {
        ObjectId parent = resolve(parentCommit);
        try (ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo);
             TreeWalk tree = new TreeWalk(repo)) {
            SortedMap<String, DirCacheEntry> entries = new TreeMap<>();
            tree.addTree(walk.parseCommit(parent).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                DirCacheEntry entry = new DirCacheEntry(tree.getPathString());
                entry.setFileMode(tree.getFileMode(0));
                entry.setObjectId(tree.getObjectId(0));
                entries.put(tree.getPathString(), entry);
            }
            for (Map.Entry<String, String> file : changed.entrySet()) {
                String path = checkPath(file.getKey());
                refuseThroughLinks(entries, path);
                DirCacheEntry previous = entries.get(path);
                entries.put(path, blobEntry(inserter, path, file.getValue(),
                        previous == null ? FileMode.REGULAR_FILE : previous.getFileMode()));
            }
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            entries.values().forEach(builder::add);
            builder.finish();
            return insertCommit(inserter, index, parent, message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the source store: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a write that would retarget a symbolic link, go through one, or put a file where a file or directory
     * is: the commit would hold a link to anywhere, or fail with an opaque index conflict.
     */
    private static void refuseThroughLinks(SortedMap<String, DirCacheEntry> entries, String path) {
        DirCacheEntry previous = entries.get(path);
        if (previous != null && previous.getFileMode() == FileMode.SYMLINK) {
            throw new IllegalArgumentException(path + " is a symbolic link in the agent's source: an edit may not "
                    + "retarget it or write through it");
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            DirCacheEntry above = entries.get(path.substring(0, slash));
            if (above != null) {
                throw new IllegalArgumentException(path + " cannot be written: " + path.substring(0, slash) + " is "
                        + (above.getFileMode() == FileMode.SYMLINK ? "a symbolic link" : "a file")
                        + " in the agent's source, not a directory");
            }
        }
        String below = entries.tailMap(path + "/").isEmpty() ? null : entries.tailMap(path + "/").firstKey();
        if (below != null && below.startsWith(path + "/")) {
            throw new IllegalArgumentException(path + " cannot be written: it is a directory in the agent's source");
        }
    }

    /** Inserts {@code content} as a blob and returns its index entry at {@code path}, refusing it over 1 MB. */
    private static DirCacheEntry blobEntry(ObjectInserter inserter, String path, String content, FileMode mode)
            throws IOException {
        byte[] bytes = Objects.requireNonNull(content, path).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("file " + path + " is " + bytes.length
                    + " bytes, over the 1 MB limit for agent sources");
        }
        DirCacheEntry entry = new DirCacheEntry(path);
        entry.setFileMode(mode);
        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, bytes));
        return entry;
    }

    /** Writes the tree of {@code index} and a commit of it on {@code parent} (null for none), then flushes. */
    private static String insertCommit(ObjectInserter inserter, DirCache index, ObjectId parent, String message)
            throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(index.writeTree(inserter));
        if (parent != null) {
            commit.setParentId(parent);
        }
        commit.setAuthor(IDENTITY);
        commit.setCommitter(IDENTITY);
        commit.setMessage(message == null ? "" : message);
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id.name();
    }

    /**
     * Writes every file of a commit under {@code dir} (which must be empty or missing), with executable files
     * executable: the candidate as a directory to run.
     */
    public void checkout(String commit, Path dir) {
        ObjectId id = resolve(commit);
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader);
             TreeWalk tree = new TreeWalk(reader)) {
            Files.createDirectories(dir);
            tree.addTree(walk.parseCommit(id).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                if (mode.getObjectType() != Constants.OBJ_BLOB || mode == FileMode.SYMLINK) {
                    continue;
                }
                Path file = dir.resolve(checkPath(tree.getPathString()));
                Files.createDirectories(file.getParent());
                Files.write(file, reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes());
                if (mode == FileMode.EXECUTABLE_FILE) {
                    file.toFile().setExecutable(true, false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check out " + commit + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every text file of a commit (binary files, symbolic links and files over 1 MB are left out), sorted by path.
     */
    @Override
    public SortedMap<String, String> files(String commit) {
        return files(commit, path -> true);
    }

    /** The text files of a commit whose paths {@code paths} accepts; no other file is read. */
    @Override
    public SortedMap<String, String> files(String commit, Predicate<String> paths) {
        ObjectId id = resolve(commit);
        SortedMap<String, String> files = new TreeMap<>();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader);
             TreeWalk tree = new TreeWalk(reader)) {
            tree.addTree(walk.parseCommit(id).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                // a symbolic link's blob is its target, not a file to read or edit
                if (tree.getFileMode(0).getObjectType() != Constants.OBJ_BLOB
                        || tree.getFileMode(0) == FileMode.SYMLINK || !paths.test(tree.getPathString())) {
                    continue;
                }
                if (reader.getObjectSize(tree.getObjectId(0), Constants.OBJ_BLOB) > MAX_FILE_BYTES) {
                    continue;
                }
                byte[] bytes = reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes();
                try {
                    files.put(tree.getPathString(), text(tree.getPathString(), bytes));
                } catch (IllegalArgumentException binary) {
                    // binary or not UTF-8: left out
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + commit + ": " + e.getMessage(), e);
        }
    }

    /** The id of a commit's tree: two commits with equal trees hold identical candidates. */
    public String treeId(String commit) {
        ObjectId id = resolve(commit);
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id).getTree().name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + commit + ": " + e.getMessage(), e);
        }
    }

    /** A git-style unified diff ({@code diff --git a/… b/…}, 3 lines of context) of every file that changed. */
    public String unifiedDiff(String fromCommit, String toCommit) {
        ObjectId from = resolve(fromCommit);
        ObjectId to = resolve(toCommit);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RevWalk walk = new RevWalk(repo); DiffFormatter formatter = new DiffFormatter(out)) {
            formatter.setRepository(repo);
            formatter.setContext(3);
            formatter.format(walk.parseCommit(from).getTree(), walk.parseCommit(to).getTree());
            formatter.flush();
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot diff " + fromCommit + " and " + toCommit + ": "
                    + e.getMessage(), e);
        }
    }

    /** Points {@code refName} (e.g. {@code refs/alp/<session>/<node>}) at a commit, moving it if it exists. */
    public void setRef(String refName, String commit) {
        if (refName == null || !refName.startsWith("refs/") || !Repository.isValidRefName(refName)) {
            throw new IllegalArgumentException("not a valid ref name: " + refName);
        }
        ObjectId id = resolve(commit);
        // one writer per ref in this process; another process holding Git's lock file is waited out briefly
        synchronized (refLocks[Math.floorMod(refName.hashCode(), refLocks.length)]) {
            RefUpdate.Result result = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    RefUpdate update = repo.updateRef(refName);
                    update.setNewObjectId(id);
                    update.setForceUpdate(true);
                    update.disableRefLog();
                    result = update.update();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot set " + refName + ": " + e.getMessage(), e);
                }
                switch (result) {
                    case NEW, FORCED, NO_CHANGE, FAST_FORWARD -> {
                        return;
                    }
                    case LOCK_FAILURE -> pause(attempt);
                    default -> throw new IllegalStateException("could not set " + refName + " to " + commit + ": "
                            + result);
                }
            }
            throw new IllegalStateException("could not set " + refName + " to " + commit + ": " + result
                    + " (the ref stayed locked by another writer)");
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(100, 5L * (attempt + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a ref lock", e);
        }
    }

    /** The commit a ref points at, or null when it does not exist. */
    public String ref(String refName) {
        try {
            var ref = repo.exactRef(refName);
            return ref == null || ref.getObjectId() == null ? null : ref.getObjectId().name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + refName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        repo.close();
    }

    private ObjectId resolve(String commit) {
        if (commit == null || commit.isBlank()) {
            throw new IllegalArgumentException("no commit given");
        }
        try {
            ObjectId id = repo.resolve(commit + "^{commit}");
            if (id == null) {
                throw new IllegalArgumentException("unknown commit " + commit + " in the source store");
            }
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit parsed = walk.parseCommit(id);
                return parsed.copy();
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("unknown commit " + commit + " in the source store: "
                    + e.getMessage(), e);
        }
    }

    static String checkPath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.endsWith("/")
                || path.contains("\0")) {
            throw new IllegalArgumentException("not a relative file path: " + path);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.equals(".git")) {
                throw new IllegalArgumentException("not a relative file path: " + path);
            }
        }
        return path;
    }

    private static String relative(Path root, Path file) {
        StringBuilder path = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (!path.isEmpty()) {
                path.append('/');
            }
            path.append(part);
        }
        return path.toString();
    }

    private static String text(String path, byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("file " + path + " is binary (holds a NUL byte); agent sources "
                        + "must be text");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("file " + path + " is not UTF-8 text", e);
        }
    }
}
