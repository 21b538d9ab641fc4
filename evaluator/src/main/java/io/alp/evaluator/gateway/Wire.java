package io.alp.evaluator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.engine.port.LlmClient.Usage;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.llm.ProviderUsage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What differs between the two protocols: where the key sits, the error shape, where usage is reported. */
final class Wire {

    static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {
    }

    /** The run token the candidate presented as its API key, or null. */
    static String token(Protocol protocol, HttpRequest request) {
        if (protocol == Protocol.ANTHROPIC) {
            Optional<HttpHeader> key = request.getHeader("x-api-key");
            if (key.isPresent() && !key.get().value().isBlank()) {
                return key.get().value().trim();
            }
        }
        Optional<HttpHeader> auth = request.getHeader("authorization");
        if (auth.isEmpty()) {
            return null;
        }
        String value = auth.get().value().trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).trim();
        }
        return null;
    }

    enum Kind {
        AUTH(401, "authentication_error", "invalid_api_key"),
        BAD_REQUEST(400, "invalid_request_error", "invalid_request_error"),
        NOT_FOUND(404, "not_found_error", "not_found"),
        TOO_LARGE(413, "request_too_large", "request_too_large"),
        BUDGET(429, "rate_limit_error", "run_budget_exceeded"),
        UPSTREAM_FAILED(502, "api_error", "upstream_unreachable"),
        UPSTREAM_TIMEOUT(504, "api_error", "upstream_timeout"),
        /** A replay was asked something its recording never saw. */
        NOT_RECORDED(502, "api_error", "not_in_recording"),
        INTERNAL(500, "api_error", "gateway_error");

        final int status;
        final String anthropicType;
        final String openAiCode;

        Kind(int status, String anthropicType, String openAiCode) {
            this.status = status;
            this.anthropicType = anthropicType;
            this.openAiCode = openAiCode;
        }
    }

    /**
     * An error in the protocol's own shape. Budget refusals carry {@code x-should-retry: false}, which the official
     * SDKs honour instead of retrying the 429; so does a replay's unrecorded request, which no retry can answer.
     */
    static HttpResponse error(Protocol protocol, Kind kind, String message) {
        ObjectNode body = JSON.createObjectNode();
        if (protocol == Protocol.ANTHROPIC) {
            body.put("type", "error");
            ObjectNode error = body.putObject("error");
            error.put("type", kind.anthropicType);
            error.put("message", message);
        } else {
            ObjectNode error = body.putObject("error");
            error.put("message", message);
            error.put("type", kind == Kind.AUTH || kind == Kind.BAD_REQUEST || kind == Kind.NOT_FOUND
                    || kind == Kind.TOO_LARGE ? "invalid_request_error"
                    : kind == Kind.BUDGET ? "insufficient_quota" : "server_error");
            error.putNull("param");
            error.put("code", kind.openAiCode);
        }
        HttpResponse response = HttpResponse.create().withStatus(kind.status)
                .withEntity(ContentTypes.APPLICATION_JSON, body.toString().getBytes(StandardCharsets.UTF_8));
        if (kind == Kind.BUDGET || kind == Kind.AUTH || kind == Kind.BAD_REQUEST || kind == Kind.TOO_LARGE
                || kind == Kind.NOT_RECORDED) {
            response = response.addHeader(RawHeader.create("x-should-retry", "false"));
        }
        return response;
    }

    /** The usage block of a non-streaming answer, normalized; null when there is none. */
    static Usage usage(Protocol protocol, JsonNode body) {
        JsonNode usage = body == null ? null : body.get("usage");
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return protocol == Protocol.ANTHROPIC ? anthropic(usage, null) : openAi(usage);
    }

    static Usage openAi(JsonNode usage) {
        return ProviderUsage.openAi(count(usage, "prompt_tokens"), count(usage, "completion_tokens"),
                count(usage.path("prompt_tokens_details"), "cached_tokens"));
    }

    /**
     * Anthropic counts are disjoint: cache reads and writes are added to the input. Fields absent from
     * {@code usage} keep their value in {@code before} (a stream's {@code message_delta} may carry only the output).
     */
    static Usage anthropic(JsonNode usage, Usage before) {
        long cacheRead = has(usage, "cache_read_input_tokens") ? count(usage, "cache_read_input_tokens")
                : before == null ? 0 : before.cacheReadTokens();
        long cacheWrite = has(usage, "cache_creation_input_tokens") ? count(usage, "cache_creation_input_tokens")
                : before == null ? 0 : before.cacheWriteTokens();
        long uncached = has(usage, "input_tokens") ? count(usage, "input_tokens")
                : before == null ? 0 : before.inputTokens() - before.cacheReadTokens() - before.cacheWriteTokens();
        long output = has(usage, "output_tokens") ? count(usage, "output_tokens")
                : before == null ? 0 : before.outputTokens();
        return ProviderUsage.anthropic(uncached, output, cacheRead, cacheWrite);
    }

    private static boolean has(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber();
    }

    private static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? Math.max(0, value.asLong()) : 0;
    }
}
