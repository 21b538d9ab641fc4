package io.alp.evaluator.edit;

import io.alp.evaluator.testkit.TestPrices;

import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.port.Materialized;
import io.alp.evaluator.llm.OpenAiLlmClient;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.llm.ProviderSpec;
import io.alp.evaluator.source.SourceStore;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Call;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker model is reached over HTTP on loopback, through the OpenAI-compatible client. */
class WorkerMaterializerTest {

    static final String MODEL = "openai/worker-mini";
    /** $1 per million input tokens, $4 per million output tokens. */
    static final TestPrices PRICES = TestPrices.of(MODEL, 1.0, 4.0);
    /** Every scripted reply reports 1,000 tokens in and 200 out: $0.001 + $0.0008. */
    static final double CALL_COST = 0.0018;

    static final String SYSTEM_MD = """
            # Support agent
            You are a support agent for an online shop.
            Always cite the order id.
            Never promise refunds.
            Be brief.
            """;
    static final String AGENT_JSON = "{\n  \"model\": \"gpt-4o-mini\",\n  \"temperature\": 0.7\n}\n";
    static final String RUN_PY = "print('agent')\n";

    static final Edit EDIT = Edit.of(EditClass.PROMPT,
            "Ask for the order id before anything else\nCustomers often forget it.",
            Map.of("files", "prompts/system.md", "change", "make the agent ask for the order id first"));

    @TempDir
    Path tmp;

    SourceStore store;
    String baseline;
    ScriptedLlmServer server;
    OpenAiLlmClient client;
    final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void setUp() {
        store = SourceStore.open(tmp.resolve("sources.git"));
        baseline = store.commit(null, Map.of("prompts/system.md", SYSTEM_MD, "agent.json", AGENT_JSON,
                "src/run.py", RUN_PY), "baseline");
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        store.close();
    }

    /** A worker whose n-th call gets the n-th reply (the last one repeated). */
    WorkerMaterializer worker(int maxRetries, Reply... replies) {
        server = ScriptedLlmServer.start(call -> replies[Math.min(served.getAndIncrement(), replies.length - 1)]);
        client = new OpenAiLlmClient(new ProviderSpec("openai", Protocol.OPENAI, server.openAiBaseUrl(), null, null,
                Duration.ofSeconds(20), 0), name -> null);
        return new WorkerMaterializer(new MeteredLlm(client, PRICES), MODEL, store, baseline,
                EditablePaths.of("prompts/**", "agent.json"), maxRetries, 1024);
    }

    static Reply reply(String text) {
        return Reply.text(text, 1000, 200, 0);
    }

