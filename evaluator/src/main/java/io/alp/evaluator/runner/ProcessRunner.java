package io.alp.evaluator.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.engine.model.Case;
import io.alp.engine.port.CandidateRunner;
import io.alp.engine.port.LlmClient;
import io.alp.engine.port.PriceTable;
import io.alp.engine.port.RunResult;
import io.alp.evaluator.gateway.MeteringGateway;
import io.alp.evaluator.gateway.RunGrant;
import io.alp.evaluator.gateway.RunScope;
import io.alp.evaluator.gateway.RunUsage;
import io.alp.evaluator.source.SourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a candidate, as a command, on one case: in a fresh copy of the candidate's source, inside a {@link Sandbox},
 * with model calls metered by the {@link MeteringGateway}.
 *
 * <p>The command reads {@code {"id": .., "input": .., "attributes": {..}}} on stdin and prints one JSON object on
 * stdout: {@code {"output": "..."}} (a non-string output is kept as its JSON text), optionally with
 * {@code "usage": {"model": "provider/model", "inputTokens": n, "outputTokens": n}} or {@code "usage": {"costUsd": x}}
 * for models it reaches other than through the gateway. Its environment holds {@code PATH}, {@code HOME},
 * {@code LANG} and the gateway's base URLs with a per-run token as {@code OPENAI_API_KEY} / {@code ANTHROPIC_API_KEY};
 * nothing of ALP's own environment. A case fails when the command times out (its whole process tree is killed),
 * starts more processes than allowed, prints more than the cap, exits non-zero, or prints no JSON object.
 *
 * <p>Cases run on this runner's own threads, never the caller's.
 */
