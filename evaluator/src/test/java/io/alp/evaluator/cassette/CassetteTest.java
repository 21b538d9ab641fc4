package io.alp.evaluator.cassette;

import io.alp.engine.port.LlmCallException;
import io.alp.engine.port.LlmClient;
import io.alp.evaluator.llm.OpenAiLlmClient;
import io.alp.evaluator.llm.ProviderSpec;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model exchanges recorded through a real client over loopback HTTP, then answered offline from the file. */
class CassetteTest {

    @TempDir
    Path tmp;

    private static LlmClient.Request ask(String question, String tag) {
        return new LlmClient.Request("local/m", "Be terse.", List.of(LlmClient.Message.user(question)), 50, 0, tag);
    }

    private static String text(LlmClient client, LlmClient.Request request) {
        return client.complete(request).toCompletableFuture().join().text();
    }

    @Test
    void answersReplayByTagAndContentInRecordedOrderAndUnseenQuestionsFailNamingTheirTag() throws Exception {
        Path file = tmp.resolve("rec.jsonl");
        AtomicInteger n = new AtomicInteger();
        try (ScriptedLlmServer server = ScriptedLlmServer.start(call -> call.lastUserMessage().equals("fail")
                ? Reply.error(400, "bad request") : Reply.text("answer " + n.incrementAndGet(), 10, 2, 0))) {
            var recording = new RecordingLlmClient(new OpenAiLlmClient(new ProviderSpec("local", Protocol.OPENAI,
                    server.openAiBaseUrl(), null, null, Duration.ofSeconds(5), 0), name -> null),
                    Cassette.forRecording(file));
            assertEquals("answer 1", text(recording, ask("q", "judge/c1/0")));
            assertEquals("answer 2", text(recording, ask("q", "judge/c1/0")));
            assertEquals("answer 3", text(recording, ask("q", "judge/c1/1")));
            assertThrows(CompletionException.class, () -> text(recording, ask("fail", "run/c2")));
        }
        assertEquals(4, Files.readAllLines(file).size());

        var replay = new ReplayingLlmClient(Cassette.load(file));
        assertEquals("answer 3", text(replay, ask("q", "judge/c1/1")), "found by tag whatever the order");
        assertEquals("answer 1", text(replay, ask("q", "judge/c1/0")));
        assertEquals("answer 2", text(replay, ask("q", "judge/c1/0")));
        assertEquals("answer 2", text(replay, ask("q", "judge/c1/0")), "the last answer once they are used up");
        var recordedFailure = assertThrows(CompletionException.class, () -> text(replay, ask("fail", "run/c2")));
        assertTrue(recordedFailure.getCause() instanceof LlmCallException failed && !failed.retryable()
                && failed.getMessage().contains("bad request"), recordedFailure.getCause().toString());
        var unseen = assertThrows(CompletionException.class, () -> text(replay, ask("other", "judge/c9/0")));
        assertTrue(unseen.getCause().getMessage().contains("judge/c9/0")
                && unseen.getCause().getMessage().contains("judge/c1/0"), unseen.getCause().getMessage());
    }

    @Test
    void aDamagedRecordingIsRefusedNamingTheLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.jsonl"), "\n{\"key\": \"k\", \"tag\": \"t\"}\n{broken\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Cassette.load(file));
        assertTrue(e.getMessage().contains("bad.jsonl line 3"), e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> Cassette.load(tmp.resolve("none.jsonl")));
        assertTrue(missing.getMessage().contains("--record"), missing.getMessage());
    }
}
