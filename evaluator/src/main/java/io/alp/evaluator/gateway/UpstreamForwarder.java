package io.alp.evaluator.gateway;

import com.typesafe.config.ConfigFactory;
import io.alp.engine.port.Failures;
import io.alp.engine.port.LlmClient.Usage;
import io.alp.engine.port.PriceTable;
import io.alp.evaluator.gateway.GatewayTape.Exchange;
import io.alp.evaluator.gateway.GatewayTape.Failure;
import io.alp.evaluator.gateway.ModelResolver.Route;
import io.alp.evaluator.llm.Protocol;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.alp.evaluator.gateway.Futures.done;

/**
 * Sends a rewritten request to its provider and passes the answer back, streams chunk by chunk, attributing the
 * call's tokens and dollars to the run when the answer has been read. The provider's key is scrubbed from what
 * passes back.
 *
 * <p>When recording, each exchange is appended to the recording once it has ended. When replaying, nothing is sent:
 * the recorded answer is passed back through the same reading and attribution as a live one, so a re-run is charged
 * exactly what the recorded run was.
 */
final class UpstreamForwarder {

    private static final Logger log = LoggerFactory.getLogger(UpstreamForwarder.class);

    private static final long MAX_RESPONSE_BYTES = 64L << 20;
    private static final long BREAK_PAUSE_MS = 200;
    private static final Set<String> HOP_HEADERS = Set.of("content-type", "content-length", "transfer-encoding",
            "connection", "keep-alive", "date", "server", "set-cookie", "upgrade", "trailer", "te",
            "proxy-authenticate", "proxy-connection");

    private final ActorSystem system;
    private final Materializer materializer;
    private final Http http;
    private final HttpsConnectionContext https;
    private final ConnectionPoolSettings pool;
    private final PriceTable prices;
    private final GatewaySettings settings;
    private final GatewayRecording.Mode mode;
    private final GatewayTape tape;

    /** One call on its way: what it is attributed to, and its key in a recording. */
    record Call(Protocol protocol, RunState run, Route route, RunState.Hold hold, String key, String request) {
        String priced() {
            return route.priced();
        }
    }

    /** The failure a replayed stream ends in, standing for the one recorded. */
    static final class RecordedBreak extends RuntimeException {
        final String recorded;

        RecordedBreak(String recorded) {
            super("recorded: " + recorded, null, false, false);
            this.recorded = recorded;
        }
    }

    /** @param tape null when {@code mode} is OFF */
    UpstreamForwarder(ActorSystem system, PriceTable prices, GatewaySettings settings, GatewayRecording.Mode mode,
                      GatewayTape tape) {
        this.system = system;
        this.prices = prices;
        this.settings = settings;
        this.mode = mode;
        this.tape = tape;
        this.materializer = Materializer.matFromSystem(system);
        this.http = Http.get(system);
        this.https = http.defaultClientHttpsContext();
        // no retries: an upstream error reaches the candidate, whose own client decides
        this.pool = ConnectionPoolSettings.create(ConfigFactory.parseString(
                "pekko.http.host-connection-pool {\n"
                        + "  max-connections = 64\n"
                        + "  max-open-requests = 256\n"
                        + "  max-retries = 0\n"
                        + "  response-entity-subscription-timeout = 30s\n"
                        + "  client.idle-timeout = " + (timeoutMs() + 5000) + "ms\n"
                        + "}\n").withFallback(system.settings().config()));
    }

    private long timeoutMs() {
        return settings.requestTimeout().toMillis();
    }

