package io.alp.app;

import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider key given the way a user gives it, in an environment variable of the {@code alp} process, reaches the
 * provider and nothing else: not the journal or the dataset store (the database file), not the recording, not the
 * source store, not the logs at debug level, not the output.
 */
class ProviderKeyTest {

    @TempDir
    Path tmp;

    @Test
    void theKeyReachesTheProviderAndNeverTheJournalTheRecordingOrTheLogs() throws Exception {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String key = "sk-test-" + HexFormat.of().formatHex(secret);
        ArithmeticAgentFixture fixture = new ArithmeticAgentFixture();
        try (ScriptedLlmServer server = ScriptedLlmServer.start(fixture::answer)) {
            Path config = ArithmeticAgentFixture.write(tmp, "arith-key", Protocol.OPENAI, server,
                    "ALP_TEST_PROVIDER_KEY");
            Path data = tmp.resolve("data");
            Path log = tmp.resolve("alp-debug.log");
            Path logConfig = Files.writeString(tmp.resolve("logback-debug.xml"), """
                    <configuration>
                      <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                        <file>%s</file>
                        <encoder><pattern>%%d %%-5level %%logger - %%msg%%n</pattern></encoder>
                      </appender>
                      <root level="DEBUG"><appender-ref ref="FILE"/></root>
                    </configuration>
                    """.formatted(log));
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder alp = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Dlogback.configurationFile=" + logConfig, "-cp", classpath, "io.alp.app.Main",
                    "run", config.toString(), "--data", data.toString(), "--record",
                    "--report", tmp.resolve("report.html").toString())
                    .redirectOutput(tmp.resolve("out.txt").toFile())
                    .redirectError(tmp.resolve("err.txt").toFile());
            alp.environment().put("ALP_TEST_PROVIDER_KEY", key);
            Process process = alp.start();
            assertTrue(process.waitFor(3, TimeUnit.MINUTES), "alp run finished");
            assertEquals(0, process.exitValue(), () -> read(tmp.resolve("out.txt")) + read(tmp.resolve("err.txt")));

            assertFalse(server.calls().isEmpty());
            assertTrue(server.calls().stream().allMatch(c -> ("Bearer " + key).equals(c.header("Authorization"))),
                    "every call carried the key");
        }
        assertTrue(Files.size(tmp.resolve("alp-debug.log")) > 10_000, "debug logging was on");
        assertTrue(Files.exists(tmp.resolve("data").resolve("recordings").resolve("arith-key.jsonl")));
        byte[] needle = key.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tmp)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".mv.db")), files.toString());
        for (Path file : files) {
            assertFalse(contains(Files.readAllBytes(file), needle), "the key leaked into " + file);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable " + file + ")";
        }
    }
}
