package io.alp.evaluator.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cgroups ALP may create for its cases: a directory {@code alp-<pid>} under this process's own cgroup, on the
 * unified hierarchy (cgroup v2, with the memory, pids and cpu controllers delegated to it) or on the v1 hierarchies
 * of those controllers that are writable. Found once per process; absent where none is writable (an unprivileged
 * user without delegation), and then the limits fall back to rlimits.
 */
public final class Cgroups {

    private static final Logger log = LoggerFactory.getLogger(Cgroups.class);
    static final Path ROOT = Path.of("/sys/fs/cgroup");
    static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu");
    static final long CPU_PERIOD_US = 100_000;

    private static volatile Optional<Cgroups> found;

    private final boolean unified;
    /** Controller → the directory cases are created under; for v2 every controller maps to the same one. */
    private final Map<String, Path> parents;
    private final AtomicLong ids = new AtomicLong();

    private Cgroups(boolean unified, Map<String, Path> parents) {
        this.unified = unified;
        this.parents = Map.copyOf(parents);
    }

    /** The cgroups of this process, looked for once. */
    public static Optional<Cgroups> available() {
        Optional<Cgroups> f = found;
        if (f == null) {
            synchronized (Cgroups.class) {
                if (found == null) {
                    found = detect(ROOT, Path.of("/proc/self/cgroup"), ProcessHandle.current().pid());
                    found.ifPresent(Cgroups::removeOnExit);
                    found.ifPresentOrElse(c -> log.info("cases are limited by {}", c.describe()),
                            () -> log.info("no writable cgroup: case limits are rlimits"));
                }
                f = found;
            }
        }
        return f;
    }

    static Optional<Cgroups> detect(Path root, Path selfCgroup, long pid) {
        Map<String, String> own;
        try {
            own = ownPaths(Files.readAllLines(selfCgroup, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        String name = "alp-" + pid;
        if (Files.isRegularFile(root.resolve("cgroup.controllers")) && own.containsKey("")) {
            return unified(root.resolve(relative(own.get(""))), name);
        }
        Map<String, Path> parents = new LinkedHashMap<>();
        for (String controller : CONTROLLERS) {
            Path hierarchy = root.resolve(controller);
            String path = own.get(controller);
            if (path == null || !Files.isDirectory(hierarchy)) {
                continue;
            }
            Path dir = hierarchy.resolve(relative(path)).resolve(name);
            if (makeDir(dir)) {
                parents.put(controller, dir);
            }
        }
        return parents.isEmpty() ? Optional.empty() : Optional.of(new Cgroups(false, parents));
    }

    /** Removes this process's (by then empty) cgroup directories when it exits. */
    private void removeOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> parents.values().stream().distinct().forEach(dir -> {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException | RuntimeException ignored) {
                // a case still running as the JVM goes: left for the system to clean
            }
        }), "alp-cgroup-cleanup"));
    }

    private static Optional<Cgroups> unified(Path own, String name) {
        Path dir = own.resolve(name);
        if (!makeDir(dir)) {
            return Optional.empty();
        }
        List<String> enabled = new ArrayList<>();
        for (String controller : CONTROLLERS) {
            // the parent must hand the controller down first; it refuses when it holds processes itself
            write(own.resolve("cgroup.subtree_control"), "+" + controller);
            if (write(dir.resolve("cgroup.subtree_control"), "+" + controller)) {
                enabled.add(controller);
            }
        }
        Map<String, Path> parents = new LinkedHashMap<>();
        enabled.forEach(c -> parents.put(c, dir));
        if (parents.isEmpty()) {
            // still worth having: cgroup.kill ends every process of a case, orphans included
            parents.put("", dir);
        }
        return Optional.of(new Cgroups(true, parents));
    }

    /** Controller → this process's path in it, from {@code /proc/self/cgroup}; v2's entry under "". */
    static Map<String, String> ownPaths(List<String> lines) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[1].isEmpty()) {
                paths.put("", parts[2]);
            }
            for (String controller : parts[1].split(",")) {
                if (!controller.isEmpty()) {
                    paths.put(controller, parts[2]);
                }
            }
        }
        return paths;
    }

    private static String relative(String path) {
        return path.replaceFirst("^/+", "");
    }

    /** The controllers that limit cases, e.g. {@code cgroup v1: memory, pids}. */
    public String describe() {
        List<String> controllers = parents.keySet().stream().filter(c -> !c.isEmpty()).toList();
        return (unified ? "cgroup v2" : "cgroup v1") + (controllers.isEmpty() ? " (no controllers)"
                : ": " + String.join(", ", controllers));
    }

    public boolean controls(String controller) {
        return parents.containsKey(controller);
    }

    /**
     * A new cgroup for one case with {@code limits} written to it.
     *
     * @throws IOException when it cannot be created or a limit cannot be written
     */
    public CaseCgroup create(ResourceLimits limits) throws IOException {
        String name = "case-" + ids.incrementAndGet();
        Map<String, Path> dirs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> e : parents.entrySet()) {
                Path dir = e.getValue().resolve(name);
                if (!dirs.containsValue(dir)) {
                    Files.createDirectory(dir);
                }
                dirs.put(e.getKey(), dir);
            }
            if (limits.memoryMb() > 0 && dirs.containsKey("memory")) {
                long bytes = limits.memoryMb() << 20;
                require(dirs.get("memory").resolve(unified ? "memory.max" : "memory.limit_in_bytes"), bytes);
                if (unified) {
                    write(dirs.get("memory").resolve("memory.swap.max"), "0");
                }
            }
            if (limits.processes() > 0 && dirs.containsKey("pids")) {
                require(dirs.get("pids").resolve("pids.max"), limits.processes());
            }
            if (limits.cpuSeconds() > 0 && dirs.containsKey("cpu")) {
                // at most one core: a case cannot starve the runner and the other cases of CPU
                if (unified) {
                    require(dirs.get("cpu").resolve("cpu.max"), CPU_PERIOD_US + " " + CPU_PERIOD_US);
                } else {
                    require(dirs.get("cpu").resolve("cpu.cfs_quota_us"), CPU_PERIOD_US);
                }
            }
        } catch (IOException | RuntimeException e) {
            new CaseCgroup(unified, dirs).close();
            throw new IOException("could not set up a cgroup for a case: " + e.getMessage(), e);
        }
        return new CaseCgroup(unified, dirs);
    }

    private static void require(Path file, Object value) throws IOException {
        Files.writeString(file, String.valueOf(value));
    }

    private static boolean makeDir(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir.resolve("cgroup.procs"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean write(Path file, String value) {
        try {
            Files.writeString(file, value);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
