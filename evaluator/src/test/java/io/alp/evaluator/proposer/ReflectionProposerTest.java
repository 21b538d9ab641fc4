package io.alp.evaluator.proposer;

import io.alp.engine.llm.MalformedReplyException;
import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.LlmCallException;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import io.alp.evaluator.llm.OpenAiLlmClient;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.llm.ProviderSpec;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Call;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import io.alp.evaluator.testkit.TestPrices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proposer against a scripted OpenAI-compatible server on loopback. */
class ReflectionProposerTest {

    private static final String MODEL = "scripted/proposer";
    /** $1 per million input tokens, $2 per million output tokens. */
    private static final TestPrices PRICES = TestPrices.of(MODEL, 1.0, 2.0);
    private static final Predicate<String> EDITABLE = p -> p.startsWith("agent/");
    private static final Map<String, String> SOURCE = Map.of(
            "agent/main.py", "def answer(question):\n    return call_model(PROMPT, question)  # MAIN-PY-BODY\n",
            "agent/prompt.txt", "You are a helpful assistant. PROMPT-TXT-BODY\n",
            "deploy/secrets.env", "DEPLOY-SECRET-BODY=do-not-show\n");

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ScriptedLlmServer server(Function<Call, Reply> script) {
        ScriptedLlmServer server = ScriptedLlmServer.start(script);
        open.add(server);
        return server;
    }

    private ReflectionProposer proposer(ScriptedLlmServer server) {
        OpenAiLlmClient client = new OpenAiLlmClient(new ProviderSpec("scripted", Protocol.OPENAI,
                server.openAiBaseUrl(), null, null, Duration.ofSeconds(20), 0), name -> null);
        open.add(client);
        return new ReflectionProposer(new MeteredLlm(client, PRICES), MODEL, ref -> {
            if (!ref.equals("abc123")) {
                throw new IllegalArgumentException("unknown source " + ref);
            }
            return SOURCE;
        }, EDITABLE, 2000);
    }

    private static Reflection reflection(List<Edit> branch, List<Edit> exclude, int count) {
        Outcome failed = new Outcome("c1", false, "JUDGE-REASON: the total ignores the discount code", "Total: $120",
                900, 40, 0.003, 0.001, 1);
        Outcome passed = new Outcome("c2", true, "correct", "Total: $80", 800, 30, 0.002, 0.001, 1);
        return new Reflection("n7", "abc123", branch, Score.of(10, 6, 0.0025), Score.of(10, 5, 0.0030),
                List.of(failed), List.of(passed),
                Map.of("c1", "FAILED-INPUT: order 3 items with code SAVE20", "c2", "order 2 items"),
                exclude, count, 42, ReflectionGoal.FRONTIER);
    }

