package io.alp.agentworld;

import io.alp.agentworld.runner.PromptAgentRunner;
import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.model.Case;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.port.CandidateRunner;
import io.alp.engine.port.CaseSampler;
import io.alp.engine.port.Judge;
import io.alp.engine.port.LlmClient;
import io.alp.engine.port.PriceTable;
import io.alp.engine.port.World;
import io.alp.engine.port.WorldFactory;
import io.alp.evaluator.cassette.Cassette;
import io.alp.evaluator.cassette.RecordingLlmClient;
import io.alp.evaluator.cassette.ReplayingLlmClient;
import io.alp.evaluator.edit.EditablePaths;
import io.alp.evaluator.edit.WorkerMaterializer;
import io.alp.evaluator.gateway.GatewayRecording;
import io.alp.evaluator.gateway.GatewaySettings;
import io.alp.evaluator.gateway.MeteringGateway;
import io.alp.evaluator.llm.LlmRouter;
import io.alp.evaluator.llm.ProviderSpec;
import io.alp.evaluator.price.LiteLlmPriceTable;
import io.alp.evaluator.proposer.ReflectionProposer;
import io.alp.evaluator.runner.CommandAgent;
import io.alp.evaluator.runner.ProcessRunner;
import io.alp.evaluator.runner.Sandboxes;
import io.alp.evaluator.runner.Workspaces;
import io.alp.evaluator.source.SourceStore;
import io.alp.judge.VotingJudge;
import io.alp.judge.rubric.RubricJudge;
import io.alp.judge.verifier.VerifierJudge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the ports of a session on a real agent from a {@link WorldSpec} of kind {@code agent}: one provider client
 * per configured provider (keys read from the environment here, on the node that calls), wrapped for recording or
 * replay, the price table, the reflection proposer, the edit worker, the judge and the candidate runner.
 */
public final class AgentWorldFactory implements WorldFactory {

    private static final Logger log = LoggerFactory.getLogger(AgentWorldFactory.class);

    static final int PROPOSER_MAX_TOKENS = 4_096;
    static final int WORKER_MAX_TOKENS = 8_192;
    static final int JUDGE_MAX_TOKENS = 512;
    static final int WORKER_RETRIES = 2;
    static final int SNAPSHOTS_KEPT = 16;
    static final long GATEWAY_MAX_BODY_BYTES = 8L << 20;

    private final Function<String, String> env;

    public AgentWorldFactory() {
        this(System::getenv);
    }

