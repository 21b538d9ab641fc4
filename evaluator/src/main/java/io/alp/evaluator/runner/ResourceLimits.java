package io.alp.evaluator.runner;

import java.time.Duration;

/**
 * Limits on one run of a candidate; 0 means none. How each is enforced depends on the machine (see
 * {@link Confinement}): a cgroup where ALP may create one, an rlimit otherwise.
 *
 * @param cpuSeconds CPU time of each process ({@code RLIMIT_CPU})
 * @param memoryMb   memory of the whole case (cgroup), or address space of each process ({@code RLIMIT_AS}), in MiB
 * @param processes  processes (and threads) the case may have alive at once (cgroup {@code pids.max}; else counted
 *                   over its process tree by the runner)
 * @param tmpMb      size of the sandbox's private {@code /tmp} and home, each ({@code tmpfs size}); the largest file
 *                   a process may write when unsandboxed ({@code RLIMIT_FSIZE})
 * @param openFiles  open file descriptors of each process ({@code RLIMIT_NOFILE})
 */
public record ResourceLimits(long cpuSeconds, long memoryMb, int processes, long tmpMb, int openFiles) {

    public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0, 0, 0);

    public static final long DEFAULT_MEMORY_MB = 2048;
    public static final int DEFAULT_PROCESSES = 256;
    public static final long DEFAULT_TMP_MB = 512;
    public static final int DEFAULT_OPEN_FILES = 1024;

    public ResourceLimits {
        if (cpuSeconds < 0 || memoryMb < 0 || processes < 0 || tmpMb < 0 || openFiles < 0) {
            throw new IllegalArgumentException("resource limits cannot be negative (0 means none)");
        }
    }

    /** CPU, memory and process limits only. */
    public ResourceLimits(long cpuSeconds, long memoryMb, int processes) {
        this(cpuSeconds, memoryMb, processes, 0, 0);
    }

    /** What a case gets unless its agent says otherwise: CPU time twice its wall time, and the defaults above. */
    public static ResourceLimits defaults(Duration timeout) {
        return new ResourceLimits(Math.max(1, 2 * timeout.toSeconds()), DEFAULT_MEMORY_MB, DEFAULT_PROCESSES,
                DEFAULT_TMP_MB, DEFAULT_OPEN_FILES);
    }

    public boolean none() {
        return equals(NONE);
    }
}
