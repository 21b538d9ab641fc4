package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the command as a plain child process: a cleared environment and resource limits, nothing more. The
 * candidate can read the whole disk, write wherever ALP's user can, and reach the network.
 */
public final class UnsandboxedSandbox implements Sandbox {

    private final Optional<Path> prlimit = Processes.find("prlimit");

    @Override
    public String mode() {
        return "none";
    }

    @Override
    public Started start(Launch launch) throws IOException {
        // a bare program name is looked up on the candidate's PATH, not on ALP's (which may hold shims of its own)
        List<String> command = new ArrayList<>(launch.command());
        if (!command.get(0).contains("/")) {
            Processes.findOnSystemPath(command.get(0)).ifPresent(p -> command.set(0, p.toString()));
        }
        ProcessBuilder builder = Processes.clearedEnvironment(
                new ProcessBuilder(Processes.limited(launch.limits(), command, prlimit))
                        .directory(launch.worktree().toFile()),
                Processes.environment(launch.home().toString(), launch.environment()));
        try {
            return new Started(builder.start(), null);
        } catch (IOException e) {
            throw new IOException("agent command " + launch.command() + " could not start in " + launch.worktree()
                    + ": " + e.getMessage(), e);
        }
    }
}
