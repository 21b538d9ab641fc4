package io.alp.evaluator.runner;

/**
 * Limits on one run of a candidate; 0 means none.
 *
 * @param cpuSeconds CPU time of each process ({@code RLIMIT_CPU})
 * @param memoryMb   address space of each process ({@code RLIMIT_AS}), in MiB
 * @param processes  processes the candidate may have alive at once, counted over its whole process tree
 */
public record ResourceLimits(long cpuSeconds, long memoryMb, int processes) {

    public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0);

    public ResourceLimits {
        if (cpuSeconds < 0 || memoryMb < 0 || processes < 0) {
            throw new IllegalArgumentException("resource limits cannot be negative (0 means none)");
        }
    }

    public boolean none() {
        return cpuSeconds == 0 && memoryMb == 0 && processes == 0;
    }
}
