package io.alp.judge.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.engine.model.Case;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifierJudgeTest {

    private static final Case CASE = new Case("case-7", "What is 6 x 7?", Map.of("route", "math"));
    private static final RunResult OUTPUT = new RunResult("42", 10, 2, 0.001, null);

    @TempDir
    Path dir;

    private final List<VerifierJudge> judges = new ArrayList<>();

    @AfterEach
    void close() {
        judges.forEach(VerifierJudge::close);
    }

    private VerifierJudge judge(Duration timeout, String... command) {
        VerifierJudge j = new VerifierJudge(List.of(command), dir, timeout);
        judges.add(j);
        return j;
    }

    private VerifierJudge sh(String script) {
        return judge(Duration.ofSeconds(20), "sh", "-c", script);
    }

    private static Verdict verdict(VerifierJudge j, Case c, RunResult r) {
        return j.judge(c, r, 0).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }

    @Test
    void exitZeroPassesWithWhatTheVerifierPrinted() {
        Verdict v = verdict(sh("cat >/dev/null; echo '  answer matches  '"), CASE, OUTPUT);
        assertTrue(v.pass());
        assertEquals("answer matches", v.reason());
        assertEquals(0, v.costUsd());
        assertEquals(1, v.agreement());
    }

    @Test
    void nonZeroExitFailsWithStdoutAsTheReason() {
        Verdict v = verdict(sh("cat >/dev/null; echo 'expected 42, got 41'; exit 3"), CASE, OUTPUT);
        assertFalse(v.pass());
        assertEquals("expected 42, got 41", v.reason());
    }

    @Test
    void theVerifierReadsTheCaseAndTheOutputOnStdin() throws IOException {
        // echoes its input back and fails, so the reason is exactly what it received
        Verdict v = verdict(sh("cat; exit 1"), CASE, OUTPUT);
        JsonNode in = new ObjectMapper().readTree(v.reason());
        assertEquals("case-7", in.path("case").path("id").asText());
        assertEquals("What is 6 x 7?", in.path("case").path("input").asText());
        assertEquals("math", in.path("case").path("attributes").path("route").asText());
        assertEquals("42", in.path("output").asText());
        assertFalse(in.has("error"));
        assertEquals(Set.of("case", "output"), Set.copyOf(iterable(in.fieldNames())));
    }

    @Test
    void theCandidatesErrorIsPassedOnWhenItFailed() throws IOException {
        Verdict v = verdict(sh("cat; exit 1"), CASE, new RunResult("", 0, 0, 0, "agent exited with 137"));
        JsonNode in = new ObjectMapper().readTree(v.reason());
        assertEquals("agent exited with 137", in.path("error").asText());
    }

    @Test
    void aCrashWithoutStdoutNamesTheExitStatusAndTheStderrTail() {
        Verdict v = verdict(sh("echo 'Traceback: KeyError total' >&2; exit 2"), CASE, OUTPUT);
        assertFalse(v.pass());
        assertEquals("verifier exited with 2: Traceback: KeyError total", v.reason());
    }

    @Test
    void aLongStderrIsQuotedByItsTail() {
        Verdict v = verdict(sh("i=0; while [ $i -lt 400 ]; do echo \"line $i\" >&2; i=$((i+1)); done; "
                + "echo 'the last line' >&2; exit 5"), CASE, OUTPUT);
        assertTrue(v.reason().startsWith("verifier exited with 5: ..."), v.reason());
        assertTrue(v.reason().endsWith("the last line"), v.reason());
        assertTrue(v.reason().length() < VerifierJudge.REASON_STDERR_CHARS + 100, "" + v.reason().length());
    }

    @Test
    void stdoutIsCappedAt64KilobytesAndTheRestDrained() {
        Verdict v = verdict(sh("head -c 1000000 /dev/zero | tr '\\0' a; exit 1"), CASE, OUTPUT);
        assertFalse(v.pass());
        assertTrue(v.reason().length() <= VerifierJudge.CAPTURE_BYTES + 40, "" + v.reason().length());
        assertTrue(v.reason().endsWith("[output cut at 64 KB]"));
    }

    @Test
    void aVerifierThatIgnoresALargeInputDoesNotHang() {
        Case big = new Case("big", "x".repeat(2_000_000), Map.of());
        Verdict v = verdict(judge(Duration.ofSeconds(20), "true"), big, OUTPUT);
        assertTrue(v.pass());
        assertEquals("verifier exited with 0", v.reason());
    }

    @Test
    void aTimeoutFailsTheCaseAndKillsTheProcessesTheVerifierStarted() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        VerifierJudge j = judge(Duration.ofSeconds(1), "sh", "-c", "sleep 30 & echo $! > child.pid; wait");
        long start = System.nanoTime();
        Verdict v = verdict(j, CASE, OUTPUT);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(v.pass());
        assertEquals("verifier timed out after 1s", v.reason());
        assertTrue(tookMs < 10_000, "took " + tookMs + " ms");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(goneWithin(child, Duration.ofSeconds(5)), "the verifier's child " + child + " still runs");
    }

    @Test
    void theEnvironmentHoldsOnlyPathHomeAndLang() {
        Verdict v = verdict(judge(Duration.ofSeconds(20), "env"), CASE, OUTPUT);
        assertTrue(v.pass());
        List<String> names = v.reason().lines().filter(l -> l.contains("=")).map(l -> l.substring(0, l.indexOf('=')))
                .toList();
        assertTrue(names.contains("PATH"), "PATH is passed so that commands resolve: " + names);
        assertTrue(Set.copyOf(VerifierJudge.PASSED_ENV).containsAll(names), "unexpected variables: " + names);
        assertFalse(v.reason().contains("API_KEY"));
        assertNotEquals(System.getenv().size(), names.size());
    }

    @Test
    void theCommandRunsInTheWorkingDirectory() throws IOException {
        Files.writeString(dir.resolve("expected.txt"), "42\n");
        Verdict v = verdict(sh("cat >/dev/null; cat expected.txt"), CASE, OUTPUT);
        assertEquals("42", v.reason());
    }

    @Test
    void aCommandThatCannotStartFailsNamingTheCommand() {
        VerifierJudge j = judge(Duration.ofSeconds(5), "/no/such/verifier", "--strict");
        CompletionException e = assertThrows(CompletionException.class,
                () -> j.judge(CASE, OUTPUT, 0).toCompletableFuture().join());
        assertInstanceOf(IOException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("/no/such/verifier"), e.getCause().getMessage());
    }

    @Test
    void theJudgeRunsOffTheCallersThread() {
        VerifierJudge j = sh("sleep 1; echo done");
        long start = System.nanoTime();
        var stage = j.judge(CASE, OUTPUT, 0);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 500, "judge() blocked its caller");
        assertEquals("done", stage.toCompletableFuture().join().reason());
    }

    @Test
    void badConfigurationIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new VerifierJudge(List.of(), dir, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new VerifierJudge(List.of("true"), dir, Duration.ZERO));
        assertEquals(0, new VerifierJudge(List.of("true"), dir, Duration.ofSeconds(1)).maxCostPerCaseUsd());
    }

    /** Dead or a zombie waiting to be reaped: either way it no longer runs. */
    private static boolean goneWithin(long pid, Duration wait) throws Exception {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            if (ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive() || zombie(pid)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
