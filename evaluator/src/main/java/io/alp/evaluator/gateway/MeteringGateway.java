package io.alp.evaluator.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.alp.engine.port.PriceTable;
import io.alp.evaluator.llm.ProviderSpec;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * An HTTP server on loopback through which a candidate under evaluation reaches models. It speaks OpenAI chat
 * completions ({@code POST /openai/v1/chat/completions}) and Anthropic messages ({@code POST /anthropic/v1/messages}),
 * streaming included; the candidate's API key is a per-run token from {@link #open(RunScope)}. Each call is
 * forwarded to the real provider with the real key, which the candidate never sees, and its tokens and dollars are
 * attributed to the run's (session, node, case).
 *
 * <p>With a {@link GatewayRecording}, every exchange is recorded, or a session is re-run offline from such a
 * recording: then no provider is contacted and none of their keys is needed, and each call is attributed exactly as
 * when it was recorded.
 *
 * <p>The gateway does not retry: an upstream error reaches the candidate, whose own client decides.
 */
public final class MeteringGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MeteringGateway.class);

    private final ActorSystem system;
    private final boolean ownsSystem;
    private final ModelResolver models;
    private final GatewayLedger ledger = new GatewayLedger();
    private final RunRegistry runs = new RunRegistry(ledger);
    private final ServerBinding binding;
    private final GatewayRecording recording;

    /** Starts on a free port with its own actor system. */
    public static MeteringGateway start(List<ProviderSpec> upstreams, PriceTable prices, Function<String, String> env,
                                        GatewaySettings settings) {
        return start(null, 0, upstreams, prices, env, settings, GatewayRecording.OFF);
    }

    /** Starts on a free port with its own actor system, recording or replaying as {@code recording} says. */
    public static MeteringGateway start(List<ProviderSpec> upstreams, PriceTable prices, Function<String, String> env,
                                        GatewaySettings settings, GatewayRecording recording) {
        return start(null, 0, upstreams, prices, env, settings, recording);
    }

    /** As {@link #start(ClassicActorSystemProvider, int, List, PriceTable, Function, GatewaySettings,
     * GatewayRecording)}, recording nothing. */
    public static MeteringGateway start(ClassicActorSystemProvider system, int port, List<ProviderSpec> upstreams,
                                        PriceTable prices, Function<String, String> env, GatewaySettings settings) {
        return start(system, port, upstreams, prices, env, settings, GatewayRecording.OFF);
    }

    /**
     * @param system the actor system to run on (left running on {@link #close()}); null for one of its own
     * @param port      0 for any free port
     * @param recording whether to record the exchanges, or to answer from a recording (then no key is read)
     * @throws IllegalArgumentException when a provider's key variable is unset (unless replaying), provider names
     *                                  repeat, or the recording to replay is missing or unreadable
     */
    public static MeteringGateway start(ClassicActorSystemProvider system, int port, List<ProviderSpec> upstreams,
                                        PriceTable prices, Function<String, String> env, GatewaySettings settings,
                                        GatewayRecording recording) {
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(recording, "recording");
        boolean replay = recording.mode() == GatewayRecording.Mode.REPLAY;
        Map<String, Provider> providers = Provider.byName(upstreams, env, !replay);
        GatewayTape tape = switch (recording.mode()) {
            case OFF -> null;
            case RECORD -> GatewayTape.forRecording(recording.file());
            case REPLAY -> GatewayTape.load(recording.file());
        };
        ActorSystem actors = system == null ? ActorSystem.create("alp-gateway", ownConfig())
                : system.classicSystem();
        try {
            return new MeteringGateway(actors, system == null, port, providers, prices, settings, recording, tape);
        } catch (RuntimeException e) {
            if (system == null) {
                actors.terminate();
            }
            throw e;
        }
    }

    private static Config ownConfig() {
        return ConfigFactory.parseString("""
                pekko.actor.provider = local
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.log-dead-letters = off
                pekko.stdout-loglevel = OFF
                pekko.coordinated-shutdown.exit-jvm = off
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load());
    }

    private MeteringGateway(ActorSystem system, boolean ownsSystem, int port, Map<String, Provider> providers,
                            PriceTable prices, GatewaySettings settings, GatewayRecording recording,
                            GatewayTape tape) {
        this.system = system;
        this.ownsSystem = ownsSystem;
        this.models = new ModelResolver(providers);
        Materializer materializer = Materializer.matFromSystem(system);
        GatewayRoutes routes = new GatewayRoutes(materializer, runs, models, prices, settings,
                new UpstreamForwarder(system, prices, settings, recording.mode(), tape));
        long timeoutMs = settings.requestTimeout().toMillis();
        // the server outlasts the upstream timeout, so a slow provider's error still reaches the candidate
        ServerSettings server = ServerSettings.create(ConfigFactory.parseString(
                "pekko.http.server {\n"
                        + "  request-timeout = " + (timeoutMs + 10_000) + "ms\n"
                        + "  idle-timeout = " + (timeoutMs + 15_000) + "ms\n"
                        + "  parsing.max-content-length = " + GatewayRoutes.drainLimit(settings) + "\n"
                        + "}\n").withFallback(system.settings().config()));
        try {
            this.binding = Http.get(system).newServerAt("127.0.0.1", port).withSettings(server).bind(routes::handle)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the gateway", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the gateway could not bind 127.0.0.1:" + port, e);
        }
        this.recording = recording;
        if (recording.mode() == GatewayRecording.Mode.OFF) {
            log.info("metering gateway listening on 127.0.0.1:{} for providers {}", port(), providers.keySet());
        } else {
            log.info("metering gateway listening on 127.0.0.1:{} for providers {}, {} {}", port(),
                    providers.keySet(), recording.mode() == GatewayRecording.Mode.RECORD ? "recording to"
                            : "replaying offline from", recording.file());
        }
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    /** For {@code OPENAI_BASE_URL}. */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + port() + "/openai/v1";
    }

    /** For {@code ANTHROPIC_BASE_URL}. */
    public String anthropicBaseUrl() {
        return "http://127.0.0.1:" + port() + "/anthropic";
    }

    public GatewayRecording recording() {
        return recording;
    }

    public GatewayLedger ledger() {
        return ledger;
    }

    /**
     * Opens a run: calls made with the returned token are attributed to {@code scope}.
     *
     * @throws IllegalArgumentException when a default provider named in the scope is unknown or speaks the other
     *                                  protocol
     */
    public RunGrant open(RunScope scope) {
        models.checkDefaults(scope);
        String token = runs.open(scope);
        log.debug("opened a run for session {} node {} case {}", scope.sessionId(), scope.nodeId(), scope.caseId());
        return new RunGrant(token, scope, openAiBaseUrl(), anthropicBaseUrl());
    }

    /**
     * Ends a run: its token is refused from now on. A call still in flight is attributed to the ledger when it
     * ends, but not to the usage returned here.
     *
     * @throws IllegalArgumentException when the token is not an open run
     */
    public RunUsage close(String token) {
        RunState run = openRun(runs.remove(token));
        run.close();
        RunUsage usage = run.snapshot();
        log.debug("closed the run for {}: {} calls, ${}", run, usage.calls(), usage.costUsd());
        return usage;
    }

    /** What an open run has spent so far. */
    public RunUsage usage(String token) {
        return openRun(runs.find(token)).snapshot();
    }

    private static RunState openRun(RunState run) {
        if (run == null) {
            throw new IllegalArgumentException("no open run has this token");
        }
        return run;
    }

    @Override
    public void close() {
        try {
            binding.terminate(Duration.ofSeconds(3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("the gateway did not unbind cleanly: {}", e.toString());
        }
        if (ownsSystem) {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("the gateway's actor system did not stop in time: {}", e.toString());
            }
        }
    }
}