public final class ProcessRunner implements CandidateRunner, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of stderr a failure reason quotes. */
    static final int REASON_STDERR_CHARS = 4000;
    /** How much of stderr every case keeps (journaled with its outcome, shown by {@code alp show}). */
    static final int KEPT_STDERR_CHARS = 600;
    static final int DEFAULT_THREADS = 16;
    private static final long POLL_MILLIS = 50;
    /** How long the output readers get to finish once the command is gone. */
    private static final Duration READER_GRACE = Duration.ofSeconds(2);
    private static final List<String> PLUMBING = List.of("bwrap", "socat");

    private final SourceStore store;
    private final Workspaces workspaces;
    private final CommandAgent agent;
    private final Sandbox sandbox;
    private final MeteringGateway gateway;
    private final String sessionId;
    private final PriceTable prices;
    private final double maxCostPerCaseUsd;
    private final ExecutorService cases;
    private final ExecutorService io = Executors.newCachedThreadPool(Processes.daemonThreads("process-runner-io-"));
    private final Set<Sandbox.Started> live = ConcurrentHashMap.newKeySet();
    private final Confinement confinement;
    private final List<java.nio.file.Path> hidden;
    /** Model maps by commit (commits never change); small, least recently used out. Guarded by itself. */
    private final Map<String, Map<String, String>> modelMaps = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > 256;
        }
    };

    /**
     * @param gateway           null when the candidate reaches no models through ALP
     * @param prices            prices usage the agent reports itself
     * @param maxCostPerCaseUsd the bound on one case's cost that evaluation budget is reserved from
     */
    public ProcessRunner(SourceStore store, Workspaces workspaces, CommandAgent agent, Sandbox sandbox,
                         MeteringGateway gateway, String sessionId, PriceTable prices, double maxCostPerCaseUsd) {
        this(store, workspaces, agent, sandbox, gateway, sessionId, prices, maxCostPerCaseUsd, DEFAULT_THREADS);
    }

    /** @param threads cases run at the same time at most; more wait (their timeout starts when they start) */
    public ProcessRunner(SourceStore store, Workspaces workspaces, CommandAgent agent, Sandbox sandbox,
                         MeteringGateway gateway, String sessionId, PriceTable prices, double maxCostPerCaseUsd,
                         int threads) {
        this.store = Objects.requireNonNull(store, "store");
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.gateway = gateway;
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.prices = Objects.requireNonNull(prices, "prices");
        if (!(maxCostPerCaseUsd >= 0)) {
            throw new IllegalArgumentException("maxCostPerCaseUsd must be a non-negative number");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.maxCostPerCaseUsd = maxCostPerCaseUsd;
        this.cases = Executors.newFixedThreadPool(threads, Processes.daemonThreads("process-runner-"));
        this.confinement = Confinement.of(agent.limits());
        this.hidden = List.of(workspaces.root(), store.directory());
        log.info("candidates of session {} run in sandbox {}", sessionId, describe());
    }

    /** The sandbox and the limits that hold each case, as said at the start of a session. */
    public String describe() {
        return sandbox.describe(confinement, agent.timeout());
    }

    @Override
    public CompletionStage<RunResult> run(String sourceRef, Case c) {
        Objects.requireNonNull(sourceRef, "sourceRef");
        Objects.requireNonNull(c, "case");
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        try {
            cases.execute(() -> {
                try {
                    result.complete(runCase(sourceRef, c));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RuntimeException rejected) {
            result.completeExceptionally(new IllegalStateException("the process runner is closed", rejected));
        }
        return result;
    }

    @Override
    public double maxCostPerCaseUsd(String sourceRef) {
        return maxCostPerCaseUsd;
    }

    /** Stops taking cases and kills every command still running. */
    @Override
    public void close() {
        cases.shutdownNow();
        live.forEach(Sandbox.Started::killAll);
        io.shutdownNow();
    }

    /** The JSON a command reads on stdin. */
    static byte[] stdin(Case c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", c.id());
        root.put("input", c.input());
        ObjectNode attributes = root.putObject("attributes");
        c.attributes().forEach(attributes::put);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a case as JSON", e);
        }
    }

    private RunResult runCase(String sourceRef, Case c) {
        Map<String, String> modelMap;
        try {
            modelMap = modelMap(sourceRef);
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage());
        }
        Workspaces.Workspace workspace;
        try {
            workspace = workspaces.acquire(sourceRef);
        } catch (RuntimeException e) {
            return failed("could not check out candidate " + sourceRef + ": " + e.getMessage());
        }
        RunGrant grant = null;
        try (workspace) {
            if (gateway != null) {
                try {
                    grant = gateway.open(RunScope.of(sessionId, sourceRef, c.id()).withModelMap(modelMap));
                } catch (IllegalArgumentException e) {
                    return failed("the gateway refused the run: " + e.getMessage());
                }
            }
            Execution execution = execute(workspace, grant, c);
            RunUsage usage = grant == null ? null : gateway.close(grant.token());
            grant = null;
            return outcome(execution, usage);
        } finally {
            if (grant != null) {
                try {
                    gateway.close(grant.token());
                } catch (RuntimeException e) {
                    log.debug("closing a run grant failed: {}", e.toString());
                }
            }
        }
    }

    private Map<String, String> modelMap(String sourceRef) {
        String file = agent.modelMapFile();
        if (file == null) {
            return Map.of();
        }
        synchronized (modelMaps) {
            Map<String, String> known = modelMaps.get(sourceRef);
            if (known != null) {
                return known;
            }
        }
        String text;
        try {
            text = store.files(sourceRef, file::equals).get(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("could not read candidate " + sourceRef + ": " + e.getMessage(), e);
        }
        if (text == null) {
            throw new IllegalArgumentException("model map file " + file + " is missing from candidate " + sourceRef);
        }
        Map<String, String> frozen = CommandAgent.readModelMap(text, file);
        synchronized (modelMaps) {
            modelMaps.put(sourceRef, frozen);
        }
        return frozen;
    }

    /** What one run of the command gave. */
    private record Execution(String startError, boolean timedOut, boolean tooManyProcesses, boolean overflowed,
                             int exitStatus, String stdout, String stderr, List<String> limitsHit) {
    }

    private Execution execute(Workspaces.Workspace workspace, RunGrant grant, Case c) {
        Sandbox.Launch launch = new Sandbox.Launch(agent.command(), workspace.worktree(), workspace.home(),
                grant == null ? Map.of() : grant.environment(), confinement, gateway == null ? 0 : gateway.port(),
                agent.readOnly(), hidden);
        Sandbox.Started started;
        try {
            started = sandbox.start(launch);
        } catch (IOException | RuntimeException e) {
            return new Execution("could not start: " + e.getMessage(), false, false, false, -1, "", "", List.of());
        }
        try (started) {
            live.add(started);
            try {
                return await(started, c);
            } finally {
                live.remove(started);
            }
        }
    }

    private Execution await(Sandbox.Started started, Case c) {
        Process process = started.process();
        byte[] input = stdin(c);
        Future<?> writer = io.submit(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(input);
            } catch (IOException ignored) {
                // the command exited or closed stdin without reading it all: its exit status decides
            }
        });
        AtomicBoolean overflowed = new AtomicBoolean();
        int cap = (int) Math.min(agent.maxOutputBytes(), Integer.MAX_VALUE - 16);
        Processes.Capture out = new Processes.Capture(process.getInputStream(), cap, false, capture -> {
            overflowed.set(true);
            Processes.killTree(process);
        });
        Processes.Capture err = new Processes.Capture(process.getErrorStream(), CommandAgent.STDERR_TAIL_BYTES, true,
                null);
        Future<?> outReader = io.submit(out);
        Future<?> errReader = io.submit(err);

        long deadline = System.nanoTime() + agent.timeout().toNanos();
        int maxProcesses = confinement.kernelCountsProcesses() ? 0 : agent.limits().processes();
        // every process seen in the tree: one the command left behind is killed even after it was orphaned
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        boolean timedOut = false;
        boolean tooMany = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    break;
                }
                if (process.waitFor(Math.min(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS), left),
                        TimeUnit.NANOSECONDS)) {
                    break;
                }
                process.descendants().forEach(seen::add);
                if (maxProcesses > 0 && Processes.countTree(process, PLUMBING) > maxProcesses) {
                    tooMany = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(started, seen);
            return new Execution("interrupted while running (the runner is closing)", false, false, false, -1, "",
                    "", List.of());
        }
        kill(started, seen);
        writer.cancel(true);
        Processes.awaitOrClose(outReader, process.getInputStream(), READER_GRACE);
        Processes.awaitOrClose(errReader, process.getErrorStream(), READER_GRACE);
        int status;
        try {
            status = process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        return new Execution(null, timedOut, tooMany, overflowed.get() || out.overflowed(), status, out.text(),
                err.text(), started.limitsHit());
    }

    private static void kill(Sandbox.Started started, Set<ProcessHandle> seen) {
        started.killAll();
        for (ProcessHandle p : seen) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private RunResult outcome(Execution run, RunUsage usage) {
        long inputTokens = usage == null ? 0 : usage.usage().inputTokens();
        long outputTokens = usage == null ? 0 : usage.usage().outputTokens();
        double cost = usage == null ? 0 : usage.costUsd();
        String error = null;
        String output = "";
        String hit = run.limitsHit().isEmpty() ? "" : " (it ran into " + String.join(" and ", run.limitsHit()) + ")";
        if (run.startError() != null) {
            error = run.startError();
        } else if (run.timedOut()) {
            error = "timed out after " + Processes.seconds(agent.timeout()) + hit;
        } else if (run.tooManyProcesses()) {
            error = "started more than " + agent.limits().processes() + " processes" + stderrSuffix(run.stderr());
        } else if (run.overflowed()) {
            error = "output over the " + agent.maxOutputBytes() + "-byte cap";
        } else if (run.exitStatus() != 0) {
            error = "exited with " + run.exitStatus() + signal(run.exitStatus()) + hit + stderrSuffix(run.stderr());
        } else {
            JsonNode root = jsonObject(run.stdout());
            if (root == null) {
                error = "printed no JSON object on stdout: " + head(run.stdout()) + "; stderr: "
                        + tail(run.stderr());
            } else if (!root.hasNonNull("output")) {
                error = "printed a JSON object without \"output\" on stdout: " + head(run.stdout());
            } else {
                JsonNode o = root.get("output");
                output = o.isTextual() ? o.asText() : o.toString();
                JsonNode reported = root.get("usage");
                if (reported != null && !reported.isNull()) {
                    AgentUsage agentUsage;
                    try {
                        agentUsage = agentUsage(reported);
                        inputTokens += agentUsage.inputTokens;
                        outputTokens += agentUsage.outputTokens;
                        cost += agentUsage.costUsd;
                    } catch (IllegalArgumentException e) {
                        error = e.getMessage();
                    }
                }
            }
        }
        return new RunResult(output, inputTokens, outputTokens, cost, error,
                run.stderr().isBlank() ? null : tail(run.stderr(), KEPT_STDERR_CHARS));
    }

    private record AgentUsage(long inputTokens, long outputTokens, double costUsd) {
    }

    private AgentUsage agentUsage(JsonNode usage) {
        if (!usage.isObject()) {
            throw new IllegalArgumentException("reported \"usage\" that is not an object: " + head(usage.toString()));
        }
        long in = tokens(usage, "inputTokens");
        long out = tokens(usage, "outputTokens");
        JsonNode costNode = usage.get("costUsd");
        if (costNode != null && !costNode.isNull()) {
            if (!costNode.isNumber() || !(costNode.asDouble() >= 0) || Double.isInfinite(costNode.asDouble())) {
                throw new IllegalArgumentException("reported a \"usage.costUsd\" that is not a non-negative number: "
                        + costNode);
            }
            return new AgentUsage(in, out, costNode.asDouble());
        }
        JsonNode model = usage.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            if (in == 0 && out == 0) {
                return new AgentUsage(0, 0, 0);
            }
            throw new IllegalArgumentException("reported token usage without \"model\" (provider/model) or "
                    + "\"costUsd\": it cannot be priced");
        }
        String name = model.asText();
        if (!prices.knows(name)) {
            throw new IllegalArgumentException("reported usage of model " + name + ", which has no price");
        }
        return new AgentUsage(in, out, prices.costUsd(name, new LlmClient.Usage(in, out, 0, 0)));
    }

    private static long tokens(JsonNode usage, String field) {
        JsonNode n = usage.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
            throw new IllegalArgumentException("reported a \"usage." + field + "\" that is not a non-negative "
                    + "integer: " + n);
        }
        return n.asLong();
    }

    /** The stdout as a JSON object, or its last non-empty line as one (for agents that log before answering). */
    private static JsonNode jsonObject(String stdout) {
        JsonNode whole = parse(stdout.strip());
        if (whole != null) {
            return whole;
        }
        String[] lines = stdout.strip().split("\n");
        return lines.length > 1 ? parse(lines[lines.length - 1].strip()) : null;
    }

    private static JsonNode parse(String text) {
        if (text.isEmpty() || text.charAt(0) != '{') {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static RunResult failed(String error) {
        return new RunResult("", 0, 0, 0, error);
    }

    private static String head(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return "(nothing)";
        }
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    private static String tail(String s) {
        return s.isBlank() ? "(nothing)" : tail(s, REASON_STDERR_CHARS);
    }

    /** The last {@code chars} characters of {@code s}, stripped, marked with "..." when cut. */
    private static String tail(String s, int chars) {
        String t = s.strip();
        return t.length() > chars ? "..." + t.substring(t.length() - chars) : t;
    }

    private static String stderrSuffix(String stderr) {
        return stderr.isBlank() ? "" : ": " + tail(stderr);
    }

    private static String signal(int status) {
        if (status <= 128 || status >= 128 + 65) {
            return "";
        }
        int signal = status - 128;
        String what = switch (signal) {
            case 9 -> ", killed";
            case 24 -> ", CPU time limit";
            case 11 -> ", segmentation fault";
            case 6 -> ", aborted";
            default -> "";
        };
        return " (signal " + signal + what + ")";
    }
}