    private static ProposalBatch join(java.util.concurrent.CompletionStage<ProposalBatch> stage) {
        return stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static String proposal(String cls, String files, String change) {
        return "{\"class\":\"" + cls + "\",\"files\":[" + files + "],\"change\":\"" + change
                + "\",\"rationale\":\"c1 lost its discount\",\"expected\":{\"passRate\":\"+10 points\","
                + "\"cost\":\"0%\"}}";
    }

    private static final String GOOD = "{\"proposals\":["
            + proposal("tool", "\"agent/main.py\"", "Add an apply_discount tool and call it before totalling") + ","
            + proposal("prompt", "\"agent/prompt.txt\"", "State that discount codes must be applied") + "]}";

    @Test
    void proposesEditsFromAPromptHoldingTheEvidenceAndTheEditableSource() {
        ScriptedLlmServer server = server(call -> Reply.text(GOOD, 1000, 200, 0));
        ProposalBatch batch = join(proposer(server).propose(reflection(List.of(), List.of(), 2)));

        assertEquals(1, server.calls().size());
        Call call = server.calls().get(0);
        assertEquals("proposer", call.model());
        assertEquals(0.7, call.json().path("temperature").asDouble(), 1e-9);
        assertNotNull(call.system());
        String prompt = call.lastUserMessage();
        assertTrue(prompt.contains("FAILED-INPUT: order 3 items with code SAVE20"), prompt);
        assertTrue(prompt.contains("JUDGE-REASON: the total ignores the discount code"), prompt);
        assertTrue(prompt.contains("Total: $120"), prompt);
        assertTrue(prompt.contains(SOURCE.get("agent/main.py")), prompt);
        assertTrue(prompt.contains(SOURCE.get("agent/prompt.txt")), prompt);
        assertFalse(prompt.contains("DEPLOY-SECRET-BODY"), "a file that is not editable was shown");
        assertTrue(prompt.contains("Propose exactly 2 different edits"));

        assertEquals(2, batch.edits().size());
        Edit tool = batch.edits().get(0);
        assertEquals(EditClass.TOOL, tool.editClass());
        assertEquals(Map.of("files", "agent/main.py", "change",
                "Add an apply_discount tool and call it before totalling"), tool.payload());
        assertTrue(tool.description().contains("c1 lost its discount"), tool.description());
        assertTrue(tool.description().contains("+10 points"), tool.description());
        assertEquals(EditClass.PROMPT, batch.edits().get(1).editClass());
        assertEquals((1000 * 1.0 + 200 * 2.0) / 1e6, batch.costUsd(), 1e-12);
    }

    @Test
    void theRequestIsTaggedByNodeAndSeed() {
        ScriptedLlmServer server = server(call -> Reply.text(GOOD));
        assertEquals("propose/n7/42", proposer(server).request(reflection(List.of(), List.of(), 2), Map.of()).tag());
    }

    @Test
    void anUnusableReplyIsRepairedOnceNamingTheProblem() {
        AtomicInteger n = new AtomicInteger();
        String bad = "Sure! {\"proposals\":[" + proposal("vibes", "\"agent/main.py\"", "Be better") + "]}";
        ScriptedLlmServer server = server(call -> n.getAndIncrement() == 0
                ? Reply.text(bad, 1000, 100, 0) : Reply.text(GOOD, 1300, 200, 0));
        ProposalBatch batch = join(proposer(server).propose(reflection(List.of(), List.of(), 2)));

        assertEquals(2, server.calls().size());
        Call repair = server.calls().get(1);
        assertEquals(bad, repair.messages().get(repair.messages().size() - 2).content());
        assertTrue(repair.lastUserMessage().contains("proposal 1 has unknown class \"vibes\""),
                repair.lastUserMessage());
        assertEquals(2, batch.edits().size());
        assertEquals((1000 + 100 * 2.0 + 1300 + 200 * 2.0) / 1e6, batch.costUsd(), 1e-12);
    }

    @Test
    void aTargetThatIsNotEditableIsSentBackForRepair() {
        AtomicInteger n = new AtomicInteger();
        ScriptedLlmServer server = server(call -> n.getAndIncrement() == 0
                ? Reply.text("{\"proposals\":[" + proposal("scaffold", "\"deploy/secrets.env\"", "Rotate") + "]}")
                : Reply.text(GOOD));
        join(proposer(server).propose(reflection(List.of(), List.of(), 2)));
        assertTrue(server.calls().get(1).lastUserMessage().contains("\"deploy/secrets.env\", which is not an "
                + "editable file"));
    }

    @Test
    void twoUnusableRepliesFailWithTheirCost() {
        ScriptedLlmServer server = server(call -> Reply.text("{\"ideas\":[]}", 1000, 100, 0));
        CompletionException e = assertThrows(CompletionException.class,
                () -> join(proposer(server).propose(reflection(List.of(), List.of(), 2))));
        MalformedReplyException malformed = assertInstanceOf(MalformedReplyException.class, e.getCause());
        assertTrue(malformed.getMessage().contains("no \"proposals\" array"), malformed.getMessage());
        assertEquals(2 * (1000 + 100 * 2.0) / 1e6, malformed.costUsd(), 1e-12);
        assertEquals(2, server.calls().size());
    }

    @Test
    void aFailedCallCompletesExceptionally() {
        ScriptedLlmServer server = server(call -> Reply.error(400, "model does not exist"));
        CompletionException e = assertThrows(CompletionException.class,
                () -> join(proposer(server).propose(reflection(List.of(), List.of(), 2))));
        assertInstanceOf(LlmCallException.class, e.getCause());
    }

    @Test
    void anUnknownSourceCompletesExceptionallyWithoutACall() {
        ScriptedLlmServer server = server(call -> Reply.text(GOOD));
        Reflection r = new Reflection("n7", "nope", List.of(), null, null, List.of(), List.of(), Map.of(), List.of(),
                2, 1, ReflectionGoal.FRONTIER);
        CompletionException e = assertThrows(CompletionException.class, () -> join(proposer(server).propose(r)));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals(0, server.calls().size());
    }

    @Test
    void repeatsOfExcludedBranchAndEachOtherAreDropped() {
        Edit excluded = new Edit(EditClass.TOOL, "tried before",
                Map.of("files", "agent/main.py", "change", "Add an apply_discount tool and call it before totalling"));
        Edit onBranch = new Edit(EditClass.PROMPT, "earlier",
                Map.of("files", "agent/prompt.txt", "change", "State that discount codes must be applied"));
        String reply = "{\"proposals\":["
                + proposal("tool", "\"./agent/main.py\"", "Add an apply_discount tool and call it before totalling")
                + "," + proposal("prompt", "\"agent/prompt.txt\"", "State that discount codes must be applied")
                + "," + proposal("memory", "\"agent/main.py\"", "Keep the order summary in context") + ","
                + proposal("memory", "\"agent/main.py\"", "Keep the order summary in context") + ","
                + proposal("routing", "\"agent/main.py\"", "Serve totals from a cheaper model") + ","
                + proposal("scaffold", "\"agent/main.py\"", "Verify the total with a second pass") + "]}";
        ScriptedLlmServer server = server(call -> Reply.text(reply));
        ProposalBatch batch = join(proposer(server).propose(reflection(List.of(onBranch), List.of(excluded), 2)));

        assertEquals(List.of("Keep the order summary in context", "Serve totals from a cheaper model"),
                batch.edits().stream().map(e -> e.payload().get("change")).toList());
        String prompt = server.calls().get(0).lastUserMessage();
        assertTrue(prompt.contains("do not propose these again (1)"), prompt);
        assertTrue(prompt.contains("Add an apply_discount tool and call it before totalling"));
    }

    @Test
    void theCostBoundCoversTheLargestPromptAndARepair() {
        ScriptedLlmServer server = server(call -> Reply.text(GOOD));
        ReflectionProposer proposer = proposer(server);
        List<Outcome> failed = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        Map<String, String> inputs = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            failed.add(new Outcome("c" + i, false, "r".repeat(5000), "o".repeat(5000), 1, 1, 0, 0, 1));
            inputs.put("c" + i, "i".repeat(5000));
            edits.add(new Edit(EditClass.PROMPT, "d", Map.of("files", "agent/x", "change", "e".repeat(5000) + i)));
        }
        Map<String, String> files = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            files.put("agent/f" + i + ".py", "s".repeat(30_000));
        }
        Reflection huge = new Reflection("n", "abc123", edits, Score.of(100, 0, 1), Score.of(100, 0, 1), failed,
                failed, inputs, edits, 5, 1, ReflectionGoal.FRONTIER);
        String prompt = ReflectionPrompt.text(huge, new TreeMap<>(files));
        long promptTokens = (long) Math.ceil((prompt.length() + ReflectionPrompt.SYSTEM.length()) / 3.0);
        assertTrue(promptTokens + 2000 <= proposer.maxInputTokens(),
                promptTokens + " prompt tokens exceed the bound " + proposer.maxInputTokens());
        MeteredLlm llm = new MeteredLlm(null, PRICES);
        assertEquals(llm.maxCostUsd(MODEL, proposer.maxInputTokens(), 2000) * 2, proposer.maxCostUsd(3), 1e-12);
    }

    @Test
    void aModelWithoutAPriceIsRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new ReflectionProposer(
                new MeteredLlm(null, PRICES), "scripted/unpriced", ref -> Map.of(), EDITABLE, 100));
    }
}
