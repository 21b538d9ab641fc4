package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the command under bubblewrap: the host's file system read-only with {@code /root}, {@code /home} and the
 * workspaces hidden, a private {@code /tmp}, {@code /dev} and {@code /proc}, the case's worktree writable at
 * {@value #WORKTREE} (the working directory), every namespace unshared (so no network), and a cleared environment. The only way out is the
 * metering gateway: a {@link GatewayBridge} socket bind-mounted at {@value #SOCKET}, which {@code socat} inside the
 * sandbox serves on {@code 127.0.0.1:<gateway port>}, so the candidate reaches the gateway at the very URLs it would
 * use unsandboxed.
 */
public final class BwrapSandbox implements Sandbox {

    /**
     * Where the worktree is mounted, and the command's working directory: under the sandbox's own {@code /tmp}, as
     * a mount point cannot be created in the read-only root.
     */
    public static final String WORKTREE = "/tmp/work";
    /** The directory shared with the runner. */
    public static final String RUN_DIR = "/tmp/alp";
    public static final String SOCKET = RUN_DIR + "/gateway.sock";
    public static final String HOME = "/home/agent";

    private final Path bwrap;
    private final Path socat;
    private final Optional<Path> prlimit;

    /**
     * @param socat null when no gateway will be used; starting a command with a gateway port then fails
     */
    public BwrapSandbox(Path bwrap, Path socat, Optional<Path> prlimit) {
        this.bwrap = Objects.requireNonNull(bwrap, "bwrap");
        this.socat = socat;
        this.prlimit = prlimit == null ? Optional.empty() : prlimit;
    }

    @Override
    public String mode() {
        return "bwrap";
    }

    @Override
    public Started start(Launch launch) throws IOException {
        GatewayBridge bridge = null;
        if (launch.gatewayPort() > 0) {
            if (socat == null) {
                throw new IOException("the bwrap sandbox needs socat to let candidates reach the gateway: install it "
                        + "(apt-get install socat)");
            }
            bridge = GatewayBridge.start(launch.runDir().resolve("gateway.sock"), launch.gatewayPort());
        }
        ProcessBuilder builder = new ProcessBuilder(command(launch)).directory(launch.worktree().toFile());
        builder.environment().clear();
        builder.environment().put("PATH", Processes.SYSTEM_PATH);
        try {
            return new Started(builder.start(), bridge);
        } catch (IOException e) {
            if (bridge != null) {
                bridge.close();
            }
            throw new IOException("bwrap could not start: " + e.getMessage(), e);
        }
    }

    /** The bwrap command line for a launch. */
    List<String> command(Launch launch) {
        List<String> args = new ArrayList<>(List.of(bwrap.toString(),
                "--unshare-all", "--die-with-parent", "--new-session",
                "--ro-bind", "/", "/",
                "--dev", "/dev",
                "--proc", "/proc",
                "--tmpfs", "/tmp"));
        List<Path> hide = new ArrayList<>(List.of(Path.of("/root"), Path.of("/home")));
        hide.addAll(launch.hidden());
        for (Path path : hide) {
            Path p = path.toAbsolutePath().normalize();
            if (p.getNameCount() == 0 || Path.of(WORKTREE).startsWith(p) || Path.of("/tmp").startsWith(p)
                    || !Files.isDirectory(p)) {
                continue;
            }
            args.addAll(List.of("--tmpfs", p.toString()));
        }
        args.addAll(List.of("--dir", HOME,
                "--bind", launch.worktree().toAbsolutePath().toString(), WORKTREE));
        if (launch.gatewayPort() > 0) {
            args.addAll(List.of("--bind", launch.runDir().toAbsolutePath().toString(), RUN_DIR));
        }
        args.addAll(List.of("--chdir", WORKTREE, "--clearenv"));
        for (Map.Entry<String, String> e : Processes.environment(HOME, launch.environment()).entrySet()) {
            args.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        args.addAll(List.of("--", "/bin/sh", "-c", script(launch.gatewayPort()), "sh"));
        args.addAll(Processes.limited(launch.limits(), launch.command(), prlimit));
        return args;
    }

    /** Starts the relay to the gateway (when there is one), waits until it listens, then becomes the command. */
    private String script(int gatewayPort) {
        StringBuilder s = new StringBuilder("unset PWD\n");
        if (gatewayPort > 0) {
            String hex = String.format(Locale.ROOT, "%04X", gatewayPort);
            s.append(socat).append(" TCP-LISTEN:").append(gatewayPort)
                    .append(",bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:").append(SOCKET).append(" &\n")
                    .append("n=0\n")
                    .append("while ! grep -q ' 0100007F:").append(hex).append(" 00000000:0000 0A' /proc/net/tcp; do\n")
                    .append("  n=$((n+1))\n")
                    .append("  if [ $n -gt 500 ]; then echo 'alp: the relay to the gateway did not start' >&2; ")
                    .append("exit 125; fi\n")
                    .append("  sleep 0.01\n")
                    .append("done\n");
        }
        s.append("exec \"$@\"\n");
        return s.toString();
    }
}
