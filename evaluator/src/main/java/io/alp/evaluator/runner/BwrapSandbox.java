package io.alp.evaluator.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the command under bubblewrap, in a file system built from an allow-list ({@link SandboxView}): the system's
 * programs and libraries read-only, the paths the agent adds read-only, a private {@code /tmp} and home of a bounded
 * size, {@code /dev} and {@code /proc} of its own, the case's worktree writable at {@value #WORKTREE} (the working
 * directory), every namespace unshared (so no network), and a cleared environment. The only way out is the metering
 * gateway: a {@link GatewayBridge} socket mounted at {@value #SOCKET}, which {@code socat} inside the sandbox serves
 * on {@code 127.0.0.1:<gateway port>}, so the candidate reaches the gateway at the very URLs it would use
 * unsandboxed. Where ALP may create cgroups the whole sandbox runs in one of the case's own.
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
    private final SandboxView view = new SandboxView();

    /**
     * @param socat null when no gateway will be used; starting a command with a gateway port then fails
     */
    public BwrapSandbox(Path bwrap, Path socat) {
        this.bwrap = Objects.requireNonNull(bwrap, "bwrap");
        this.socat = socat;
    }

    @Override
    public String mode() {
        return "bwrap";
    }

    @Override
    public String describe(Confinement confinement, Duration wallTime) {
        return "bwrap (no network but the gateway; the system's programs and libraries, the worktree and a private "
                + "/tmp, nothing else of the host); limits: " + confinement.describe(wallTime, true);
    }

    @Override
    public Started start(Launch launch) throws IOException {
        if (launch.gatewayPort() > 0 && socat == null) {
            throw new IOException("the bwrap sandbox needs socat to let candidates reach the gateway: install it "
                    + "(apt-get install socat)");
        }
        String program = launch.command().get(0);
        if (program.startsWith("/") && !SandboxView.visible(Path.of(program), launch.readOnly())) {
            throw new IOException("the agent's program " + program + " is outside what the sandbox shows: add its "
                    + "installation directory to the agent's readOnlyPaths");
        }
        List<AutoCloseable> resources = new ArrayList<>();
        CaseCgroup cgroup = null;
        try {
            RunDir run = RunDir.create();
            resources.add(run);
            if (launch.gatewayPort() > 0) {
                resources.add(0, GatewayBridge.start(run.path().resolve("gateway.sock"), launch.gatewayPort()));
            }
            cgroup = launch.confinement().cgroup();
            ProcessBuilder builder = new ProcessBuilder(Confinement.joining(cgroup, command(launch, run.path())))
                    .directory(launch.worktree().toFile());
            builder.environment().clear();
            builder.environment().put("PATH", Processes.SYSTEM_PATH);
            return new Started(builder.start(), cgroup, resources);
        } catch (IOException e) {
            new Started(null, cgroup, resources).close();
            throw new IOException("bwrap could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            new Started(null, cgroup, resources).close();
            throw e;
        }
    }

    /** The bwrap command line for a launch whose runner-side files are in {@code runDir}. */
    List<String> command(Launch launch, Path runDir) throws IOException {
        long tmpBytes = launch.confinement().limits().tmpMb() << 20;
        List<String> args = new ArrayList<>(List.of(bwrap.toString(),
                "--unshare-all", "--die-with-parent", "--new-session"));
        args.addAll(view.system());
        args.addAll(SandboxView.accounts(runDir, HOME));
        for (Path path : launch.readOnly()) {
            Path p = path.toAbsolutePath().normalize();
            if (Files.exists(p)) {
                args.addAll(List.of("--ro-bind", p.toString(), p.toString()));
            }
        }
        for (Path path : launch.hidden()) {
            Path p = path.toAbsolutePath().normalize();
            if (Files.isDirectory(p) && SandboxView.visible(p, launch.readOnly())) {
                args.addAll(List.of("--tmpfs", p.toString()));
            }
        }
        args.addAll(List.of("--dev", "/dev", "--proc", "/proc"));
        for (String tmpfs : List.of("/tmp", HOME)) {
            if (tmpBytes > 0) {
                args.addAll(List.of("--size", String.valueOf(tmpBytes)));
            }
            args.addAll(List.of("--tmpfs", tmpfs));
        }
        args.addAll(List.of("--bind", launch.worktree().toAbsolutePath().toString(), WORKTREE));
        if (launch.gatewayPort() > 0) {
            args.addAll(List.of("--ro-bind", runDir.resolve("gateway.sock").toString(), SOCKET));
        }
        args.addAll(List.of("--remount-ro", "/", "--chdir", WORKTREE, "--clearenv"));
        for (Map.Entry<String, String> e : Processes.environment(HOME, launch.environment()).entrySet()) {
            args.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        args.addAll(List.of("--", "/bin/sh", "-c", script(launch.gatewayPort()), "sh"));
        args.addAll(launch.confinement().rlimited(launch.command(), false));
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
