package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** What holds a case in this sandbox, as said at the start of a session. */
    String describe(Confinement confinement, java.time.Duration wallTime);

    /**
     * What to start.
     *
     * @param command     program and arguments, run in the worktree without a shell
     * @param worktree    the case's fresh copy of the candidate; the only place it may write (besides its home
     *                    and a private /tmp when sandboxed)
     * @param home        a writable directory for {@code HOME} when the sandbox provides none of its own
     * @param environment variables to set on top of {@code PATH}, {@code HOME} and {@code LANG}
     * @param confinement the resource limits and how they are enforced here
     * @param gatewayPort the loopback port of the metering gateway the command must reach; 0 for none
     * @param readOnly    host paths the command may read beyond the system's programs and libraries (its
     *                    interpreter's, when installed elsewhere), when the sandbox shows only what it lists
     * @param hidden      host directories the command must not see (when the sandbox can hide them)
     */
    record Launch(List<String> command, Path worktree, Path home, Map<String, String> environment,
                  Confinement confinement, int gatewayPort, List<Path> readOnly, List<Path> hidden) {
        public Launch {
            command = List.copyOf(command);
            Objects.requireNonNull(worktree, "worktree");
            Objects.requireNonNull(home, "home");
            environment = environment == null ? Map.of() : Map.copyOf(environment);
            confinement = confinement == null ? Confinement.of(ResourceLimits.NONE) : confinement;
            readOnly = readOnly == null ? List.of() : List.copyOf(readOnly);
            hidden = hidden == null ? List.of() : List.copyOf(hidden);
        }
    }

    /**
     * A started command.
     *
     * @param process   the process the caller waits on; killing its tree ends the command
     * @param cgroup    the case's cgroup, null when it has none
     * @param resources what to release once the command ended (such as a gateway bridge), in order
     */
    record Started(Process process, CaseCgroup cgroup, List<AutoCloseable> resources) implements AutoCloseable {
        public Started {
            resources = resources == null ? List.of() : List.copyOf(resources);
        }

        /** Kills what is left of the case: every process of its cgroup, else its process tree. */
        public void killAll() {
            Processes.killTree(process);
            if (cgroup != null) {
                cgroup.killAll();
            }
        }

        /** The limits the case ran into (known only where a cgroup holds it). */
        public List<String> limitsHit() {
            return cgroup == null ? List.of() : cgroup.limitsHit();
        }

        @Override
        public void close() {
            List<AutoCloseable> all = new ArrayList<>();
            if (cgroup != null) {
                all.add(cgroup);
            }
            all.addAll(resources);
            for (AutoCloseable resource : all) {
                try {
                    resource.close();
                } catch (Exception ignored) {
                    // best effort: the case is over
                }
            }
        }
    }
}
