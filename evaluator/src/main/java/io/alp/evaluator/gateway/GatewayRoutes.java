package io.alp.evaluator.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.engine.port.Failures;
import io.alp.engine.port.PriceTable;
import io.alp.evaluator.gateway.ModelResolver.Resolution;
import io.alp.evaluator.gateway.ModelResolver.Route;
import io.alp.evaluator.llm.Protocol;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;

import static io.alp.evaluator.gateway.Futures.done;

/**
 * The gateway's two HTTP routes: a request is authenticated by its run token, its model resolved, priced and
 * admitted against the run's budget, and only then forwarded. Refusals answer in the protocol's own error shape.
 */
final class GatewayRoutes {

    private static final Logger log = LoggerFactory.getLogger(GatewayRoutes.class);

    static final String OPENAI_PATH = "/openai/v1/chat/completions";
    static final String ANTHROPIC_PATH = "/anthropic/v1/messages";

    private final Materializer materializer;
    private final RunRegistry runs;
    private final ModelResolver models;
    private final PriceTable prices;
    private final GatewaySettings settings;
    private final UpstreamForwarder forwarder;

    GatewayRoutes(Materializer materializer, RunRegistry runs, ModelResolver models, PriceTable prices,
                  GatewaySettings settings, UpstreamForwarder forwarder) {
        this.materializer = materializer;
        this.runs = runs;
        this.models = models;
        this.prices = prices;
        this.settings = settings;
        this.forwarder = forwarder;
    }

    CompletionStage<HttpResponse> handle(HttpRequest request) {
        String path = request.getUri().path();
        Protocol protocol = path.startsWith("/anthropic") ? Protocol.ANTHROPIC : Protocol.OPENAI;
        boolean known = path.equals(OPENAI_PATH) || path.equals(ANTHROPIC_PATH);
        if (!known || !request.method().equals(HttpMethods.POST)) {
            return unread(request, protocol, Wire.Kind.NOT_FOUND, "the gateway serves only POST " + OPENAI_PATH
                    + " and POST " + ANTHROPIC_PATH);
        }
        String token = Wire.token(protocol, request);
        RunState run = runs.find(token);
        if (run == null) {
            return unread(request, protocol, Wire.Kind.AUTH, token == null
                    ? "no API key: send the run token as " + (protocol == Protocol.OPENAI
                    ? "Authorization: Bearer <token>" : "x-api-key: <token>")
                    : "the API key is not the token of an open run");
        }
        java.util.OptionalLong declared = request.entity().getContentLengthOption();
        if (declared.isPresent() && declared.getAsLong() > settings.maxBodyBytes()) {
            run.reject("request body of " + declared.getAsLong() + " bytes, over the limit");
            return tooLarge(request, protocol);
        }
        return request.entity().withSizeLimit(settings.maxBodyBytes())
                .toStrict(settings.requestTimeout().toMillis(), materializer)
                .thenCompose(strict -> call(protocol, run, token, request, strict.getData()))
                .exceptionally(e -> {
                    Throwable cause = Failures.cause(e);
                    if (cause instanceof EntityStreamSizeException) {
                        run.reject("request body over " + settings.maxBodyBytes() + " bytes");
                        return Wire.error(protocol, Wire.Kind.TOO_LARGE,
                                "the request body is larger than the gateway's limit of " + settings.maxBodyBytes()
                                        + " bytes");
                    }
                    log.warn("gateway failure for session {} node {}: {}", run.scope.sessionId(), run.scope.nodeId(),
                            cause.getClass().getName());
                    return Wire.error(protocol, Wire.Kind.INTERNAL, "the gateway failed: "
                            + cause.getClass().getSimpleName());
                });
    }

