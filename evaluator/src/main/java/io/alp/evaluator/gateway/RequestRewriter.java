package io.alp.evaluator.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.evaluator.llm.Protocol;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.util.ByteString;

import java.util.ArrayList;
import java.util.List;

/** Turns a candidate's request into the one sent upstream: the provider's model name, the real key. */
final class RequestRewriter {

    private static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

    // Numbers are kept as written, so the forwarded body says exactly what the candidate sent.
    private static final ObjectMapper BODIES = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private RequestRewriter() {
    }

    /** The request body, or null when it is not a JSON object. */
    static ObjectNode parse(ByteString raw) {
        try {
            return BODIES.readTree(raw.toArray()) instanceof ObjectNode body ? body : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The model the body names, or null when it names none. */
    static String model(ObjectNode body) {
        JsonNode model = body.get("model");
        return model == null || !model.isTextual() || model.asText().isBlank() ? null : model.asText();
    }

    /** The output bound a body asks for ({@code max_completion_tokens} or {@code max_tokens}), 0 for none. */
    static long maxTokens(ObjectNode body) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode n = body.get(field);
            if (n != null && n.canConvertToLong() && n.asLong() > 0) {
                return n.asLong();
            }
        }
        return 0;
    }

    static boolean streams(ObjectNode body) {
        return body.path("stream").asBoolean(false);
    }

    /**
     * The body to forward: the provider's model name, the output bound the gateway allows (0 to leave it as it
     * is), and usage asked for in an OpenAI stream.
     */
    static byte[] rewrite(Protocol protocol, ObjectNode body, String model, long maxTokens)
            throws JsonProcessingException {
        body.put("model", model);
        if (maxTokens > 0) {
            // OpenAI's current field, unless the candidate used the older one (which o-series models refuse)
            String field = protocol == Protocol.OPENAI && !body.has("max_completion_tokens") && body.has("max_tokens")
                    ? "max_tokens" : protocol == Protocol.OPENAI ? "max_completion_tokens" : "max_tokens";
            body.put(field, maxTokens);
        }
        if (streams(body) && protocol == Protocol.OPENAI) {
            // without it an OpenAI stream reports no usage
            JsonNode options = body.get("stream_options");
            ObjectNode streamOptions = options instanceof ObjectNode o ? o : body.putObject("stream_options");
            streamOptions.put("include_usage", true);
        }
        return BODIES.writeValueAsBytes(body);
    }

    /** The request to the provider, carrying its real key and the protocol headers the candidate set. */
    static HttpRequest upstream(Protocol protocol, Provider provider, byte[] body, boolean stream,
                                HttpRequest incoming) {
        List<HttpHeader> headers = new ArrayList<>();
        if (protocol == Protocol.OPENAI) {
            if (provider.key != null) {
                headers.add(Authorization.oauth2(provider.key));
            }
        } else {
            if (provider.key != null) {
                headers.add(RawHeader.create("x-api-key", provider.key));
            }
            headers.add(RawHeader.create("anthropic-version", incoming.getHeader("anthropic-version")
                    .map(HttpHeader::value).orElse(DEFAULT_ANTHROPIC_VERSION)));
            incoming.getHeader("anthropic-beta")
                    .ifPresent(h -> headers.add(RawHeader.create("anthropic-beta", h.value())));
        }
        headers.add(RawHeader.create("accept", stream ? "text/event-stream" : "application/json"));
        return HttpRequest.POST(provider.url).addHeaders(headers)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
    }
}
