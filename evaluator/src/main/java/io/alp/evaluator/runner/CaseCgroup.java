package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One case's cgroup (a directory per v1 hierarchy, or one on v2): the processes that join it are held to its
 * limits, and {@link #close()} kills every one of them, orphans and new sessions included, then removes it.
 */
public final class CaseCgroup implements AutoCloseable {

    private static final int KILL_ROUNDS = 50;

    private final boolean unified;
    private final Map<String, Path> dirs;

    CaseCgroup(boolean unified, Map<String, Path> dirs) {
        this.unified = unified;
        this.dirs = Map.copyOf(dirs);
    }

    /** The {@code cgroup.procs} files a process writes its pid to, to join. */
    public List<Path> procsFiles() {
        return new LinkedHashSet<>(dirs.values()).stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** The limits the case ran into, as people read them: e.g. {@code the 256-process limit}. */
    public List<String> limitsHit() {
        List<String> hit = new ArrayList<>();
        Path pids = dirs.get("pids");
        if (pids != null && counter(pids.resolve("pids.events"), "max") > 0) {
            hit.add("the process limit (" + read(pids.resolve("pids.max")).strip() + ")");
        }
        Path memory = dirs.get("memory");
        if (memory != null) {
            long kills = unified ? counter(memory.resolve("memory.events"), "oom_kill")
                    : counter(memory.resolve("memory.oom_control"), "oom_kill");
            if (kills > 0) {
                hit.add("the memory limit (" + kills + " process" + (kills == 1 ? "" : "es") + " killed)");
            }
        }
        return hit;
    }

    /** Kills every process in the cgroup and removes it. */
    @Override
    public void close() {
        killAll();
        for (Path dir : new LinkedHashSet<>(dirs.values())) {
            for (int attempt = 0; attempt < KILL_ROUNDS; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    // busy until the last killed process is reaped
                    sleep();
                }
            }
        }
    }

    /** Kills every process in the cgroup, until none is left. */
    public void killAll() {
        Set<Path> all = new LinkedHashSet<>(dirs.values());
        if (unified) {
            for (Path dir : all) {
                try {
                    Files.writeString(dir.resolve("cgroup.kill"), "1");
                } catch (IOException | RuntimeException ignored) {
                    // older kernels: killed one by one below
                }
            }
        }
        for (int round = 0; round < KILL_ROUNDS; round++) {
            boolean any = false;
            for (Path dir : all) {
                for (String line : read(dir.resolve("cgroup.procs")).split("\n")) {
                    if (!line.isBlank()) {
                        any = true;
                        ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
            if (!any) {
                return;
            }
            sleep();
        }
    }

    private static long counter(Path file, String key) {
        for (String line : read(file).split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                try {
                    return Long.parseLong(parts[1]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
