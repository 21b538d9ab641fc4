package io.alp.evaluator.gateway;

import com.typesafe.config.ConfigFactory;
import io.alp.engine.port.LlmClient.Usage;
import io.alp.engine.port.PriceTable;
import io.alp.evaluator.gateway.ModelResolver.Route;
import io.alp.evaluator.llm.Protocol;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static io.alp.evaluator.gateway.Futures.done;
import static io.alp.evaluator.gateway.Futures.unwrap;

/**
 * Sends a rewritten request to its provider and passes the answer back, streams chunk by chunk, attributing the
 * call's tokens and dollars to the run when the answer has been read. The provider's key is scrubbed from what
 * passes back.
 */
final class UpstreamForwarder {

    private static final Logger log = LoggerFactory.getLogger(UpstreamForwarder.class);

    private static final long MAX_RESPONSE_BYTES = 64L << 20;
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

    UpstreamForwarder(ActorSystem system, PriceTable prices, GatewaySettings settings) {
        this.system = system;
        this.prices = prices;
        this.settings = settings;
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

    CompletionStage<HttpResponse> forward(Protocol protocol, RunState run, Route route, HttpRequest outgoing) {
        String priced = route.priced();
        String provider = "provider '" + route.provider().name() + "'";
        long timeoutMs = timeoutMs();
        return http.singleRequest(outgoing, https, pool, system.log()).toCompletableFuture()
                .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure == null) {
                        return answer(protocol, run, route, response);
                    }
                    Throwable cause = unwrap(failure);
                    if (cause instanceof TimeoutException) {
                        run.failed(priced, "no answer within " + timeoutMs + " ms");
                        return done(Wire.error(protocol, Wire.Kind.UPSTREAM_TIMEOUT, provider
                                + " did not answer within " + timeoutMs + " ms"));
                    }
                    run.failed(priced, "upstream unreachable (" + cause.getClass().getSimpleName() + ")");
                    return done(Wire.error(protocol, Wire.Kind.UPSTREAM_FAILED, provider + " could not be reached"));
                })
                .thenCompose(Function.identity());
    }

    private CompletionStage<HttpResponse> answer(Protocol protocol, RunState run, Route route, HttpResponse response) {
        String priced = route.priced();
        Provider provider = route.provider();
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
            return done(stream(protocol, run, priced, response, passed));
        }
        if (status == 401 || status == 403) {
            response.discardEntityBytes(materializer);
            run.failed(priced, "the provider refused the gateway's credentials (HTTP " + status + ")");
            log.warn("provider '{}' refused the gateway's credentials (HTTP {})", provider.name(), status);
            return done(Wire.error(protocol, Wire.Kind.UPSTREAM_FAILED, "provider '" + provider.name()
                    + "' refused the gateway's own credentials (HTTP " + status + "); the gateway is misconfigured"));
        }
        return response.entity().withSizeLimit(MAX_RESPONSE_BYTES)
                .toStrict(timeoutMs(), materializer)
                .handle((strict, failure) -> {
                    if (failure != null) {
                        run.failed(priced, "the answer broke off (" + unwrap(failure).getClass().getSimpleName()
                                + ")");
                        return Wire.error(protocol, Wire.Kind.UPSTREAM_FAILED, "provider '" + provider.name()
                                + "' broke off its answer");
                    }
                    byte[] bytes = provider.scrub(strict.getData().toArray());
                    if (success) {
                        Usage usage = usage(protocol, bytes);
                        attribute(run, priced, usage, usage == null ? "the answer reported no token usage" : null);
                    } else {
                        run.failed(priced, "HTTP " + status + errorType(bytes));
                    }
                    log.debug("{}: {} answered HTTP {}", run, priced, status);
                    return HttpResponse.create().withStatus(response.status()).addHeaders(passed)
                            .withEntity(HttpEntities.create(contentType, bytes));
                });
    }

    private HttpResponse stream(Protocol protocol, RunState run, String priced, HttpResponse response,
                                List<HttpHeader> passed) {
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
        Usage counted = attribute(run, priced, usage, error);
        log.debug("{}: {} stream ended, {} in / {} out tokens{}", run, priced, counted.inputTokens(),
                counted.outputTokens(), error == null ? "" : ", " + error);
    }

    /** @return the usage counted: none when the provider reported none */
    private Usage attribute(RunState run, String priced, Usage usage, String error) {
        if (usage == null) {
            run.failed(priced, error);
            return Usage.NONE;
        }
        run.called(priced, usage, prices.costUsd(priced, usage), error);
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
