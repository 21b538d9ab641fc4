package io.alp.agentworld;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.evaluator.llm.ProviderLimits;
import io.alp.evaluator.llm.ProviderSpec;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.runner.ResourceLimits;

import java.time.Duration;
import java.util.List;

/**
 * Everything a cluster node needs to build the ports of a session on a real agent, with absolute paths, carried as
 * JSON in the session's {@link io.alp.engine.model.WorldSpec}. Holds names of environment variables, never keys.
 *
 * @param sourceStore the git directory holding every candidate's source
 * @param baseline    the commit of the agent as deployed: the root of the tree
 * @param editable    globs of the paths edits may change
 * @param agent       how a candidate runs: a prompt agent's manifest, or a command agent's command and sandbox
 * @param models      the models candidates may be routed to ({@code provider/model})
 * @param prices      a LiteLLM-format price file overriding the bundled table, or null
 */
public record AgentWorldSpec(String name, String sourceStore, String baseline, List<String> editable,
                             AgentSpec agent, List<String> models, List<Provider> providers, String prices,
                             JudgeSpec judge, String proposerModel, String workerModel, Recording recording) {

    public static final String KIND = "agent";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public AgentWorldSpec {
        editable = List.copyOf(editable);
        models = List.copyOf(models);
        providers = List.copyOf(providers);
        recording = recording == null ? Recording.OFF : recording;
    }

    /**
     * How a candidate runs. A {@code prompt} agent is one model call described by a manifest file in its source; a
     * {@code command} agent is a program run once per case in a fresh worktree, in a sandbox, reaching models
     * through the metering gateway.
     *
     * @param modelMap   a file in the source mapping the model names the agent asks for to {@code provider/model}
     * @param workspaces        where command agents' worktrees are made
     * @param maxCostPerCaseUsd what one case of a command agent may spend on models: reserved from the budget, and
     *                          enforced by the gateway
     * @param maxCallsPerCase   model calls one case of a command agent may make
     * @param limits            resource limits of one case of a command agent (null in journals older than them:
     *                          the defaults)
     * @param readOnlyPaths     host paths its sandbox shows read-only beyond the system's programs and libraries
     */
    public record AgentSpec(String kind, String manifest, List<String> command, String modelMap, int timeoutSeconds,
                            String sandbox, String workspaces, double maxCostPerCaseUsd, int maxCallsPerCase,
                            ResourceLimits limits, List<String> readOnlyPaths) {
        public static final String PROMPT = "prompt";
        public static final String COMMAND = "command";

        public AgentSpec {
            command = command == null ? List.of() : List.copyOf(command);
            if (limits == null && COMMAND.equals(kind)) {
                limits = ResourceLimits.defaults(Duration.ofSeconds(Math.max(1, timeoutSeconds)));
            }
            readOnlyPaths = readOnlyPaths == null ? List.of() : List.copyOf(readOnlyPaths);
        }

        public static AgentSpec prompt(String manifest) {
            return new AgentSpec(PROMPT, manifest, null, null, 0, null, null, 0, 0, null, null);
        }

        public boolean runsProgram() {
            return COMMAND.equals(kind);
        }
    }

    /** A provider as configured: the key stays in the environment variable {@code apiKeyEnv}. */
    public record Provider(String name, String protocol, String baseUrl, String apiKeyEnv, int requestsPerMinute,
                           long tokensPerMinute, int maxConcurrent, int timeoutSeconds, int maxRetries) {

        public ProviderSpec toSpec() {
            return new ProviderSpec(name, Protocol.valueOf(protocol.toUpperCase(java.util.Locale.ROOT)), baseUrl,
                    apiKeyEnv, new ProviderLimits(requestsPerMinute, tokensPerMinute, maxConcurrent),
                    Duration.ofSeconds(timeoutSeconds), maxRetries);
        }
    }

    /**
     * An LLM judge under a rubric with {@code samples} votes, or (when {@code verifierCommand} is set) a verifier
     * command run once per case.
     */
    public record JudgeSpec(String model, String rubric, int samples, List<String> verifierCommand,
                            String verifierDir, int verifierTimeoutSeconds) {
        public JudgeSpec {
            verifierCommand = verifierCommand == null ? List.of() : List.copyOf(verifierCommand);
        }

        public boolean verifier() {
            return !verifierCommand.isEmpty();
        }
    }

    /** Whether the session's model exchanges are recorded to, or replayed from, a file. */
    public record Recording(Mode mode, String file) {
        public static final Recording OFF = new Recording(Mode.OFF, null);

        public enum Mode { OFF, RECORD, REPLAY }
    }

    public AgentWorldSpec withRecording(Recording recording) {
        return new AgentWorldSpec(name, sourceStore, baseline, editable, agent, models, providers, prices, judge,
                proposerModel, workerModel, recording);
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an agent world spec", e);
        }
    }

    public static AgentWorldSpec fromJson(String json) {
        try {
            return JSON.readValue(json, AgentWorldSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an agent world definition: " + e.getOriginalMessage(), e);
        }
    }
}