    private CompletionStage<HttpResponse> call(Protocol protocol, RunState run, String token, HttpRequest request,
                                               ByteString raw) {
        ObjectNode body = RequestRewriter.parse(raw);
        if (body == null) {
            return refuse(protocol, run, Wire.Kind.BAD_REQUEST, "the request body is not a JSON object");
        }
        String asked = RequestRewriter.model(body);
        if (asked == null) {
            return refuse(protocol, run, Wire.Kind.BAD_REQUEST, "the request names no model");
        }
        Resolution resolution = models.resolve(protocol, run.scope, asked);
        if (resolution.problem() != null) {
            return refuse(protocol, run, Wire.Kind.BAD_REQUEST, resolution.problem());
        }
        Route route = resolution.route();
        String priced = route.priced();
        if (!prices.knows(priced)) {
            return refuse(protocol, run, Wire.Kind.BAD_REQUEST, "model '" + priced
                    + "' has no price, so the gateway will not call it");
        }
        String outside = outsideAllowedModels(run.scope, priced);
        if (outside != null) {
            return refuse(protocol, run, Wire.Kind.BAD_REQUEST, outside);
        }
        RunState.Hold hold;
        try {
            // a little over the body's size: the model name the gateway writes may be longer than the one asked
            hold = run.admit(settings, prices, priced, raw.size() + 256L, RequestRewriter.maxTokens(body));
        } catch (RunState.Refused refused) {
            return refuse(protocol, run, Wire.Kind.BUDGET, refused.getMessage());
        }

        byte[] asSent;
        byte[] forward;
        try {
            // a recording is keyed by the request as the candidate made it, not by the bound the gateway added
            asSent = RequestRewriter.rewrite(protocol, body, route.model(), 0);
            forward = RequestRewriter.rewrite(protocol, body, route.model(), hold.maxTokens());
        } catch (Exception e) {
            run.failed(hold, "could not write the request body");
            return done(Wire.error(protocol, Wire.Kind.INTERNAL, "the gateway could not write the request body"));
        }
        HttpRequest outgoing = RequestRewriter.upstream(protocol, route.provider(), forward,
                RequestRewriter.streams(body), request);
        log.debug("{}: {} asked as '{}'", run, priced, asked);
        return forwarder.forward(protocol, run, route, hold, forward, asSent, token, outgoing);
    }

    /**
     * Why a run may not call {@code priced}, or null when it may: a run with a model map calls only what its map
     * names; one without calls only the session's models (any priced model when none are configured).
     */
    private String outsideAllowedModels(RunScope scope, String priced) {
        if (!scope.modelMap().isEmpty()) {
            boolean mapped = scope.modelMap().values().stream()
                    .anyMatch(v -> v.equals(priced) || !v.contains("/") && priced.endsWith("/" + v));
            return mapped ? null : "model '" + priced + "' is not in this candidate's model map "
                    + scope.modelMap().values();
        }
        if (!settings.models().isEmpty() && !settings.models().contains(priced)) {
            return "model '" + priced + "' is not among the session's models " + settings.models();
        }
        return null;
    }

    /**
     * Answers 413, stating the limit, after reading what the client sends (up to {@link #drainLimit}), so that it
     * gets the answer instead of a connection cut while it is still writing.
     */
    private CompletionStage<HttpResponse> tooLarge(HttpRequest request, Protocol protocol) {
        return request.entity().withSizeLimit(drainLimit(settings))
                .getDataBytes().runWith(org.apache.pekko.stream.javadsl.Sink.ignore(), materializer)
                .handle((done, failure) -> Wire.error(protocol, Wire.Kind.TOO_LARGE,
                        "the request body is larger than the gateway's limit of " + settings.maxBodyBytes()
                                + " bytes"));
    }

    /** The most of an oversized body read before answering; beyond it the connection is cut. */
    static long drainLimit(GatewaySettings settings) {
        return Math.max(settings.maxBodyBytes() * 16, 256L << 20);
    }

    /** Refuses a request before its body was read, which must then be drained. */
    private CompletionStage<HttpResponse> unread(HttpRequest request, Protocol protocol, Wire.Kind kind,
                                                 String why) {
        request.discardEntityBytes(materializer);
        return done(Wire.error(protocol, kind, why));
    }

    /** Refuses a run's request without forwarding it. */
    private CompletionStage<HttpResponse> refuse(Protocol protocol, RunState run, Wire.Kind kind, String why) {
        run.reject(why);
        log.debug("{}: refused, {}", run, why);
        return done(Wire.error(protocol, kind, why));
    }
}
