package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private directory for what the runner shares with one sandboxed case (the gateway's socket, the account files),
 * at a short path of its own: a Unix socket's path may not exceed 107 bytes, whatever the length of the data
 * directory. Deleted on close.
 */
record RunDir(Path path) implements AutoCloseable {

    /** The longest socket path Linux accepts ({@code sun_path} holds 108 bytes with the terminating NUL). */
    static final int MAX_SOCKET_PATH = 107;
    private static final String SOCKET_NAME = "gateway.sock";

    static RunDir create() throws IOException {
        Path base = Files.isDirectory(Path.of("/tmp")) && Files.isWritable(Path.of("/tmp")) ? Path.of("/tmp")
                : Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, "alp-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int length = dir.resolve(SOCKET_NAME).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH) {
            Files.delete(dir);
            throw new IOException("no short directory for the gateway's socket: " + dir + " is too long for a Unix "
                    + "socket (" + length + " > " + MAX_SOCKET_PATH + " bytes); make /tmp writable");
        }
        return new RunDir(dir);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
