package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file system a bwrap sandbox shows, built from an allow-list rather than the host's root: the system's programs
 * and libraries ({@code /usr} and its {@code /bin}, {@code /lib}... links), the few files under {@code /etc} that
 * programs read to start (the loader's cache, certificates, time zone, name service, interpreters' settings; never
 * {@code shadow}, keys or service configuration), an account file naming only the sandbox's user, and the paths the
 * agent's configuration adds read-only. Nothing of {@code /run}, {@code /var}, {@code /home}, {@code /root},
 * {@code /opt}, {@code /srv} or {@code /mnt}: no host socket, no data directory, no other repository.
 */
final class SandboxView {

    static final List<String> SYSTEM_DIRS = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    static final List<String> ETC = List.of("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives",
            "ssl/certs", "ssl/openssl.cnf", "ca-certificates", "ca-certificates.conf", "localtime", "timezone",
            "nsswitch.conf", "hosts", "host.conf", "gai.conf", "services", "protocols", "mime.types", "os-release",
            "debian_version", "magic", "magic.mime", "inputrc", "pip.conf");
    /** Settings directories of interpreters: {@code /etc/python3.11}, {@code /etc/java-17-openjdk}... */
    static final List<String> ETC_PREFIXES = List.of("python", "java-", "perl", "node");

    private final Path etc;

    SandboxView(Path etc) {
        this.etc = etc;
    }

    SandboxView() {
        this(Path.of("/etc"));
    }

    /** The bwrap arguments that mount the system part of the view, read-only. */
    List<String> system() {
        List<String> args = new ArrayList<>();
        for (String dir : SYSTEM_DIRS) {
            Path p = Path.of(dir);
            if (Files.isSymbolicLink(p)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
                } catch (IOException e) {
                    // unreadable link: leave it out
                }
            } else if (Files.isDirectory(p)) {
                args.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        for (Path p : etcFiles()) {
            args.addAll(List.of("--ro-bind", p.toString(), "/etc/" + etc.relativize(p)));
        }
        return args;
    }

    /** The allowed entries of {@code /etc} present here. */
    List<Path> etcFiles() {
        List<Path> files = new ArrayList<>();
        for (String name : ETC) {
            Path p = etc.resolve(name);
            if (Files.exists(p)) {
                files.add(p);
            }
        }
        try (Stream<Path> entries = Files.list(etc)) {
            entries.filter(p -> ETC_PREFIXES.stream().anyMatch(pre -> p.getFileName().toString().startsWith(pre)))
                    .filter(Files::isDirectory).sorted().forEach(files::add);
        } catch (IOException e) {
            // no /etc to list: the named entries are all there is
        }
        return files;
    }

    /** {@code /etc/passwd} and {@code /etc/group} naming the sandbox's user only, written to {@code dir}. */
    static List<String> accounts(Path dir, String home) throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:agent:" + home + ":/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        Path group = Files.writeString(dir.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
        return List.of("--ro-bind", passwd.toString(), "/etc/passwd", "--ro-bind", group.toString(), "/etc/group");
    }

    /** Whether a host path is inside what the view shows of the system, or under one of {@code readOnly}. */
    static boolean visible(Path path, List<Path> readOnly) {
        Path p = path.toAbsolutePath().normalize();
        for (String dir : SYSTEM_DIRS) {
            if (p.startsWith(dir)) {
                return true;
            }
        }
        return readOnly.stream().anyMatch(r -> p.startsWith(r.toAbsolutePath().normalize()));
    }
}
