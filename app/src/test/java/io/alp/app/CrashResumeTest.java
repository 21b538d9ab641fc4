package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.actors.node.NodeEvent;
import io.alp.actors.session.SessionActor;
import io.alp.cluster.JournalAccess;
import io.alp.cluster.NodeSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A session run by a real {@code alp} process that is SIGKILLed mid-search, then resumed by {@code alp resume} in this
 * JVM from the same H2 file (which the killed process left locked: H2 runs with AUTO_SERVER=TRUE).
 */
class CrashResumeTest {

    private static final int CASES = 30;
    private static final double BUDGET = 600;
    private static final Pattern PROGRESS = Pattern.compile("^\\s+spent \\$([0-9.]+) of .*\\| nodes (\\d+) .*$");

    @TempDir
    Path tmp;

    private Process child;

    /**
     * Loads the journal reader's classes before the child starts, so that reading the child's journal while it runs
     * (a few seconds of search) does not take longer than the run.
     */
    @BeforeAll
    static void warmUpTheReader(@TempDir Path warm) throws Exception {
        try (JournalAccess access = JournalAccess.open(NodeSettings.embedded(warm))) {
            access.reader().sessionIds().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        Alp.run("sessions", "--json", "--data", warm.toString()).assertOk();
    }

    @AfterEach
    void killTheChild() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    @Test
    void aSessionKilledMidRunResumesWithNothingCountedTwice() throws Exception {
        Path data = tmp.resolve("data");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        child = new ProcessBuilder(javaCommand("demo", "--latency-ms", "30", "--cases", Integer.toString(CASES),
                "--budget", Double.toString(BUDGET), "--data", data.toString(),
                "--report", tmp.resolve("killed.html").toString()))
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();

        // while it runs, this JVM reads the same journal (H2 AUTO_SERVER lets a second process in)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (lines.isEmpty()) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail("the child did not start its session:\n" + childErr());
            }
            Thread.sleep(20);
        }
        String id = lines.get(0).replaceFirst("^session (\\S+) on .*$", "$1");
        JsonNode listed = null;
        for (JsonNode s : Alp.run("sessions", "--json", "--data", data.toString()).assertOk().json()) {
            if (id.equals(field(s, "id").asText())) {
                listed = s;
            }
        }
        assertTrue(listed != null, "a running session is listed by another process: " + lines);
        assertTrue(child.isAlive(), "the child was still running while it was read");
        assertEquals("running", field(listed, "status").asText(), "listed as running: " + listed);

        // let it score a few nodes (a progress line is printed whenever another node is scored), then SIGKILL it
        while (scoredLines(lines) < 3) {
            if (!child.isAlive()) {
                fail("the child ended (exit " + child.exitValue() + ") before it could be killed:\n"
                        + String.join("\n", lines) + "\n" + childErr());
            }
            if (System.nanoTime() > deadline) {
                fail("the child did not score a few nodes in 90 s:\n" + String.join("\n", lines) + "\n" + childErr());
            }
            Thread.sleep(20);
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child is dead");
        reader.join(5_000);
        List<String> before = List.copyOf(lines);
        assertTrue(before.stream().noneMatch(l -> l.startsWith("report: ")), "killed before it finished: " + before);
        assertTrue(before.get(0).startsWith("session " + id + " on "), "the child printed its session id first: "
                + before);

        // the first command after the kill rebuilds the database the child left open, keeping the file as it was
        Alp.Result firstLook = Alp.run("show", id, "--json", "--data", data.toString()).assertOk();
        assertTrue(firstLook.err().contains("was left open by a process that was killed; rebuilt it"),
                "the rebuild is reported: " + firstLook.err());
        assertTrue(Files.isRegularFile(data.resolve("alp.unclean.mv.db")), "the file as it was left is kept");
        JsonNode killed = firstLook.json();
        assertEquals("running", field(killed, "status").asText(), "the journal holds an interrupted session");
        int nodesAtKill = field(killed, "nodes").asInt();
        double printedSpend = lastPrintedSpend(before);
        double journalSpend = field(killed, "spentUsd").asDouble();

        Alp.Result resume = Alp.run(Duration.ofSeconds(150), "resume", id, "--data", data.toString(),
                "--report", tmp.resolve("report.html").toString());
        if (resume.timedOut()) {
            fail("alp resume did not finish within 150 s after the child was SIGKILLed; errors it printed:\n"
                    + errorLines(resume.err()) + "\n" + resume.describe());
        }
        resume.assertOk().assertNoStackTrace();
        assertEquals(id, resume.sessionId(), "resume continues the same session");
        assertTrue(Files.isRegularFile(tmp.resolve("report.html")), "resume writes the report");

        JsonNode done = Alp.show(data.toString(), id);
        assertEquals("stopped", field(done, "status").asText());
        assertTrue(field(done, "spentUsd").asDouble() <= field(done, "budgetUsd").asDouble(), "within budget: " + done);
        assertEquals(BUDGET, field(done, "budgetUsd").asDouble(), 1e-9);
        assertTrue(field(done, "nodes").asInt() >= nodesAtKill, "resume kept every node from before the kill");

        JsonNode replay = Alp.run("replay", id, "--json", "--data", data.toString()).assertOk().json();
        assertTrue(field(field(replay, "replay"), "discrepancies").isEmpty(), "replay finds no discrepancy: "
                + field(replay, "replay"));
        assertEquals(field(done, "spentUsd"), field(replay, "spentUsd"));

        // resuming a finished session changes nothing
        long totalEvents = field(field(replay, "replay"), "totalEvents").asLong();
        Alp.run("resume", id, "--data", data.toString(), "--report", tmp.resolve("again.html").toString())
                .assertOk().assertNoStackTrace();
        JsonNode again = Alp.run("replay", id, "--json", "--data", data.toString()).assertOk().json();
        assertEquals(totalEvents, field(field(again, "replay"), "totalEvents").asLong(), "no new session events");
        assertEquals(field(done, "spentUsd"), field(again, "spentUsd"), "nothing charged again");
        assertEquals(field(done, "tree"), field(again, "tree"), "the same tree");

        // straight from the journal: each case recorded once per node, each node scored and reserved once, and the
        // evaluation dollars are exactly what the recorded outcomes cost
        try (JournalAccess access = JournalAccess.open(NodeSettings.embedded(data))) {
            var journal = access.reader();
            List<SessionActor.Event> events = journal.sessionEvents(id, Long.MAX_VALUE).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            assertUnique(events.stream().filter(SessionActor.Scored.class::isInstance)
                    .map(e -> ((SessionActor.Scored) e).nodeId()).toList(), "Scored events");
            assertUnique(events.stream().filter(SessionActor.EvaluationReserved.class::isInstance)
                    .map(e -> ((SessionActor.EvaluationReserved) e).nodeId()).toList(), "evaluation reservations");
            double outcomeDollars = 0;
            for (JsonNode row : field(done, "tree")) {
                String node = field(row, "node").asText();
                List<NodeEvent> nodeEvents = journal.nodeEvents(id, node).toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                List<String> cases = new ArrayList<>();
                for (NodeEvent.CaseRecorded c : NodeEvent.recordedCases(nodeEvents)) {
                    cases.add(c.outcome().caseId());
                    outcomeDollars += c.chargedUsd();
                }
                assertUnique(cases, "cases recorded by " + node);
                if (!field(row, "passRate").isNull()) {
                    assertEquals(CASES, cases.size(), "scored node " + node + " recorded every case once");
                    assertEquals(CASES, field(row, "cases").asInt(), "scored node " + node + " scored every case");
                }
            }
            // the ledger rounds each charge to a micro-dollar; a case charged twice would cost cents at least
            double microDollarPerCharge = 1e-6 * (1 + field(done, "nodes").asInt());
            assertEquals(outcomeDollars, field(done, "evaluationUsd").asDouble(), microDollarPerCharge,
                    "evaluation spend is the sum of the recorded outcomes' costs: nothing was charged twice");
        }

        // last, because it needs a kill at an unlucky moment: the child printed "spent $X" from state it had
        // persisted, so the journal it left must hold at least $X; less means committed events were lost, and the
        // resumed session evaluated (and, with real models, paid for) that work a second time
        // (the printed figure is rounded to the cent)
        assertTrue(journalSpend >= printedSpend - 0.005, "the killed process had printed 'spent $" + printedSpend
                + "' but its journal holds $" + journalSpend + ": committed events were lost with the process");
    }