    /**
     * Forwards a call, or in a replay answers it from the recording.
     *
     * @param body   the body sent upstream, as {@code outgoing} carries it
     * @param asSent the body as the candidate sent it (with the provider's model name): what a recording is keyed by
     * @param token  the run's token, kept out of the recording
     */
    CompletionStage<HttpResponse> forward(Protocol protocol, RunState run, Route route, RunState.Hold hold,
                                          byte[] body, byte[] asSent, String token, HttpRequest outgoing) {
        String key = mode == GatewayRecording.Mode.OFF ? null : GatewayTape.key(run.scope, asSent);
        String request = null;
        if (mode == GatewayRecording.Mode.RECORD) {
            String text = new String(route.provider().scrub(body), StandardCharsets.UTF_8);
            request = token == null || token.isEmpty() ? text : text.replace(token, "[run-token]");
        }
        Call call = new Call(protocol, run, route, hold, key, request);
        if (mode == GatewayRecording.Mode.REPLAY) {
            return replay(call);
        }
        String priced = route.priced();
        String provider = "provider '" + route.provider().name() + "'";
        long timeoutMs = timeoutMs();
        return http.singleRequest(outgoing, https, pool, system.log()).toCompletableFuture()
                .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure == null) {
                        return answer(call, response);
                    }
                    Throwable cause = Failures.cause(failure);
                    if (cause instanceof TimeoutException) {
                        return done(fail(call, Failure.UPSTREAM_TIMEOUT, "no answer within " + timeoutMs + " ms",
                                provider + " did not answer within " + timeoutMs + " ms"));
                    }
                    return done(fail(call, Failure.UPSTREAM_FAILED,
                            "upstream unreachable (" + cause.getClass().getSimpleName() + ")",
                            provider + " could not be reached"));
                })
                .thenCompose(Function.identity());
    }

    /** A call that got no answer to pass on: the run is charged nothing for it. */
    private HttpResponse fail(Call call, Failure failure, String error, String message) {
        call.run().failed(call.hold(), error);
        record(call, () -> new Exchange(call.key(), call.run().scope.caseId(), call.run().scope.nodeId(),
                call.protocol().name(), call.priced(), call.request(), 0, null, null, false, failure, error, message));
        return Wire.error(call.protocol(), Wire.Kind.valueOf(failure.name()), message);
    }

    /** Answers from the recording; a request it never saw is a failed call. */
    private CompletionStage<HttpResponse> replay(Call call) {
        Exchange recorded = tape.next(call.key());
        RunScope scope = call.run().scope;
        if (recorded == null) {
            call.run().failed(call.hold(), "not in the recording: the re-run asked something the recording never"
                    + " saw");
            log.debug("{}: {} request not in the recording", call.run(), call.priced());
            return done(Wire.error(call.protocol(), Wire.Kind.NOT_RECORDED, "the gateway recording has no answer for"
                    + " this " + call.protocol() + " request of case '" + scope.caseId() + "' (node '"
                    + scope.nodeId() + "', model '" + call.priced() + "'): the re-run asked something the recording"
                    + " never saw"));
        }
        if (recorded.failure() != null && recorded.failure() != Failure.STREAM_BROKE_OFF) {
            return done(fail(call, recorded.failure(), recorded.error(), recorded.message()));
        }
        ContentType contentType = recorded.contentType() == null ? ContentTypes.APPLICATION_JSON
                : ContentTypes.parse(recorded.contentType());
        ByteString bytes = recorded.body() == null ? ByteString.emptyByteString()
                : ByteString.fromString(recorded.body(), StandardCharsets.UTF_8);
        RequestEntity entity;
        if (recorded.stream()) {
            Source<ByteString, NotUsed> chunks = bytes.isEmpty() ? Source.empty() : Source.single(bytes);
            if (recorded.failure() == Failure.STREAM_BROKE_OFF) {
                // after a pause, so the recorded bytes reach the candidate before the connection is cut
                RecordedBreak cut = new RecordedBreak(recorded.error());
                chunks = chunks.concat(Source.completionStage(CompletableFuture.<ByteString>supplyAsync(() -> {
                    throw cut;
                }, CompletableFuture.delayedExecutor(BREAK_PAUSE_MS, TimeUnit.MILLISECONDS))));
            }
            entity = HttpEntities.createChunked(contentType, chunks);
        } else {
            entity = HttpEntities.create(contentType, bytes);
        }
        return answer(call, HttpResponse.create().withStatus(recorded.status()).withEntity(entity));
    }

    /** Appends the exchange, built only when recording (a replay records nothing). */
    private void record(Call call, Supplier<Exchange> exchange) {
        if (mode != GatewayRecording.Mode.RECORD) {
            return;
        }
        try {
            tape.append(exchange.get());
        } catch (RuntimeException e) {
            log.error("{}: an exchange with {} could not be recorded: {}", call.run(), call.priced(), e.toString());
        }
    }

    private CompletionStage<HttpResponse> answer(Call call, HttpResponse response) {
        Protocol protocol = call.protocol();
        RunState run = call.run();
        String priced = call.priced();
        Provider provider = call.route().provider();
        int status = response.status().intValue();
        ContentType contentType = response.entity().getContentType();
        List<HttpHeader> passed = new ArrayList<>();
        for (HttpHeader header : response.getHeaders()) {
            if (!HOP_HEADERS.contains(header.lowercaseName()) && !provider.leaksKey(header.value())) {
                passed.add(header);
            }
        }
        boolean success = status >= 200 && status < 300;
        if (success && contentType.mediaType().equals(MediaTypes.TEXT_EVENT_STREAM)) {
            return done(stream(call, response, passed));
        }
        if (status == 401 || status == 403) {
            response.discardEntityBytes(materializer);
            record(call, () -> exchange(call, status, contentType, null, false, null, null));
            run.failed(call.hold(), "the provider refused the gateway's credentials (HTTP " + status + ")");
            log.warn("provider '{}' refused the gateway's credentials (HTTP {})", provider.name(), status);
            return done(Wire.error(protocol, Wire.Kind.UPSTREAM_FAILED, "provider '" + provider.name()
                    + "' refused the gateway's own credentials (HTTP " + status + "); the gateway is misconfigured"));
        }
        return response.entity().withSizeLimit(MAX_RESPONSE_BYTES)
                .toStrict(timeoutMs(), materializer)
                .handle((strict, failure) -> {
                    if (failure != null) {
                        return fail(call, Failure.UPSTREAM_FAILED, "the answer broke off ("
                                        + Failures.cause(failure).getClass().getSimpleName() + ")",
                                "provider '" + provider.name() + "' broke off its answer");
                    }
                    byte[] bytes = provider.scrub(strict.getData().toArray());
                    record(call, () -> exchange(call, status, contentType,
                            new String(bytes, StandardCharsets.UTF_8), false, null, null));
                    if (success) {
                        Usage usage = usage(protocol, bytes);
                        attribute(call, usage, usage == null ? "the answer reported no token usage" : null);
                    } else {
                        run.failed(call.hold(), "HTTP " + status + errorType(bytes));
                    }
                    log.debug("{}: {} answered HTTP {}", run, priced, status);
                    return HttpResponse.create().withStatus(response.status()).addHeaders(passed)
                            .withEntity(HttpEntities.create(contentType, bytes));
                });
    }

    private static Exchange exchange(Call call, int status, ContentType contentType, String body, boolean stream,
                                     Failure failure, String error) {
        RunScope scope = call.run().scope;
        return new Exchange(call.key(), scope.caseId(), scope.nodeId(), call.protocol().name(), call.priced(),
                call.request(), status, contentType.toString(), body, stream, failure, error, null);
    }

    private HttpResponse stream(Call call, HttpResponse response, List<HttpHeader> passed) {
        SseUsageTap tap = new SseUsageTap(call.protocol());
        AtomicBoolean attributed = new AtomicBoolean();
        ByteStringBuilder kept = mode == GatewayRecording.Mode.RECORD ? new ByteStringBuilder() : null;
        ContentType contentType = response.entity().getContentType();
        int status = response.status().intValue();
        Source<ByteString, Object> bytes = response.entity().withoutSizeLimit().getDataBytes()
                .idleTimeout(settings.requestTimeout())
                .map(chunk -> {
                    tap.feed(chunk);
                    if (kept != null) {
                        synchronized (kept) {
                            kept.append(chunk);
                        }
                    }
                    return chunk;
                })
                .watchTermination((mat, termination) -> {
                    termination.whenComplete((ok, failure) -> {
                        if (attributed.compareAndSet(false, true)) {
                            String broke = failure == null ? null : describe(failure);
                            if (kept != null) {
                                String text;
                                synchronized (kept) {
                                    text = new String(call.route().provider().scrub(kept.result().toArray()),
                                            StandardCharsets.UTF_8);
                                }
                                record(call, () -> exchange(call, status, contentType, text, true,
                                        broke == null ? null : Failure.STREAM_BROKE_OFF, broke));
                            }
                            endStream(call, tap, broke);
                        }
                    });
                    return mat;
                });
        return HttpResponse.create().withStatus(response.status()).addHeaders(passed)
                .withEntity(HttpEntities.createChunked(contentType, bytes));
    }

    /** How a stream's failure is named: a replayed one by the name recorded. */
    private static String describe(Throwable failure) {
        Throwable cause = Failures.cause(failure);
        return cause instanceof RecordedBreak recorded ? recorded.recorded : cause.getClass().getSimpleName();
    }

    /** @param broke the failure that cut the stream, null when it ended normally */
    private void endStream(Call call, SseUsageTap tap, String broke) {
        Usage usage = tap.usage();
        String error = null;
        if (broke != null) {
            error = "the stream broke off after " + tap.bytes() + " bytes (" + broke + ")";
        } else if (tap.streamError() != null) {
            error = tap.streamError();
        } else if (usage == null) {
            error = "the stream reported no token usage";
        }
        Usage counted = attribute(call, usage, error);
        log.debug("{}: {} stream ended, {} in / {} out tokens{}", call.run(), call.priced(), counted.inputTokens(),
                counted.outputTokens(), error == null ? "" : ", " + error);
    }

    /** @return the usage counted: none when the provider reported none */
    private Usage attribute(Call call, Usage usage, String error) {
        if (usage == null) {
            call.run().failed(call.hold(), error);
            return Usage.NONE;
        }
        call.run().called(call.hold(), usage, prices.costUsd(call.priced(), usage), error, settings.maxUsdPerRun());
        return usage;
    }

    /** The usage a non-streaming answer reports, or null when it reports none or is not JSON. */
    private static Usage usage(Protocol protocol, byte[] body) {
        try {
            return Wire.usage(protocol, Wire.JSON.readTree(body));
        } catch (Exception e) {
            return null;
        }
    }

    private static String errorType(byte[] body) {
        try {
            String type = Wire.JSON.readTree(body).path("error").path("type").asText("");
            return type.isEmpty() ? "" : " (" + type + ")";
        } catch (Exception e) {
            return "";
        }
    }
}
