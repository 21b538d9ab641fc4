package io.alp.judge.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.engine.model.Case;
import io.alp.engine.port.Judge;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;
import io.alp.evaluator.runner.Processes;
import io.alp.evaluator.runner.Processes.Capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Judges an output by running a verifier command: deterministic, free, and as strict as the team's own checks.
 *
 * <p>The command runs once per (case, output), without a shell, in {@code workingDir}. Its stdin is one JSON object
 * {@code {"case":{"id":..,"input":..,"attributes":{..}},"output":".."}} (plus {@code "error"} when the candidate
 * failed). Exit status 0 passes, anything else fails; the reason is what the command printed on stdout, or its exit
 * status and the tail of its stderr when it printed nothing. Its environment holds only {@code PATH}, {@code HOME}
 * and {@code LANG} from ALP's own: provider keys never reach it. A command that outlives the timeout is killed with
 * every process it started, and the case fails.
 *
 * <p>The sample index is ignored: a verifier gives the same answer every time.
 */
public final class VerifierJudge implements Judge, AutoCloseable {

    /** What is kept of each of stdout and stderr. */
    static final int CAPTURE_BYTES = 64 * 1024;
    /** How much of stderr a failure reason quotes. */
    static final int REASON_STDERR_CHARS = 1000;
    static final List<String> PASSED_ENV = List.of("PATH", "HOME", "LANG");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> command;
    private final Path workingDir;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(Processes.daemonThreads("verifier-judge-"));

    public VerifierJudge(List<String> command, Path workingDir, Duration timeout) {
        Objects.requireNonNull(command, "command");
        if (command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
            throw new IllegalArgumentException("verifier command is empty: give the program and its arguments");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("verifier timeout must be positive, got " + timeout);
        }
        this.command = List.copyOf(command);
        this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<Verdict> judge(Case c, RunResult result, int sample) {
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    verdict.complete(run(c, result));
                } catch (Throwable t) {
                    verdict.completeExceptionally(t);
                }
            });
        } catch (RuntimeException rejected) {
            verdict.completeExceptionally(new IllegalStateException("verifier judge is closed", rejected));
        }
        return verdict;
    }

    /** A verifier costs nothing in model spend. */
    @Override
    public double maxCostPerCaseUsd() {
        return 0;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The JSON the command reads on stdin. */
    static byte[] stdin(Case c, RunResult result) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode kase = root.putObject("case");
        kase.put("id", c.id());
        kase.put("input", c.input());
        ObjectNode attributes = kase.putObject("attributes");
        c.attributes().forEach(attributes::put);
        root.put("output", result.output() == null ? "" : result.output());
        if (result.error() != null) {
            root.put("error", result.error());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the verifier's input", e);
        }
    }

    private Verdict run(Case c, RunResult result) throws IOException, InterruptedException {
        ProcessBuilder builder = Processes.clearedEnvironment(
                new ProcessBuilder(command).directory(workingDir.toFile()), Processes.inherited(PASSED_ENV));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("verifier command " + command + " could not start in " + workingDir + ": "
                    + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] input = stdin(c, result);
        Future<?> writer = executor.submit(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(input);
            } catch (IOException ignored) {
                // the verifier exited or closed stdin without reading all of it: its exit status decides
            }
        });
        Capture out = new Capture(process.getInputStream(), CAPTURE_BYTES, false, null);
        Capture err = new Capture(process.getErrorStream(), CAPTURE_BYTES, true, null);
        Future<?> outReader = executor.submit(out);
        Future<?> errReader = executor.submit(err);
        boolean exited;
        try {
            exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Processes.killTree(process);
            throw e;
        }
        if (!exited) {
            Processes.killTree(process);
            writer.cancel(true);
            Processes.awaitOrClose(outReader, process.getInputStream(), Duration.ofSeconds(2));
            Processes.awaitOrClose(errReader, process.getErrorStream(), Duration.ofSeconds(2));
            return new Verdict(false, "verifier timed out after " + Processes.seconds(timeout), 0, 1);
        }
        // a background process the verifier left behind may hold its pipes open: wait only until the deadline
        Duration grace = Duration.ofNanos(Math.max(Duration.ofMillis(200).toNanos(), deadline - System.nanoTime()));
        Processes.awaitOrClose(outReader, process.getInputStream(), grace);
        Processes.awaitOrClose(errReader, process.getErrorStream(), Duration.ofMillis(200));
        int status = process.exitValue();
        String stdout = (out.text() + (out.overflowed() ? " [output cut at 64 KB]" : "")).strip();
        String reason;
        if (!stdout.isEmpty()) {
            reason = stdout;
        } else {
            String stderr = err.text().strip();
            reason = "verifier exited with " + status + (stderr.isEmpty() ? ""
                    : ": " + (stderr.length() > REASON_STDERR_CHARS
                    ? "..." + stderr.substring(stderr.length() - REASON_STDERR_CHARS) : stderr));
        }
        return new Verdict(status == 0, reason, 0, 1);
    }
}