    static Materialized await(WorkerMaterializer worker, String parent, Edit edit) throws Exception {
        return worker.apply(parent, edit).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static final String GOOD = """
            I'll add the instruction after the first line.

            prompts/system.md
            ```
            <<<<<<< SEARCH
            You are a support agent for an online shop.
            =======
            You are a support agent for an online shop.
            First ask the customer for their order id.
            >>>>>>> REPLACE
            ```
            """;

    @Test
    void aGoodEditIsCommittedOnTheParent() throws Exception {
        WorkerMaterializer worker = worker(2, reply(GOOD));
        Materialized result = await(worker, baseline, EDIT);

        assertTrue(result.applied(), result.failure());
        assertEquals(CALL_COST, result.costUsd(), 1e-12);
        Map<String, String> files = store.files(result.sourceRef());
        assertEquals(SYSTEM_MD.replace("online shop.\n", "online shop.\nFirst ask the customer for their order id.\n"),
                files.get("prompts/system.md"));
        assertEquals(AGENT_JSON, files.get("agent.json"));
        assertEquals(RUN_PY, files.get("src/run.py"));
        String diff = store.unifiedDiff(baseline, result.sourceRef());
        assertTrue(diff.contains("+First ask the customer for their order id."), diff);
        assertFalse(diff.contains("agent.json"), diff);

        // what the worker was told
        assertEquals(1, server.calls().size());
        Call call = server.calls().get(0);
        assertEquals("worker-mini", call.model());
        assertTrue(call.system().contains("<<<<<<< SEARCH"), call.system());
        assertTrue(call.system().contains(">>>>>>> REPLACE"), call.system());
        assertTrue(call.system().contains("refused"), call.system());
        String prompt = call.lastUserMessage();
        assertTrue(prompt.contains("prompts/system.md\n```\n" + SYSTEM_MD + "```"), prompt);
        assertTrue(prompt.contains("agent.json\n```\n" + AGENT_JSON + "```"), prompt);
        assertFalse(prompt.contains("print('agent')"), "non-editable sources are not shown: " + prompt);
        assertTrue(prompt.contains("class PROMPT"), prompt);
        assertTrue(prompt.contains("Ask for the order id before anything else"), prompt);
        assertTrue(prompt.contains("- change: make the agent ask for the order id first"), prompt);
        assertTrue(prompt.contains("The files to change: prompts/system.md"), prompt);
        assertEquals(1024, call.json().path("max_tokens").asInt());
    }

    @Test
    void theSameEditOnTheSameParentGivesTheSameCommit() throws Exception {
        WorkerMaterializer worker = worker(2, reply(GOOD));
        String first = await(worker, baseline, EDIT).sourceRef();
        String second = await(worker, baseline, EDIT).sourceRef();
        assertEquals(first, second);
        assertEquals(baseline, worker.baselineSource());
    }

    @Test
    void aFailedBlockIsFedBackAndTheCorrectionApplied() throws Exception {
        String first = """
                prompts/system.md
                <<<<<<< SEARCH
                Be brief.
                =======
                Be brief and friendly.
                >>>>>>> REPLACE

                prompts/system.md
                <<<<<<< SEARCH
                Refunds are never promised by us under any circumstances.
                =======
                Refunds are decided by the billing team.
                >>>>>>> REPLACE
                """;
        String corrected = """
                prompts/system.md
                <<<<<<< SEARCH
                Never promise refunds.
                =======
                Refunds are decided by the billing team.
                >>>>>>> REPLACE
                """;
        WorkerMaterializer worker = worker(2, reply(first), reply(corrected));
        Materialized result = await(worker, baseline, EDIT);

        assertTrue(result.applied(), result.failure());
        assertEquals(2 * CALL_COST, result.costUsd(), 1e-12);
        assertEquals(SYSTEM_MD.replace("Be brief.", "Be brief and friendly.")
                        .replace("Never promise refunds.", "Refunds are decided by the billing team."),
                store.files(result.sourceRef()).get("prompts/system.md"));

        assertEquals(2, server.calls().size());
        List<ScriptedLlmServer.Message> conversation = server.calls().get(1).messages();
        assertEquals(List.of("user", "assistant", "user"),
                conversation.stream().map(ScriptedLlmServer.Message::role).toList());
        assertEquals(first, conversation.get(1).content());
        String feedback = conversation.get(2).content();
        assertTrue(feedback.contains("block 2 (prompts/system.md)"), feedback);
        assertFalse(feedback.contains("block 1 "), "the block that applied is not reported: " + feedback);
        assertTrue(feedback.contains("not found in prompts/system.md"), feedback);
        assertTrue(feedback.contains("do not send them again"), feedback);
        // the current contents include the block that already applied
        assertTrue(feedback.contains("Be brief and friendly."), feedback);
        assertTrue(feedback.contains("Never promise refunds."), feedback);
    }

    @Test
    void aBlockOnANonEditablePathIsRefused() throws Exception {
        String sneaky = """
                src/run.py
                <<<<<<< SEARCH
                print('agent')
                =======
                print('hacked')
                >>>>>>> REPLACE
                """;
        WorkerMaterializer worker = worker(1, reply(sneaky));
        Materialized result = await(worker, baseline, EDIT);

        assertFalse(result.applied());
        assertNull(result.sourceRef());
        assertTrue(result.failure().contains("src/run.py"), result.failure());
        assertTrue(result.failure().contains("not editable"), result.failure());
        assertEquals(2 * CALL_COST, result.costUsd(), 1e-12);
        String feedback = server.calls().get(1).lastUserMessage();
        assertTrue(feedback.contains("Only these paths may be edited: prompts/**, agent.json"), feedback);
        assertFalse(server.calls().get(0).lastUserMessage().contains(RUN_PY), "a file that is not editable was shown");
    }

    /** A block whose SEARCH matches nothing in prompts/system.md, not even fuzzily. */
    static final String NOT_IN_FILE = """
            prompts/system.md
            <<<<<<< SEARCH
            This line is not in the file at all, not even close.
            =======
            x
            >>>>>>> REPLACE
            """;

    @Test
    void whenEveryAttemptFailsTheReasonNamesTheBlocksAndTheCostIsSummed() throws Exception {
        WorkerMaterializer worker = worker(2, reply(NOT_IN_FILE));
        Materialized result = await(worker, baseline, EDIT);

        assertFalse(result.applied());
        assertEquals(3, server.calls().size());
        assertEquals(3 * CALL_COST, result.costUsd(), 1e-12);
        assertTrue(result.failure().contains("after 3 attempts"), result.failure());
        assertTrue(result.failure().contains("block 1 (prompts/system.md)"), result.failure());
        assertTrue(result.failure().contains("closest lines"), result.failure());
    }

    @Test
    void aReplyWithoutBlocksOrWithAMalformedBlockIsRetried() throws Exception {
        String malformed = """
                prompts/system.md
                <<<<<<< SEARCH
                Be brief.
                >>>>>>> REPLACE
                """;
        String good = """
                prompts/system.md
                <<<<<<< SEARCH
                Be brief.
                =======
                Be very brief.
                >>>>>>> REPLACE
                """;
        WorkerMaterializer worker = worker(2, reply("The prompt looks fine to me."), reply(malformed), reply(good));
        Materialized result = await(worker, baseline, EDIT);

        assertTrue(result.applied(), result.failure());
        assertEquals(3, server.calls().size());
        assertTrue(server.calls().get(1).lastUserMessage().contains("no SEARCH/REPLACE blocks"),
                server.calls().get(1).lastUserMessage());
        assertTrue(server.calls().get(2).lastUserMessage().contains("'======='"),
                server.calls().get(2).lastUserMessage());
        assertTrue(store.files(result.sourceRef()).get("prompts/system.md").contains("Be very brief."));
    }

    @Test
    void anEditThatChangesNothingStillSucceedsWithTheSameTree() throws Exception {
        String noop = """
                agent.json
                <<<<<<< SEARCH
                  "temperature": 0.7
                =======
                  "temperature": 0.7
                >>>>>>> REPLACE
                """;
        WorkerMaterializer worker = worker(2, reply(noop));
        Materialized result = await(worker, baseline, EDIT);
        assertTrue(result.applied(), result.failure());
        assertEquals(store.treeId(baseline), store.treeId(result.sourceRef()));
    }

    @Test
    void aFailedModelCallIsAFailureCarryingTheCostSoFar() throws Exception {
        WorkerMaterializer worker = worker(2, reply(NOT_IN_FILE), Reply.error(400, "context length exceeded"));
        Materialized result = await(worker, baseline, EDIT);
        assertFalse(result.applied());
        assertTrue(result.failure().contains("worker model call failed"), result.failure());
        assertTrue(result.failure().contains("context length exceeded"), result.failure());
        assertEquals(CALL_COST, result.costUsd(), 1e-12);
    }

    @Test
    void anUnknownParentOrAnUnpricedModelIsAFailureNotAnException() throws Exception {
        WorkerMaterializer worker = worker(2, reply(GOOD));
        Materialized unknown = await(worker, "0123456789abcdef0123456789abcdef01234567", EDIT);
        assertFalse(unknown.applied());
        assertTrue(unknown.failure().contains("0123456789abcdef0123456789abcdef01234567"), unknown.failure());
        assertEquals(0, unknown.costUsd());

        WorkerMaterializer unpriced = new WorkerMaterializer(new MeteredLlm(client, PRICES), "openai/other", store,
                baseline, EditablePaths.of("prompts/**"));
        Materialized noPrice = await(unpriced, baseline, EDIT);
        assertFalse(noPrice.applied());
        assertTrue(noPrice.failure().contains("openai/other"), noPrice.failure());
        assertEquals(0, server.calls().size());
    }

    @Test
    void maxCostCoversEveryAttemptAtTheEstimatedPromptSize() {
        WorkerMaterializer worker = worker(2, reply(GOOD));
        long inputTokens = (SYSTEM_MD.length() + AGENT_JSON.length()) / 3 + 2000;
        double perCall = (inputTokens * 1.0 + 1024 * 4.0) / 1_000_000.0;
        assertEquals(3 * perCall, worker.maxCostUsd(), 1e-12);
    }
}