    /** @param env where provider keys are looked up by variable name */
    public AgentWorldFactory(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public boolean supports(String kind) {
        return AgentWorldSpec.KIND.equals(kind);
    }

    @Override
    public World create(WorldSpec ref) {
        AgentWorldSpec spec = AgentWorldSpec.fromJson(ref.definition());
        Held held = new Held();
        try {
            MeteredLlm llm = new MeteredLlm(held.add(client(spec)), prices(spec.prices()), log::warn);
            SourceStore store = held.add(SourceStore.open(Path.of(spec.sourceStore())));
            EditablePaths editable = EditablePaths.of(spec.editable());
            return new World(spec.name(), false, new NoCaseSampler(spec.name()),
                    new ReflectionProposer(llm, spec.proposerModel(), store, editable::allows, PROPOSER_MAX_TOKENS),
                    new WorkerMaterializer(llm, spec.workerModel(), store, spec.baseline(), editable, WORKER_RETRIES,
                            WORKER_MAX_TOKENS),
                    runner(spec, ref.setting(AgentWorlds.SESSION, ref.name()), llm, store, held),
                    held.add(judge(spec, llm)), held);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /** What a world's ports hold open, closed in reverse order of opening. */
    private static final class Held implements AutoCloseable {
        private final java.util.Deque<AutoCloseable> open = new java.util.ArrayDeque<>();

        <T> T add(T port) {
            if (port instanceof AutoCloseable closeable) {
                open.push(closeable);
            }
            return port;
        }

        @Override
        public void close() {
            RuntimeException failure = null;
            while (!open.isEmpty()) {
                try {
                    open.pop().close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("could not release a session's ports: " + e, e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * A prompt agent is one call through the session's clients; a command agent runs as a process in a sandbox and
     * reaches models through a metering gateway of its own, which holds the provider keys.
     */
    private CandidateRunner runner(AgentWorldSpec spec, String sessionId, MeteredLlm llm, SourceStore store,
                                   Held held) {
        AgentWorldSpec.AgentSpec agent = spec.agent();
        if (!agent.runsProgram()) {
            return new PromptAgentRunner(llm, store, agent.manifest(), spec.models());
        }
        MeteringGateway gateway = held.add(MeteringGateway.start(providerSpecs(spec), llm.prices(), env,
                new GatewaySettings(agent.maxCallsPerCase(), agent.maxCostPerCaseUsd(),
                        Duration.ofSeconds(agent.timeoutSeconds()), GATEWAY_MAX_BODY_BYTES,
                        java.util.Set.copyOf(spec.models())),
                gatewayRecording(spec.recording())));
        Workspaces workspaces = held.add(new Workspaces(store, Path.of(agent.workspaces()).resolve(sessionId),
                SNAPSHOTS_KEPT));
        CommandAgent command = CommandAgent.of(agent.command(), Duration.ofSeconds(agent.timeoutSeconds()))
                .withModelMapFile(agent.modelMap()).withLimits(agent.limits())
                .withReadOnly(agent.readOnlyPaths().stream().map(Path::of).toList());
        return held.add(new ProcessRunner(store, workspaces, command, Sandboxes.create(agent.sandbox()), gateway,
                sessionId, llm.prices(), agent.maxCostPerCaseUsd()));
    }

    /** The bundled price table, overridden by the user's LiteLLM-format file when there is one (null: none). */
    public static PriceTable prices(String pricesFile) {
        LiteLlmPriceTable bundled = LiteLlmPriceTable.bundled();
        return pricesFile == null ? bundled : bundled.withOverrides(LiteLlmPriceTable.load(Path.of(pricesFile)));
    }

    private LlmClient client(AgentWorldSpec spec) {
        AgentWorldSpec.Recording recording = spec.recording();
        return switch (recording.mode()) {
            case REPLAY -> new ReplayingLlmClient(Cassette.load(Path.of(recording.file())));
            case RECORD -> new RecordingLlmClient(router(spec), Cassette.forRecording(Path.of(recording.file())));
            case OFF -> router(spec);
        };
    }

    /** The agent program's own exchanges go beside the session's: {@code ID.gateway.jsonl} next to {@code ID.jsonl}. */
    static GatewayRecording gatewayRecording(AgentWorldSpec.Recording recording) {
        if (recording.mode() == AgentWorldSpec.Recording.Mode.OFF) {
            return GatewayRecording.OFF;
        }
        Path file = Path.of(recording.file().replaceAll("\\.jsonl$", "") + ".gateway.jsonl");
        return recording.mode() == AgentWorldSpec.Recording.Mode.RECORD ? GatewayRecording.record(file)
                : GatewayRecording.replay(file);
    }

    private LlmRouter router(AgentWorldSpec spec) {
        return new LlmRouter(providerSpecs(spec), env);
    }

    private static List<ProviderSpec> providerSpecs(AgentWorldSpec spec) {
        return spec.providers().stream().map(AgentWorldSpec.Provider::toSpec).toList();
    }

    private static Judge judge(AgentWorldSpec spec, MeteredLlm llm) {
        AgentWorldSpec.JudgeSpec judge = spec.judge();
        if (judge.verifier()) {
            return new VerifierJudge(judge.verifierCommand(), Path.of(judge.verifierDir()),
                    Duration.ofSeconds(judge.verifierTimeoutSeconds()));
        }
        return VotingJudge.of(new RubricJudge(llm, judge.model(), judge.rubric(), JUDGE_MAX_TOKENS), judge.samples());
    }

    /** A real agent's cases come from its traffic, frozen before the session starts. */
    private record NoCaseSampler(String name) implements CaseSampler {
        @Override
        public String describe() {
            return "the frozen dataset of " + name;
        }

        @Override
        public List<Case> sample(int size, long seed) {
            throw new IllegalStateException("a session on a real agent needs a dataset: give traffic: or "
                    + "dataset: {id: ...} in its config");
        }
    }
}
