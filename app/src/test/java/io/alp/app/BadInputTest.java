package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code alp run} with a valid session YAML end to end, then everything a user can get wrong: malformed session
 * files (exit 1, naming file, line and field), unknown session ids (exit 2), data directories that cannot be used
 * (exit 1), and bad command-line values; never a stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    static final String VALID = """
            # session.yaml (acceptance)
            id: acceptance-run
            name: acceptance run
            world: terminal
            seed: 3
            dataset:
              size: 20
            judge:
              samples: 1
              flipRate: 0.05
              vagueRate: 0.2
            optimizer:
              budgetUsd: 300
              branching: 3
              parallelRounds: 2
              stallRounds: 8
              maxNodes: 40
              maxExpansionsPerNode: 3
              compounding: true
            simulation:
              latencyMs: 0
              insight: 0.6
            """;

    @TempDir
    static Path tmp;

    /** A data directory holding the journal of one finished session, made by {@code alp run}. */
    private Path journal;

    @BeforeAll
    void runAValidSessionFile() throws IOException {
        journal = tmp.resolve("journal");
        Path config = write("session.yaml", VALID);
        Path report = tmp.resolve("run-report.html");
        Alp.Result run = Alp.run("run", config.toString(), "--data", journal.toString(), "--report",
                report.toString()).assertOk().assertNoStackTrace();
        assertEquals("acceptance-run", run.sessionId(), "the id comes from the file");
        assertTrue(run.out().contains("SIMULATED: "), run::describe);
        assertTrue(run.out().contains("report: " + report.toAbsolutePath()), run::describe);
        assertTrue(Files.isRegularFile(report), "report written");
    }

    @Test
    void runAppliesTheSessionFile() {
        JsonNode show = Alp.show(journal.toString(), "acceptance-run");
        assertEquals("acceptance run", field(show, "name").asText());
        assertEquals("stopped", field(show, "status").asText());
        assertEquals(300.0, field(show, "budgetUsd").asDouble(), 1e-9, "optimizer.budgetUsd");
        assertTrue(field(show, "spentUsd").asDouble() <= 300.0, "within budget: " + field(show, "spentUsd"));
        assertEquals(20, field(show, "cases").asInt(), "dataset.size");
        assertTrue(field(show, "world").asText().contains("terminal"), "world: " + field(show, "world"));
        assertTrue(field(show, "nodes").asInt() > 1, "it searched: " + field(show, "nodes"));
        JsonNode list = Alp.run("sessions", "--json", "--data", journal.toString()).assertOk().json();
        assertEquals(1, list.size(), "one session: " + list);
        assertEquals("acceptance-run", field(list.get(0), "id").asText());

        // the same id cannot be started twice
        Path again = tmp.resolve("again.yaml");
        Alp.Result twice = Alp.run("run", writeUnchecked(again, VALID).toString(), "--data", journal.toString(),
                "--report", tmp.resolve("again.html").toString());
        twice.assertExit(1).assertNoStackTrace();
        assertTrue(twice.err().contains("acceptance-run") && twice.err().contains("already exists"), twice::describe);
    }

    static Stream<Arguments> malformedSessionFiles() {
        return Stream.of(
                // name, file text, field named (null: none), lines that may be named
                Arguments.of("syntax-error", VALID.replace("  branching: 3", "  branching: [3"), null,
                        List.of(line("  branching: "), line("  branching: ") + 1)),
                Arguments.of("unknown-field", VALID.replace("  branching: 3\n", "  branching: 3\n  budget: 5\n"),
                        "optimizer.budget", List.of(line("  branching: ") + 1)),
                Arguments.of("negative-budget", VALID.replace("budgetUsd: 300", "budgetUsd: -5"),
                        "optimizer.budgetUsd", List.of(line("  budgetUsd: "))),
                Arguments.of("missing-budget", VALID.replace("  budgetUsd: 300\n", ""), "optimizer.budgetUsd",
                        List.of(line("optimizer:"), line("optimizer:") + 1)),
                Arguments.of("missing-world-file", VALID.replace("world: terminal", "world: worlds/missing.yaml"),
                        "world", List.of(line("world: "))),
                Arguments.of("budget-not-a-number", VALID.replace("budgetUsd: 300", "budgetUsd: lots"),
                        "optimizer.budgetUsd", List.of(line("  budgetUsd: "))),
                Arguments.of("empty-dataset", VALID.replace("size: 20", "size: 0"), "dataset.size",
                        List.of(line("  size: "))),
                Arguments.of("flip-rate-out-of-range", VALID.replace("flipRate: 0.05", "flipRate: 0.9"),
                        "judge.flipRate", List.of(line("  flipRate: "))),
                Arguments.of("duplicate-field", VALID.replace("  branching: 3\n", "  branching: 3\n  branching: 2\n"),
                        "optimizer.branching", List.of(line("  branching: ") + 1)),
                Arguments.of("missing-world", VALID.replace("world: terminal\n", ""), "world", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSessionFiles")
    void aMalformedSessionFileIsRefusedWithFileLineAndField(String name, String text, String fieldName,
                                                            List<Integer> lines) throws IOException {
        Path config = write(name + ".yaml", text);
        Path data = tmp.resolve("data-" + name);
        Alp.Result result = Alp.run("run", config.toString(), "--data", data.toString(), "--report",
                tmp.resolve(name + ".html").toString());
        result.assertExit(1).assertNoStackTrace();
        String message = result.err().lines().filter(l -> l.startsWith("alp: ")).findFirst().orElse("");
        assertTrue(message.startsWith("alp: " + config + " "), () -> "the error names the file first\n"
                + result.describe());
        if (lines != null) {
            Matcher m = Pattern.compile(" line (\\d+)").matcher(message);
            assertTrue(m.find(), () -> "the error names a line\n" + result.describe());
            int line = Integer.parseInt(m.group(1));
            assertTrue(lines.contains(line), () -> "line " + line + " is not one of " + lines + "\n"
                    + result.describe());
        }
        if (fieldName != null) {
            assertTrue(message.contains("field " + fieldName + ":"), () -> "the error names field " + fieldName
                    + "\n" + result.describe());
        }
        if (name.equals("missing-world-file")) {
            assertTrue(message.contains("worlds/missing.yaml") && message.contains("terminal")
                    && message.contains("support"), () -> "says which world is missing and which are bundled\n"
                    + result.describe());
        }
        assertFalse(Files.exists(data.resolve("alp.mv.db")), "a refused file starts nothing");
        assertEquals("", result.out(), "nothing on stdout");
    }

    @Test
    void aSessionFileThatDoesNotExistIsBadInput() {
        Path missing = tmp.resolve("nowhere.yaml");
        Alp.Result result = Alp.run("run", missing.toString(), "--data", tmp.resolve("d").toString(),
                "--report", tmp.resolve("r.html").toString());
        result.assertExit(1).assertNoStackTrace();
        assertTrue(result.err().contains(missing.toString()), result::describe);
    }

    @ParameterizedTest(name = "{0} nope, on a data directory with a journal")
    @ValueSource(strings = {"show", "replay", "resume", "tree"})
    void anUnknownSessionIdExits2OnAJournal(String command) {
        Alp.Result r = Alp.run(args(command, "nope", "--data", journal.toString()));
        r.assertExit(2).assertNoStackTrace();
        assertTrue(r.err().contains("no session with id 'nope'"), r::describe);
        assertEquals("", r.out(), "nothing on stdout");
    }

    @ParameterizedTest(name = "{0} nope, on a data directory without a journal")
    @ValueSource(strings = {"show", "replay", "resume", "tree"})
    void anUnknownSessionIdExits2WithoutAJournal(String command) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-" + command));
        Path absent = tmp.resolve("absent-" + command);
        for (Path dir : new Path[]{empty, absent}) {
            Alp.Result r = Alp.run(args(command, "nope", "--data", dir.toString()));
            r.assertExit(2).assertNoStackTrace();
            assertTrue(r.err().contains("no ALP data in " + dir.toAbsolutePath()), r::describe);
            assertFalse(Files.exists(dir.resolve("alp.mv.db")), "reading creates no journal");
        }
        assertFalse(Files.exists(absent), "reading creates no directory");
    }

    @ParameterizedTest(name = "{0} with a data directory under a regular file")
    @ValueSource(strings = {"demo", "run"})
    void aDataDirectoryThatCannotBeCreatedIsBadInput(String command) throws IOException {
        Path file = write("a-file-" + command, "not a directory");
        for (Path data : new Path[]{file.resolve("data"), file}) {
            List<String> args = command.equals("demo")
                    ? List.of("demo", "--cases", "5", "--budget", "20")
                    : List.of("run", write("ok-" + command + ".yaml", VALID).toString());
            String[] all = Stream.concat(args.stream(), Stream.of("--data", data.toString(), "--report",
                    tmp.resolve("r-" + command + ".html").toString())).toArray(String[]::new);
            Alp.Result r = Alp.run(all);
            r.assertExit(1).assertNoStackTrace();
            assertTrue(r.err().contains("data directory " + data.toAbsolutePath()), r::describe);
            assertEquals("", r.out(), "nothing started");
        }
    }

    @Test
    void aReadOnlyDataDirectoryIsBadInput() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-x------"));
        try {
            Assumptions.assumeFalse(Files.isWritable(data), "running as root: permissions do not stop writes");
            Alp.Result r = Alp.run("demo", "--cases", "5", "--budget", "20", "--data", data.toString(),
                    "--report", tmp.resolve("ro.html").toString());
            r.assertExit(1).assertNoStackTrace();
            assertTrue(r.err().contains("data directory " + data.toAbsolutePath()) && r.err().contains("not writable"),
                    r::describe);
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void demoOnAnUnknownWorldNamesTheBundledWorlds() {
        Alp.Result r = Alp.run("demo", "--world", "nope", "--data", tmp.resolve("d-world").toString(), "--report",
                tmp.resolve("w.html").toString());
        r.assertNoStackTrace().assertExit(1);
        assertTrue(r.err().contains("nope") && r.err().contains("terminal") && r.err().contains("support"), r::describe);
    }

    @Test
    void demoRefusesImpossibleNumbers() {
        for (String[] bad : new String[][]{{"--cases", "0"}, {"--budget", "-5"}, {"--budget", "0"}}) {
            Alp.Result r = Alp.run("demo", bad[0], bad[1], "--data", tmp.resolve("d-num").toString(), "--report",
                    tmp.resolve("n.html").toString());
            r.assertExit(1).assertNoStackTrace();
            assertTrue(r.err().startsWith("alp: "), r::describe);
        }
    }

    @Test
    void aMistypedOptionValueIsBadInput() {
        // README: "An unknown session id exits with code 2; bad input exits with code 1."
        Alp.Result r = Alp.run("demo", "--budget", "lots", "--data", tmp.resolve("d-typo").toString(), "--report",
                tmp.resolve("typo.html").toString());
        r.assertNoStackTrace();
        assertTrue(r.err().contains("--budget") && r.err().contains("lots"), r::describe);
        r.assertExit(1);
    }

    @Test
    void aReportPathThatCannotBeWrittenIsBadInputNotACrash() throws IOException {
        Path file = write("not-a-dir", "x");
        Path report = file.resolve("report.html");
        Alp.Result r = Alp.run("demo", "--cases", "5", "--budget", "20", "--data",
                tmp.resolve("d-report").toString(), "--report", report.toString());
        r.assertNoStackTrace().assertExit(1);
        assertTrue(r.err().contains(report.toString()), r::describe);
    }

    /** The arguments, plus --report in the temporary directory for resume (which may write one). */
    private String[] args(String... args) {
        return args[0].equals("resume")
                ? Stream.concat(Stream.of(args), Stream.of("--report", tmp.resolve("resume.html").toString()))
                .toArray(String[]::new)
                : args;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Path writeUnchecked(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The 1-based line of VALID that starts with {@code prefix}. */
    private static int line(String prefix) {
        List<String> lines = VALID.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(prefix);
    }
}