    private static double lastPrintedSpend(List<String> lines) {
        double spent = 0;
        for (String l : lines) {
            Matcher m = PROGRESS.matcher(l);
            if (m.matches()) {
                spent = Double.parseDouble(m.group(1));
            }
        }
        return spent;
    }

    /**
     * "session ID on ..." is printed once the session's start is in the journal (the SessionActor replies after
     * persisting SessionStarted). A process killed right after that must not lose the session.
     */
    @Test
    void aSessionWhoseStartWasAcknowledgedSurvivesAnImmediateKill() throws Exception {
        Path data = tmp.resolve("data");
        child = new ProcessBuilder(javaCommand("demo", "--latency-ms", "30", "--cases", Integer.toString(CASES),
                "--budget", Double.toString(BUDGET), "--data", data.toString(),
                "--report", tmp.resolve("killed.html").toString()))
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
        String first;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            first = in.readLine();
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child is dead");
        assertTrue(first != null && first.startsWith("session "), "the child acknowledged a session: " + first
                + "\n" + childErr());
        String id = first.replaceFirst("^session (\\S+) on .*$", "$1");

        Alp.Result show = Alp.run("show", id, "--json", "--data", data.toString());
        show.assertNoStackTrace();
        assertEquals(0, show.exitCode(), () -> "the acknowledged session " + id + " is gone from the journal after "
                + "a SIGKILL (H2 writes commits to its file after a delay, WRITE_DELAY)\n" + show.describe());
        Alp.run(Duration.ofSeconds(150), "resume", id, "--data", data.toString(), "--report",
                tmp.resolve("report.html").toString()).assertOk();
        assertEquals("stopped", field(Alp.show(data.toString(), id), "status").asText());
    }

    private static int scoredLines(List<String> lines) {
        synchronized (lines) {
            int n = 0;
            for (String l : lines) {
                Matcher m = PROGRESS.matcher(l);
                if (m.matches() && Double.parseDouble(m.group(1)) > 0) {
                    n++;
                }
            }
            return n;
        }
    }

    private List<String> javaCommand(String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dalp.log.file=" + tmp.resolve("child.log"),
                "-cp", classpath, Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private String childErr() {
        try {
            File err = tmp.resolve("child.err").toFile();
            return err.exists() ? "--- child stderr:\n" + Files.readString(err.toPath()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String errorLines(String err) {
        StringBuilder out = new StringBuilder();
        err.lines().filter(l -> l.startsWith("ERROR") || l.startsWith("Caused by") || l.startsWith("alp:"))
                .distinct().forEach(l -> out.append("  ").append(l).append('\n'));
        return out.toString();
    }

    private static void assertUnique(List<String> ids, String what) {
        Set<String> seen = new HashSet<>();
        for (String i : ids) {
            assertTrue(seen.add(i), what + ": " + i + " appears more than once");
        }
    }
}
