package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command as a plain child process: a cleared environment and resource limits, nothing more. The
 * candidate can read the whole disk, write wherever ALP's user can, and reach the network. Everything it starts
 * ends with the case: its cgroup is killed where there is one; else it runs in a PID namespace of its own
 * ({@code unshare --pid --kill-child}, where this user may make one), whose processes the kernel ends with it.
 */
public final class UnsandboxedSandbox implements Sandbox {

    private static volatile Optional<Path> pidNamespace;

    @Override
    public String mode() {
        return "none";
    }

    @Override
    public String describe(Confinement confinement, Duration wallTime) {
        return "none (the agent sees the whole disk and the network); limits: " + confinement.describe(wallTime, false)
                + "; what it starts ends with the case (" + (Cgroups.available().isPresent() ? "its cgroup"
                : pidNamespace().isPresent() ? "a PID namespace" : "its process tree only: a process that leaves "
                + "it survives") + ")";
    }

    @Override
    public Started start(Launch launch) throws IOException {
        // a bare program name is looked up on the candidate's PATH, not on ALP's (which may hold shims of its own)
        List<String> command = new ArrayList<>(launch.command());
        if (!command.get(0).contains("/")) {
            Processes.findOnSystemPath(command.get(0)).ifPresent(p -> command.set(0, p.toString()));
        }
        CaseCgroup cgroup = launch.confinement().cgroup();
        List<String> full = launch.confinement().rlimited(command, true);
        if (cgroup == null && pidNamespace().isPresent()) {
            List<String> inNamespace = new ArrayList<>(List.of(pidNamespace().get().toString(), "--pid", "--fork",
                    "--kill-child", "--"));
            inNamespace.addAll(full);
            full = inNamespace;
        }
        ProcessBuilder builder = Processes.clearedEnvironment(
                new ProcessBuilder(Confinement.joining(cgroup, full)).directory(launch.worktree().toFile()),
                Processes.environment(launch.home().toString(), launch.environment()));
        try {
            return new Started(builder.start(), cgroup, List.of());
        } catch (IOException e) {
            new Started(null, cgroup, List.of()).close();
            throw new IOException("agent command " + launch.command() + " could not start in " + launch.worktree()
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@code unshare}, when it can give this user a PID namespace here. */
    static Optional<Path> pidNamespace() {
        Optional<Path> found = pidNamespace;
        if (found == null) {
            found = Processes.find("unshare").filter(UnsandboxedSandbox::works);
            pidNamespace = found;
        }
        return found;
    }

    private static boolean works(Path unshare) {
        try {
            Process p = new ProcessBuilder(unshare.toString(), "--pid", "--fork", "--kill-child", "--", "/bin/true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
