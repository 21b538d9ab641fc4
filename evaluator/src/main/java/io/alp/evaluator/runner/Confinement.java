package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a case's {@link ResourceLimits} are enforced on this machine: memory, processes and CPU share by a cgroup of
 * its own where ALP may create one ({@link Cgroups}), everything else, or all of it where no cgroup is writable, by
 * rlimits set with {@code prlimit} (or the shell's {@code ulimit}); {@code /tmp} by the sandbox's tmpfs size; wall
 * time by the runner.
 */
public final class Confinement {

    private final ResourceLimits limits;
    private final Optional<Cgroups> cgroups;
    private final Optional<Path> prlimit;
    private final boolean root;

    Confinement(ResourceLimits limits, Optional<Cgroups> cgroups, Optional<Path> prlimit, boolean root) {
        this.limits = limits;
        this.cgroups = cgroups;
        this.prlimit = prlimit;
        this.root = root;
    }

    /** The limits as this machine can enforce them. */
    public static Confinement of(ResourceLimits limits) {
        return new Confinement(limits, limits.none() ? Optional.empty() : Cgroups.available(),
                Processes.find("prlimit"), "root".equals(System.getProperty("user.name")));
    }

    public ResourceLimits limits() {
        return limits;
    }

    /** Whether the kernel holds the case to its process count (else the runner counts its process tree). */
    public boolean kernelCountsProcesses() {
        return limits.processes() > 0 && (byCgroup("pids") || !root && prlimit.isPresent());
    }

    /** A cgroup for one case, or null where cgroups are not used. */
    CaseCgroup cgroup() throws IOException {
        if (cgroups.isEmpty() || limits.none()) {
            return null;
        }
        return cgroups.get().create(limits);
    }

    /** Prefixes {@code command} (which runs on the host) so that it first joins {@code cgroup}. */
    static List<String> joining(CaseCgroup cgroup, List<String> command) {
        if (cgroup == null) {
            return command;
        }
        StringBuilder script = new StringBuilder("unset PWD; ");
        for (Path procs : cgroup.procsFiles()) {
            script.append("echo $$ > '").append(procs).append("' || exit 125; ");
        }
        script.append("exec \"$@\"");
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Wraps the candidate's own command so the rlimits apply to it and everything it starts.
     *
     * @param fileSize whether to bound the size of a file it writes (when it writes to the host's disk)
     */
    List<String> rlimited(List<String> command, boolean fileSize) {
        List<Rlimit> set = new ArrayList<>();
        if (limits.cpuSeconds() > 0) {
            set.add(new Rlimit("cpu", "t", limits.cpuSeconds(), false));
        }
        if (limits.memoryMb() > 0 && !byCgroup("memory")) {
            set.add(new Rlimit("as", "v", limits.memoryMb() << 20, true));
        }
        if (limits.openFiles() > 0) {
            set.add(new Rlimit("nofile", "n", limits.openFiles(), false));
        }
        if (fileSize && limits.tmpMb() > 0) {
            set.add(new Rlimit("fsize", "f", limits.tmpMb() << 20, true));
        }
        if (limits.processes() > 0 && !byCgroup("pids") && !root) {
            // RLIMIT_NPROC counts every process of the user, and root is exempt from it
            set.add(new Rlimit("nproc", "u", limits.processes(), false));
        }
        if (set.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>();
        if (prlimit.isPresent()) {
            wrapped.add(prlimit.get().toString());
            set.forEach(l -> wrapped.add("--" + l.prlimitName() + "=" + l.value()));
            wrapped.add("--");
        } else {
            StringBuilder script = new StringBuilder("unset PWD; ");
            for (Rlimit l : set) {
                // ulimit counts memory and file sizes in KiB
                script.append("ulimit -").append(l.ulimitFlag()).append(' ')
                        .append(l.bytes() ? l.value() >> 10 : l.value()).append(" || exit 125; ");
            }
            script.append("exec \"$@\"");
            wrapped.addAll(List.of("/bin/sh", "-c", script.toString(), "sh"));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** One rlimit: its name for {@code prlimit}, its flag for {@code ulimit}, and whether it counts bytes. */
    private record Rlimit(String prlimitName, String ulimitFlag, long value, boolean bytes) {
    }

    /**
     * What holds a case, as said at the start of a session: e.g. {@code memory 2048 MiB (cgroup v1), processes 256
     * (cgroup v1), CPU 240 s per process (rlimit), open files 1024 (rlimit), /tmp 512 MiB (tmpfs), wall time 120 s}.
     *
     * @param tmpfs whether {@code /tmp} is a tmpfs of the sandbox (else its size bounds each file written)
     */
    public String describe(Duration wallTime, boolean tmpfs) {
        List<String> parts = new ArrayList<>();
        String cgroup = cgroups.map(c -> c.describe().replaceFirst(":.*", "")).orElse("");
        if (limits.memoryMb() > 0) {
            parts.add("memory " + limits.memoryMb() + " MiB" + (byCgroup("memory") ? " (" + cgroup + ")"
                    : " of address space per process (rlimit)"));
        }
        if (limits.processes() > 0) {
            parts.add("processes " + limits.processes() + (byCgroup("pids") ? " (" + cgroup + ")"
                    : root ? " (counted by the runner; rlimits do not bind root)" : " (rlimit)"));
        }
        if (limits.cpuSeconds() > 0) {
            parts.add("CPU " + limits.cpuSeconds() + " s per process (rlimit)"
                    + (byCgroup("cpu") ? ", one core at most (" + cgroup + ")" : ""));
        }
        if (limits.openFiles() > 0) {
            parts.add("open files " + limits.openFiles() + " (rlimit)");
        }
        if (limits.tmpMb() > 0) {
            parts.add(tmpfs ? "/tmp and home " + limits.tmpMb() + " MiB each (tmpfs)"
                    : "files up to " + limits.tmpMb() + " MiB (rlimit)");
        }
        parts.add("wall time " + Processes.seconds(wallTime));
        return String.join(", ", parts);
    }

    private boolean byCgroup(String controller) {
        return cgroups.isPresent() && cgroups.get().controls(controller);
    }
}
