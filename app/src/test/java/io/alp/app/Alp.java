package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the {@code alp} CLI in this JVM through {@link Main#run(String...)}, capturing what it prints on stdout and
 * stderr (System.out/err are swapped for the call and restored afterwards; what is captured is also echoed to the
 * real streams, which surefire keeps in target/surefire-reports). Every call has a deadline, so a command that hangs
 * fails its test instead of the build: on the deadline the command's thread is interrupted (a running session then
 * shuts its node down) and the result says it timed out.
 */
final class Alp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.<>/]+\\(.*\\)\\s*$");
    private static final Pattern SESSION_LINE = Pattern.compile("^session (\\S+) on (.*)$");

    private Alp() {
    }

    /** What one command did. */
    record Result(List<String> args, int exitCode, String out, String err, boolean timedOut, Throwable thrown) {

        /** The whole story, for assertion messages. */
        String describe() {
            return "alp " + String.join(" ", args) + "\n--- exit " + (timedOut ? "(timed out)" : exitCode)
                    + (thrown == null ? "" : ", threw " + thrown) + "\n--- stdout:\n" + tail(out) + "\n--- stderr:\n"
                    + tail(err);
        }

        Result assertExit(int expected) {
            assertFalse(timedOut, () -> "the command did not finish in time\n" + describe());
            assertEquals(null, thrown, () -> "Main.run threw instead of returning an exit code\n" + describe());
            assertEquals(expected, exitCode, () -> "exit code\n" + describe());
            return this;
        }

        Result assertOk() {
            return assertExit(0);
        }

        /** No Java stack trace and no "unexpected failure" on either stream. */
        Result assertNoStackTrace() {
            for (String stream : new String[]{out, err}) {
                assertFalse(STACK_FRAME.matcher(stream).find(), () -> "a stack trace was printed\n" + describe());
                assertFalse(stream.contains("unexpected failure"), () -> "an unexpected failure\n" + describe());
            }
            return this;
        }

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + e.getMessage() + "\n" + describe(), e);
            }
        }

        List<String> lines() {
            return out.lines().toList();
        }

        /** The session id from the first line, "session ID on WORLD ...". */
        String sessionId() {
            String first = out.lines().findFirst().orElse("");
            Matcher m = SESSION_LINE.matcher(first);
            if (!m.matches()) {
                fail("the first line is not 'session <id> on ...': '" + first + "'\n" + describe());
            }
            return m.group(1);
        }
    }

    static Result run(String... args) {
        return run(DEFAULT_DEADLINE, args);
    }

    static Result run(Duration deadline, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        AtomicInteger code = new AtomicInteger(Integer.MIN_VALUE);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        boolean timedOut = false;
        synchronized (Alp.class) {
            System.setOut(new PrintStream(new Tee(out, realOut), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, realErr), true, StandardCharsets.UTF_8));
            try {
                realOut.println(">>> alp " + String.join(" ", args));
                Thread t = new Thread(() -> {
                    try {
                        code.set(Main.run(args));
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                }, "alp-" + (args.length == 0 ? "" : args[0]));
                t.setDaemon(true);
                t.start();
                t.join(deadline.toMillis());
                if (t.isAlive()) {
                    timedOut = true;
                    t.interrupt();
                    t.join(Duration.ofSeconds(45).toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while running alp " + Arrays.toString(args), e);
            } finally {
                System.out.flush();
                System.err.flush();
                System.setOut(realOut);
                System.setErr(realErr);
            }
        }
        return new Result(List.of(args), code.get(), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), timedOut, thrown.get());
    }

    /** {@code show ID --json}, which must succeed. */
    static JsonNode show(String dataDir, String id) {
        return run("show", id, "--json", "--data", dataDir).assertOk().json();
    }

    static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        assertNotNull(value, () -> "missing field '" + name + "' in " + node);
        return value;
    }

    /** The text, or its beginning and end when it is long. */
    private static String tail(String text) {
        return text.length() <= 12_000 ? text
                : text.substring(0, 3_000) + "\n[...]\n" + text.substring(text.length() - 9_000);
    }

    /** Writes to the capture and to the real stream. */
    private static final class Tee extends OutputStream {
        private final OutputStream capture;
        private final OutputStream echo;

        Tee(OutputStream capture, OutputStream echo) {
            this.capture = capture;
            this.echo = echo;
        }

        @Override
        public synchronized void write(int b) {
            try {
                capture.write(b);
                echo.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            try {
                capture.write(b, off, len);
                echo.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            echo.flush();
        }
    }
}
