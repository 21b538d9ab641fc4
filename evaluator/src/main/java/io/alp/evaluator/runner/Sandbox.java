package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a candidate's command for one case with a cleared environment and resource limits, isolated as far as the
 * implementation goes. Choose one with {@link Sandboxes#create(String)}.
 */
public interface Sandbox {

    /** {@code bwrap} or {@code none}. */
    String mode();

    /** Starts the command; the caller waits for it, kills its tree when needed, and closes the result. */
    Started start(Launch launch) throws IOException;

    /**
     * What to start.
     *
     * @param command     program and arguments, run in the worktree without a shell
     * @param worktree    the case's fresh copy of the candidate; the only place it may write (besides its home
     *                    and a private /tmp when sandboxed)
     * @param home        a writable directory for {@code HOME} when the sandbox provides none of its own
     * @param runDir      a per-case directory the runner may share with the command (for the gateway's socket)
     * @param environment variables to set on top of {@code PATH}, {@code HOME} and {@code LANG}
     * @param limits      resource limits
     * @param gatewayPort the loopback port of the metering gateway the command must reach; 0 for none
     * @param hidden      host directories the command should not see (when the sandbox can hide them)
     */
    record Launch(List<String> command, Path worktree, Path home, Path runDir, Map<String, String> environment,
                  ResourceLimits limits, int gatewayPort, List<Path> hidden) {
        public Launch {
            command = List.copyOf(command);
            Objects.requireNonNull(worktree, "worktree");
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(runDir, "runDir");
            environment = environment == null ? Map.of() : Map.copyOf(environment);
            limits = limits == null ? ResourceLimits.NONE : limits;
            hidden = hidden == null ? List.of() : List.copyOf(hidden);
        }
    }

    /**
     * A started command.
     *
     * @param process   the process the caller waits on; killing its tree ends the command
     * @param resources what to release once the command ended (such as a gateway bridge)
     */
    record Started(Process process, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() {
            if (resources != null) {
                try {
                    resources.close();
                } catch (Exception ignored) {
                    // best effort: the case is over
                }
            }
        }
    }
}
