package io.alp.evaluator.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.alp.engine.port.LlmClient.Usage;
import io.alp.engine.port.PriceTable;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.llm.ProviderSpec;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * An HTTP server on loopback through which a candidate under evaluation reaches models. It speaks OpenAI chat
 * completions ({@code POST /openai/v1/chat/completions}) and Anthropic messages ({@code POST /anthropic/v1/messages}),
 * streaming included; the candidate's API key is a per-run token from {@link #open(RunScope)}. Each call is
 * forwarded to the real provider with the real key, which the candidate never sees, and its tokens and dollars are
 * attributed to the run's (session, node, case).
 *
 * <p>The gateway does not retry: an upstream error reaches the candidate, whose own client decides.
 */
public final class MeteringGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MeteringGateway.class);

    static final String TOKEN_PREFIX = "alp-run-";
    private static final String OPENAI_PATH = "/openai/v1/chat/completions";
    private static final String ANTHROPIC_PATH = "/anthropic/v1/messages";
    private static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
    private static final long MAX_RESPONSE_BYTES = 64L << 20;
    private static final Set<String> HOP_HEADERS = Set.of("content-type", "content-length", "transfer-encoding",
            "connection", "keep-alive", "date", "server", "set-cookie", "upgrade", "trailer", "te",
            "proxy-authenticate", "proxy-connection");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ActorSystem system;
    private final boolean ownsSystem;
    private final Materializer materializer;
    private final Http http;
    private final HttpsConnectionContext https;
    private final ConnectionPoolSettings pool;
    private final Map<String, Upstream> upstreams;
    private final PriceTable prices;
    private final GatewaySettings settings;
    private final ObjectMapper bodies = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private final ConcurrentHashMap<String, RunState> runs = new ConcurrentHashMap<>();
    private final GatewayLedger ledger = new GatewayLedger();
    private final ServerBinding binding;

    /** One provider with its key; never printed. */
    private static final class Upstream {
        final ProviderSpec spec;
        final String key;
        final String url;

        Upstream(ProviderSpec spec, String key) {
            this.spec = spec;
            this.key = key;
            String base = spec.baseUrl().replaceAll("/+$", "");
            this.url = spec.protocol() == Protocol.OPENAI ? base + "/chat/completions"
                    : base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages";
        }

        @Override
        public String toString() {
            return "Upstream[" + spec.name() + "]";
        }
    }

    private record Route(Upstream upstream, String model) {
        String priced() {
            return upstream.spec.name() + "/" + model;
        }
    }

    /** Starts on a free port with its own actor system. */
    public static MeteringGateway start(List<ProviderSpec> upstreams, PriceTable prices, Function<String, String> env,
                                        GatewaySettings settings) {
        return start(null, 0, upstreams, prices, env, settings);
    }

    /**
     * @param system the actor system to run on (left running on {@link #close()}); null for one of its own
     * @param port   0 for any free port
     * @throws IllegalArgumentException when a provider's key variable is unset, or provider names repeat
     */
    public static MeteringGateway start(ClassicActorSystemProvider system, int port, List<ProviderSpec> upstreams,
                                        PriceTable prices, Function<String, String> env, GatewaySettings settings) {
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(settings, "settings");
        Map<String, Upstream> byName = new HashMap<>();
        for (ProviderSpec spec : upstreams) {
            String key = null;
            if (spec.apiKeyEnv() != null) {
                key = env.apply(spec.apiKeyEnv());
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("the environment variable " + spec.apiKeyEnv()
                            + " holding the key of provider '" + spec.name() + "' is not set");
                }
                key = key.trim();
            }
            if (byName.put(spec.name(), new Upstream(spec, key)) != null) {
                throw new IllegalArgumentException("provider '" + spec.name() + "' is configured twice");
            }
        }
        ActorSystem actors = system == null ? ActorSystem.create("alp-gateway", ownConfig())
                : system.classicSystem();
        try {
            return new MeteringGateway(actors, system == null, port, Map.copyOf(byName), prices, settings);
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
                pekko.coordinated-shutdown.exit-jvm = off
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load());
    }

    private MeteringGateway(ActorSystem system, boolean ownsSystem, int port, Map<String, Upstream> upstreams,
                            PriceTable prices, GatewaySettings settings) {
        this.system = system;
        this.ownsSystem = ownsSystem;
        this.upstreams = upstreams;
        this.prices = prices;
        this.settings = settings;
        this.materializer = Materializer.matFromSystem(system);
        this.http = Http.get(system);
        this.https = http.defaultClientHttpsContext();
        long timeoutMs = settings.requestTimeout().toMillis();
        Config base = system.settings().config();
        this.pool = ConnectionPoolSettings.create(ConfigFactory.parseString(
                "pekko.http.host-connection-pool {\n"
                        + "  max-connections = 64\n"
                        + "  max-open-requests = 256\n"
                        + "  max-retries = 0\n"
                        + "  response-entity-subscription-timeout = 30s\n"
                        + "  client.idle-timeout = " + (timeoutMs + 5000) + "ms\n"
                        + "}\n").withFallback(base));
        ServerSettings server = ServerSettings.create(ConfigFactory.parseString(
                "pekko.http.server {\n"
                        + "  request-timeout = " + (timeoutMs + 10_000) + "ms\n"
                        + "  idle-timeout = " + (timeoutMs + 15_000) + "ms\n"
                        + "  parsing.max-content-length = " + settings.maxBodyBytes() + "\n"
                        + "}\n").withFallback(base));
        try {
            this.binding = http.newServerAt("127.0.0.1", port).withSettings(server).bind(this::handle)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the gateway", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the gateway could not bind 127.0.0.1:" + port, e);
        }
        log.info("metering gateway listening on 127.0.0.1:{} for providers {}", port(), upstreams.keySet());
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
        checkDefault(scope.defaultOpenAiProvider(), Protocol.OPENAI);
        checkDefault(scope.defaultAnthropicProvider(), Protocol.ANTHROPIC);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        runs.put(token, new RunState(scope, ledger));
        ledger.runOpened(scope);
        log.debug("opened a run for session {} node {} case {}", scope.sessionId(), scope.nodeId(), scope.caseId());
        return new RunGrant(token, scope, openAiBaseUrl(), anthropicBaseUrl());
    }

    private void checkDefault(String name, Protocol protocol) {
        if (name == null) {
            return;
        }
        Upstream upstream = upstreams.get(name);
        if (upstream == null || upstream.spec.protocol() != protocol) {
            throw new IllegalArgumentException("default " + protocol + " provider '" + name
                    + "' is not a configured provider of that protocol (have " + upstreams.keySet() + ")");
        }
    }

    /**
     * Ends a run: its token is refused from now on. A call still in flight is attributed to the ledger when it
     * ends, but not to the usage returned here.
     *
     * @throws IllegalArgumentException when the token is not an open run
     */
    public RunUsage close(String token) {
        RunState run = token == null ? null : runs.remove(token);
        if (run == null) {
            throw new IllegalArgumentException("no open run has this token");
        }
        run.close();
        RunUsage usage = run.snapshot();
        log.debug("closed the run for session {} node {} case {}: {} calls, ${}", usage.scope().sessionId(),
                usage.scope().nodeId(), usage.scope().caseId(), usage.calls(), usage.costUsd());
        return usage;
    }

    /** What an open run has spent so far. */
    public RunUsage usage(String token) {
        RunState run = token == null ? null : runs.get(token);
        if (run == null) {
            throw new IllegalArgumentException("no open run has this token");
        }
        return run.snapshot();
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

    // ---------------------------------------------------------------------------------------------------------------

    private CompletionStage<HttpResponse> handle(HttpRequest request) {
        String path = request.getUri().path();
        Protocol protocol = path.startsWith("/anthropic") ? Protocol.ANTHROPIC : Protocol.OPENAI;
        boolean known = path.equals(OPENAI_PATH) || path.equals(ANTHROPIC_PATH);
        if (!known || !request.method().equals(HttpMethods.POST)) {
            request.discardEntityBytes(materializer);
            return done(Wire.error(protocol, Wire.Kind.NOT_FOUND, "the gateway serves only POST " + OPENAI_PATH
                    + " and POST " + ANTHROPIC_PATH));
        }
        String token = Wire.token(protocol, request);
        RunState run = token == null ? null : runs.get(token);
        if (run == null) {
            request.discardEntityBytes(materializer);
            return done(Wire.error(protocol, Wire.Kind.AUTH, token == null
                    ? "no API key: send the run token as " + (protocol == Protocol.OPENAI
                    ? "Authorization: Bearer <token>" : "x-api-key: <token>")
                    : "the API key is not the token of an open run"));
        }
        return request.entity().withSizeLimit(settings.maxBodyBytes())
                .toStrict(settings.requestTimeout().toMillis(), materializer)
                .thenCompose(strict -> call(protocol, run, request, strict.getData()))
                .exceptionally(e -> {
                    Throwable cause = unwrap(e);
                    if (cause instanceof EntityStreamSizeException) {
                        run.reject("request body over " + settings.maxBodyBytes() + " bytes");
                        return Wire.error(protocol, Wire.Kind.TOO_LARGE,
                                "the request body is larger than " + settings.maxBodyBytes() + " bytes");
                    }
                    log.warn("gateway failure for session {} node {}: {}", run.scope.sessionId(), run.scope.nodeId(),
                            cause.getClass().getName());
                    return Wire.error(protocol, Wire.Kind.INTERNAL, "the gateway failed: "
                            + cause.getClass().getSimpleName());
                });
    }

    private CompletionStage<HttpResponse> call(Protocol protocol, RunState run, HttpRequest request, ByteString raw) {
        JsonNode parsed;
        try {
            parsed = bodies.readTree(raw.toArray());
        } catch (Exception e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            return refuse(protocol, run, Wire.Kind.BAD_REQUEST, "the request body is not a JSON object");
        }
        ObjectNode body = (ObjectNode) parsed;
        JsonNode modelNode = body.get("model");
        if (modelNode == null || !modelNode.isTextual() || modelNode.asText().isBlank()) {
            return refuse(protocol, run, Wire.Kind.BAD_REQUEST, "the request names no model");
        }
        String asked = modelNode.asText();
        Object resolved = resolve(protocol, run.scope, asked);
        if (resolved instanceof String problem) {
            return refuse(protocol, run, Wire.Kind.BAD_REQUEST, problem);
        }
        Route route = (Route) resolved;
        String priced = route.priced();
        if (!prices.knows(priced)) {
            return refuse(protocol, run, Wire.Kind.BAD_REQUEST, "model '" + priced
                    + "' has no price, so the gateway will not call it");
        }
        String denied = run.admit(settings);
        if (denied != null) {
            return refuse(protocol, run, Wire.Kind.BUDGET, denied);
        }

        body.put("model", route.model());
        boolean stream = body.path("stream").asBoolean(false);
        if (stream && protocol == Protocol.OPENAI) {
            JsonNode options = body.get("stream_options");
            ObjectNode streamOptions = options instanceof ObjectNode o ? o : body.putObject("stream_options");
            streamOptions.put("include_usage", true);
        }
        byte[] forward;
        try {
            forward = bodies.writeValueAsBytes(body);
        } catch (Exception e) {
            run.called(priced, Usage.NONE, 0, "could not write the request body");
            return done(Wire.error(protocol, Wire.Kind.INTERNAL, "the gateway could not write the request body"));
        }
        List<HttpHeader> headers = new ArrayList<>();
        Upstream upstream = route.upstream();
        if (protocol == Protocol.OPENAI) {
            if (upstream.key != null) {
                headers.add(Authorization.oauth2(upstream.key));
            }
        } else {
            if (upstream.key != null) {
                headers.add(RawHeader.create("x-api-key", upstream.key));
            }
            headers.add(RawHeader.create("anthropic-version", request.getHeader("anthropic-version")
                    .map(HttpHeader::value).orElse(DEFAULT_ANTHROPIC_VERSION)));
            request.getHeader("anthropic-beta").ifPresent(h -> headers.add(RawHeader.create("anthropic-beta",
                    h.value())));
        }
        headers.add(RawHeader.create("accept", stream ? "text/event-stream" : "application/json"));
        HttpRequest outgoing = HttpRequest.POST(upstream.url).addHeaders(headers)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, forward));
        log.debug("session {} node {} case {}: {} asked as '{}'", run.scope.sessionId(), run.scope.nodeId(),
                run.scope.caseId(), priced, asked);

        long timeoutMs = settings.requestTimeout().toMillis();
        return http.singleRequest(outgoing, https, pool, system.log()).toCompletableFuture()
                .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = unwrap(failure);
                        if (cause instanceof TimeoutException) {
                            run.called(priced, Usage.NONE, 0, "no answer within " + timeoutMs + " ms");
                            return done(Wire.error(protocol, Wire.Kind.UPSTREAM_TIMEOUT, "provider '"
                                    + upstream.spec.name() + "' did not answer within " + timeoutMs + " ms"));
                        }
                        run.called(priced, Usage.NONE, 0, "upstream unreachable (" + cause.getClass().getSimpleName()
                                + ")");
                        return done(Wire.error(protocol, Wire.Kind.UPSTREAM_FAILED, "provider '"
                                + upstream.spec.name() + "' could not be reached"));
                    }
                    return answer(protocol, run, route, response);
                })
                .thenCompose(Function.identity());
    }

    private CompletionStage<HttpResponse> answer(Protocol protocol, RunState run, Route route, HttpResponse response) {
        String priced = route.priced();
        int status = response.status().intValue();
        ContentType contentType = response.entity().getContentType();
        List<HttpHeader> passed = new ArrayList<>();
        for (HttpHeader header : response.getHeaders()) {
            if (!HOP_HEADERS.contains(header.lowercaseName()) && !containsKey(header.value(), route.upstream())) {
                passed.add(header);
            }
        }
        boolean success = status >= 200 && status < 300;
        if (success && contentType.mediaType().equals(MediaTypes.TEXT_EVENT_STREAM)) {
            return done(stream(protocol, run, route, response, passed));
        }
        if (status == 401 || status == 403) {
            response.discardEntityBytes(materializer);
            run.called(priced, Usage.NONE, 0, "the provider refused the gateway's credentials (HTTP " + status + ")");
            log.warn("provider '{}' refused the gateway's credentials (HTTP {})", route.upstream().spec.name(),
                    status);
            return done(Wire.error(protocol, Wire.Kind.UPSTREAM_FAILED, "provider '" + route.upstream().spec.name()
                    + "' refused the gateway's own credentials (HTTP " + status + "); the gateway is misconfigured"));
        }
        return response.entity().withSizeLimit(MAX_RESPONSE_BYTES)
                .toStrict(settings.requestTimeout().toMillis(), materializer)
                .handle((strict, failure) -> {
                    if (failure != null) {
                        Throwable cause = unwrap(failure);
                        run.called(priced, Usage.NONE, 0, "the answer broke off (" + cause.getClass().getSimpleName()
                                + ")");
                        return Wire.error(protocol, Wire.Kind.UPSTREAM_FAILED, "provider '"
                                + route.upstream().spec.name() + "' broke off its answer");
                    }
                    byte[] bytes = scrub(strict.getData().toArray(), route.upstream());
                    if (success) {
                        attribute(protocol, run, priced, bytes);
                    } else {
                        run.called(priced, Usage.NONE, 0, "HTTP " + status + errorType(bytes));
                    }
                    log.debug("session {} node {} case {}: {} answered HTTP {}", run.scope.sessionId(),
                            run.scope.nodeId(), run.scope.caseId(), priced, status);
                    return HttpResponse.create().withStatus(response.status()).addHeaders(passed)
                            .withEntity(HttpEntities.create(contentType, bytes));
                });
    }

    private void attribute(Protocol protocol, RunState run, String priced, byte[] bytes) {
        Usage usage = null;
        try {
            usage = Wire.usage(protocol, Wire.JSON.readTree(bytes));
        } catch (Exception e) {
            // not JSON: recorded below as a call without usage
        }
        if (usage == null) {
            run.called(priced, Usage.NONE, 0, "the answer reported no token usage");
        } else {
            run.called(priced, usage, prices.costUsd(priced, usage), null);
        }
    }

    private HttpResponse stream(Protocol protocol, RunState run, Route route, HttpResponse response,
                                List<HttpHeader> passed) {
        String priced = route.priced();
        SseUsageTap tap = new SseUsageTap(protocol);
        AtomicBoolean attributed = new AtomicBoolean();
        Source<ByteString, Object> bytes = response.entity().withoutSizeLimit().getDataBytes()
                .idleTimeout(settings.requestTimeout())
                .map(chunk -> {
                    tap.feed(chunk);
                    return chunk;
                })
                .watchTermination((mat, termination) -> {
                    termination.whenComplete((ok, failure) -> {
                        if (attributed.compareAndSet(false, true)) {
                            endStream(run, priced, tap, failure);
                        }
                    });
                    return mat;
                });
        return HttpResponse.create().withStatus(response.status()).addHeaders(passed)
                .withEntity(HttpEntities.createChunked(response.entity().getContentType(), bytes));
    }

    private void endStream(RunState run, String priced, SseUsageTap tap, Throwable failure) {
        Usage usage = tap.usage();
        String error = null;
        if (failure != null) {
            error = "the stream broke off after " + tap.bytes() + " bytes ("
                    + unwrap(failure).getClass().getSimpleName() + ")";
        } else if (tap.streamError() != null) {
            error = tap.streamError();
        } else if (usage == null) {
            error = "the stream reported no token usage";
        }
        Usage counted = usage == null ? Usage.NONE : usage;
        double cost = usage == null ? 0 : prices.costUsd(priced, usage);
        run.called(priced, counted, cost, error);
        log.debug("session {} node {} case {}: {} stream ended, {} in / {} out tokens{}", run.scope.sessionId(),
                run.scope.nodeId(), run.scope.caseId(), priced, counted.inputTokens(), counted.outputTokens(),
                error == null ? "" : ", " + error);
    }

    private CompletionStage<HttpResponse> refuse(Protocol protocol, RunState run, Wire.Kind kind, String why) {
        run.reject(why);
        log.debug("session {} node {} case {}: refused, {}", run.scope.sessionId(), run.scope.nodeId(),
                run.scope.caseId(), why);
        return done(Wire.error(protocol, kind, why));
    }

    /** @return a {@link Route}, or a String saying why the model cannot be routed */
    private Object resolve(Protocol protocol, RunScope scope, String asked) {
        String target = scope.modelMap().getOrDefault(asked, asked);
        String via = target.equals(asked) ? "" : " (mapped from '" + asked + "' for this run)";
        int slash = target.indexOf('/');
        if (slash > 0) {
            Upstream named = upstreams.get(target.substring(0, slash));
            if (named != null) {
                if (named.spec.protocol() != protocol) {
                    return "model '" + target + "'" + via + " belongs to provider '" + named.spec.name()
                            + "', which speaks " + named.spec.protocol() + ", but it was asked for through the "
                            + protocol + " route";
                }
                String model = target.substring(slash + 1);
                if (model.isBlank()) {
                    return "model '" + target + "' names no model after the provider";
                }
                return new Route(named, model);
            }
        }
        String defaultName = protocol == Protocol.OPENAI ? scope.defaultOpenAiProvider()
                : scope.defaultAnthropicProvider();
        Upstream fallback = defaultName == null ? onlyProviderOf(protocol) : upstreams.get(defaultName);
        if (fallback == null) {
            return "model '" + target + "'" + via + " names no known provider and this run has no default "
                    + protocol + " provider; use provider/model with one of " + upstreams.keySet();
        }
        return new Route(fallback, target);
    }

    private Upstream onlyProviderOf(Protocol protocol) {
        Upstream only = null;
        for (Upstream upstream : upstreams.values()) {
            if (upstream.spec.protocol() == protocol) {
                if (only != null) {
                    return null;
                }
                only = upstream;
            }
        }
        return only;
    }

    private static String errorType(byte[] body) {
        try {
            JsonNode error = Wire.JSON.readTree(body).path("error");
            String type = error.path("type").asText("");
            return type.isEmpty() ? "" : " (" + type + ")";
        } catch (Exception e) {
            return "";
        }
    }

    private static boolean containsKey(String text, Upstream upstream) {
        return upstream.key != null && text.contains(upstream.key);
    }

    /** Replaces any copy of the real key an upstream might echo. */
    private static byte[] scrub(byte[] body, Upstream upstream) {
        if (upstream.key == null || upstream.key.isEmpty()) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.contains(upstream.key)) {
            return body;
        }
        return text.replace(upstream.key, "[redacted]").getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
