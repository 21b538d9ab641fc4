package io.alp.app;

import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Call;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small real agent and a loopback model server scripted to answer like each model of a session:
 * <ul>
 *   <li>the agent ({@code agent.json} + {@code prompt.md}) runs on {@code small}, which shows its working
 *   ("Let me think. 2 + 3 = 5. The answer is 5.") unless its system prompt asks for the number only, and on
 *   {@code big}, which always answers with the number and costs ten times more;</li>
 *   <li>the judge ({@code grader}) fails any answer that is more than the number;</li>
 *   <li>the proposer ({@code planner}) proposes a prompt edit and a routing edit, as JSON;</li>
 *   <li>the worker ({@code editor}) turns each into a SEARCH/REPLACE block on the right file.</li>
 * </ul>
 * So the baseline passes nothing, the prompt edit passes everything cheaply, and routing passes everything at ten
 * times the cost: the frontier is known. Scripts can be wrapped to inject faults.
 */
final class ArithmeticAgentFixture {

    static final String PROMPT = "You are a calculator assistant.";
    static final String ONLY_NUMBER = "Reply with the final number only.";
    private static final Pattern QUESTION = Pattern.compile("What is (\\d+) \\+ (\\d+)\\?");

    final AtomicInteger proposals = new AtomicInteger();

    /** The scripted answer to any call of the session. */
    Reply answer(Call call) {
        return switch (call.model()) {
            case "small" -> agent(call, !call.system().contains(ONLY_NUMBER));
            case "big" -> agent(call, false);
            case "grader" -> grade(call);
            case "planner" -> propose();
            case "editor" -> edit(call);
            default -> Reply.error(404, "The model `" + call.model() + "` does not exist");
        };
    }

    private static Reply agent(Call call, boolean verbose) {
        Matcher m = QUESTION.matcher(call.lastUserMessage());
        if (!m.find()) {
            return Reply.text("I cannot tell what you are asking.", 50, 10, 0);
        }
        int sum = Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2));
        String text = verbose ? "Let me think. " + m.group(1) + " + " + m.group(2) + " = " + sum + ". The answer is "
                + sum + "." : Integer.toString(sum);
        return Reply.text(text, 120, verbose ? 30 : 2, 0);
    }

    private static Reply grade(Call call) {
        String prompt = call.system() + "\n" + call.messages().stream().map(ScriptedLlmServer.Message::content)
                .reduce("", (a, b) -> a + "\n" + b);
        boolean verbose = prompt.contains("Let me think");
        return Reply.text(verbose
                ? "{\"pass\": false, \"score\": 0.2, \"reason\": \"The answer shows its working; the rubric asks for the number alone.\"}"
                : "{\"pass\": true, \"score\": 1.0, \"reason\": \"The number alone, and correct.\"}", 300, 30, 0);
    }

    private Reply propose() {
        proposals.incrementAndGet();
        return Reply.text("""
                {"proposals": [
                  {"class": "prompt", "files": ["prompt.md"],
                   "change": "Tell the agent to reply with the final number only.",
                   "rationale": "Every failure shows the working before the number.",
                   "expected": {"passRate": "+100 points", "cost": "-20%"}},
                  {"class": "routing", "files": ["agent.json"],
                   "change": "Route the agent to the big model instead of small.",
                   "rationale": "The big model answers tersely.",
                   "expected": {"passRate": "+100 points", "cost": "+900%"}}
                ]}""", 2_000, 200, 0);
    }

    private static Reply edit(Call call) {
        String prompt = call.messages().stream().map(ScriptedLlmServer.Message::content)
                .reduce("", (a, b) -> a + "\n" + b);
        if (prompt.contains("final number only")) {
            return Reply.text("prompt.md\n<<<<<<< SEARCH\n" + PROMPT + "\n=======\n" + PROMPT + " " + ONLY_NUMBER
                    + "\n>>>>>>> REPLACE\n", 1_500, 80, 0);
        }
        if (prompt.contains("instead of small")) {
            Matcher provider = Pattern.compile("\"model\": \"([a-z-]+)/small\"").matcher(prompt);
            String name = provider.find() ? provider.group(1) : "local";
            return Reply.text("agent.json\n<<<<<<< SEARCH\n  \"model\": \"" + name + "/small\",\n=======\n"
                    + "  \"model\": \"" + name + "/big\",\n>>>>>>> REPLACE\n", 1_500, 80, 0);
        }
        return Reply.text("I am not sure what to change.", 1_500, 10, 0);
    }

    /**
     * Writes the agent, its traffic, a price table and a session config for the given protocol; returns the config.
     *
     * @param keyEnv the environment variable holding the provider key, or null for a server that needs none
     */
    static Path write(Path dir, String sessionId, Protocol protocol, ScriptedLlmServer server, String keyEnv)
            throws IOException {
        String provider = protocol == Protocol.OPENAI ? "openai-like" : "anthropic-like";
        Path agent = Files.createDirectories(dir.resolve("agent"));
        Files.writeString(agent.resolve("agent.json"), "{\n  \"model\": \"" + provider + "/small\",\n"
                + "  \"system\": \"prompt.md\",\n  \"maxTokens\": 64\n}\n");
        Files.writeString(agent.resolve("prompt.md"), PROMPT + "\n");
        Files.writeString(agent.resolve("README.md"), "Not editable: the agent's notes.\n");
        StringBuilder traffic = new StringBuilder();
        Instant now = Instant.now();
        for (int i = 0; i < 8; i++) {
            traffic.append(String.format("{\"id\":\"q%d\",\"timestamp\":\"%s\",\"input\":\"What is %d + %d?\","
                    + "\"output\":\"The answer is %d.\",\"attributes\":{\"expected\":\"%d\"}}%n", i,
                    now.minusSeconds(60L * (i + 1)), i, 10 * i, 11 * i, 11 * i));
        }
        Files.writeString(dir.resolve("traffic.jsonl"), traffic);
        StringBuilder prices = new StringBuilder("{\n");
        String[][] table = {{"small", "1e-7", "4e-7"}, {"big", "1e-6", "4e-6"}, {"grader", "1.5e-7", "6e-7"},
                {"planner", "2.5e-6", "1e-5"}, {"editor", "1.5e-7", "6e-7"}};
        for (String[] row : table) {
            prices.append(String.format("  \"%s/%s\": {\"input_cost_per_token\": %s, \"output_cost_per_token\": %s, "
                    + "\"litellm_provider\": \"%s\", \"max_input_tokens\": 128000, \"max_output_tokens\": 16384},%n",
                    provider, row[0], row[1], row[2], provider));
        }
        prices.setLength(prices.length() - 2);
        prices.append("\n}\n");
        Files.writeString(dir.resolve("prices.json"), prices);
        String baseUrl = protocol == Protocol.OPENAI ? server.openAiBaseUrl() : server.anthropicBaseUrl();
        String config = "id: " + sessionId + "\n"
                + "name: arithmetic agent\n"
                + "agent:\n  source: agent\n  editable: [prompt.md, agent.json]\n"
                + "providers:\n  " + provider + ":\n    protocol: " + protocol.name().toLowerCase() + "\n"
                + "    baseUrl: " + baseUrl + "\n    maxRetries: 4\n    timeoutSeconds: 10\n"
                + (keyEnv == null ? "" : "    apiKeyEnv: " + keyEnv + "\n")
                + "prices: prices.json\n"
                + "models: [" + provider + "/small, " + provider + "/big]\n"
                + "traffic:\n  source: {kind: jsonl, path: traffic.jsonl}\n  policy: {kind: improve, size: 8, seed: 1}\n"
                + "judge:\n  model: " + provider + "/grader\n  samples: 1\n"
                + "  rubric: The reply must be the correct number and nothing else.\n"
                + "optimizer:\n  proposer: " + provider + "/planner\n  worker: " + provider + "/editor\n"
                + "  budgetUsd: 2\n  branching: 2\n  parallelRounds: 1\n  stallRounds: 2\n  maxNodes: 6\n"
                + "  evaluation: full\n";
        return Files.writeString(dir.resolve(sessionId + ".yaml"), config, StandardCharsets.UTF_8);
    }

    /** A script that answers the first {@code n} calls matching {@code which} with {@code fault} instead. */
    static Function<Call, Reply> faulty(Function<Call, Reply> script, java.util.function.Predicate<Call> which,
                                        int n, Reply fault) {
        AtomicInteger left = new AtomicInteger(n);
        return call -> which.test(call) && left.getAndDecrement() > 0 ? fault : script.apply(call);
    }

    static List<String> modelsCalled(ScriptedLlmServer server) {
        return server.calls().stream().map(Call::model).toList();
    }

    static void delete(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
