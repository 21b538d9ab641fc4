package io.alp.evaluator.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.evaluator.llm.Protocol;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A model provider on loopback that answers from a script. It speaks OpenAI chat completions
 * ({@code POST /v1/chat/completions}, plain or {@code stream: true} as server-sent events) and Anthropic messages
 * ({@code POST /v1/messages}, plain or streamed), with payloads shaped like the real providers'. Every request is
 * recorded as a {@link Call}.
 *
 * <pre>{@code
 * try (var server = ScriptedLlmServer.start(call -> Reply.text("hello", 12, 3, 0))) {
 *     var spec = new ProviderSpec("openai", Protocol.OPENAI, server.openAiBaseUrl(), "KEY", null, null, 0);
 *     ...
 * }
 * }</pre>
 */
public final class ScriptedLlmServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One (role, content) message of a request; content blocks are joined. */
    public record Message(String role, String content) {
    }

    /**
     * A request the server received.
     *
     * @param model    the model as sent (no {@code provider/} prefix)
     * @param system   the system prompt (OpenAI system/developer messages or Anthropic {@code system}), or null
     * @param messages the conversation without system messages
     * @param stream   whether the client asked for a streamed answer
     * @param body     the raw JSON body
     * @param headers  request headers, names in lower case (the last value of a repeated header)
     */
    public record Call(Protocol protocol, String model, String system, List<Message> messages, boolean stream,
                       String body, Map<String, String> headers) {

        /** A header value by case-insensitive name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The parsed body. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The content of the last user message, or "". */
        public String lastUserMessage() {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).role())) {
                    return messages.get(i).content();
                }
            }
            return "";
        }
    }

    /** What the script answers. */
    public sealed interface Reply {

        /** A successful answer whose usage is estimated from the lengths (4 characters a token). */
        static Reply text(String text) {
            return new Text(text, -1, -1, 0, 0);
        }

        /**
         * A successful answer with normalized usage: {@code inputTokens} counts every prompt token and
         * {@code cachedTokens} of them were read from cache. On the Anthropic wire this becomes
         * {@code input_tokens = inputTokens - cachedTokens} and {@code cache_read_input_tokens = cachedTokens}.
         */
        static Reply text(String text, long inputTokens, long outputTokens, long cachedTokens) {
            return new Text(text, inputTokens, outputTokens, cachedTokens, 0);
        }

        /**
         * As {@link #text(String, long, long, long)} with tokens written to the cache, also a subset of
         * {@code inputTokens}: Anthropic reports them as {@code cache_creation_input_tokens}; OpenAI has no such
         * count and they stay plain prompt tokens there.
         */
        static Reply text(String text, long inputTokens, long outputTokens, long cacheReadTokens,
                          long cacheWriteTokens) {
            return new Text(text, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens);
        }

        /** Any status with these headers and this raw body (e.g. 429 with {@code Retry-After}, or a custom 200). */
        static Reply status(int code, Map<String, String> headers, String body) {
            return new Status(code, headers == null ? Map.of() : Map.copyOf(headers), body == null ? "" : body);
        }

        /** An error with the provider's own error body shape around {@code message}. */
        static Reply error(int code, String message) {
            return new Error(code, Map.of(), message);
        }

        /** 429 with the provider's rate-limit error body and {@code Retry-After: seconds}. */
        static Reply rateLimited(long retryAfterSeconds) {
            return new Error(429, Map.of("Retry-After", Long.toString(retryAfterSeconds)),
                    "Rate limit reached. Please try again in " + retryAfterSeconds + "s.");
        }

        /** The connection is cut while the response body is being written. */
        static Reply drop() {
            return Drop.INSTANCE;
        }

        /** {@code reply}, after holding the request for {@code delay} (counted as in flight meanwhile). */
        static Reply delayed(Duration delay, Reply reply) {
            return new Delayed(delay, reply);
        }
    }

    record Text(String text, long inputTokens, long outputTokens, long cacheRead, long cacheWrite) implements Reply {
    }

    record Status(int code, Map<String, String> headers, String body) implements Reply {
    }

    record Error(int code, Map<String, String> headers, String message) implements Reply {
    }

    enum Drop implements Reply {
        INSTANCE
    }

    record Delayed(Duration delay, Reply reply) implements Reply {
    }

    private final MockWebServer server = new MockWebServer();
    private final Function<Call, Reply> script;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);

    private ScriptedLlmServer(Function<Call, Reply> script) {
        this.script = Objects.requireNonNull(script, "script");
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return ScriptedLlmServer.this.dispatch(request);
            }
        });
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static ScriptedLlmServer start(Function<Call, Reply> script) {
        ScriptedLlmServer s = new ScriptedLlmServer(script);
        try {
            s.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /** {@code http://127.0.0.1:PORT/v1}, the base URL an OpenAI client is given. */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/v1";
    }

    /** {@code http://127.0.0.1:PORT}, the base URL an Anthropic client is given. */
    public String anthropicBaseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** Every request received so far, in arrival order. */
    public List<Call> calls() {
        return Collections.unmodifiableList(calls);
    }

    /** The most requests the server was handling at the same time. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        closing.countDown();
        server.close();
    }

    private MockResponse dispatch(RecordedRequest request) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String path = request.getUrl().encodedPath();
            Protocol protocol;
            if ("POST".equals(request.getMethod()) && path.endsWith("/chat/completions")) {
                protocol = Protocol.OPENAI;
            } else if ("POST".equals(request.getMethod()) && path.endsWith("/messages")) {
                protocol = Protocol.ANTHROPIC;
            } else {
                return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
                        .body("{\"error\":{\"message\":\"Unknown request URL: " + request.getMethod() + " " + path
                                + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}")
                        .build();
            }
            String body = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
            Call call = parse(protocol, body, request);
            calls.add(call);
            Reply reply = script.apply(call);
            return render(call, reply);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private Call parse(Protocol protocol, String body, RecordedRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach(p -> headers.put(p.getFirst().toLowerCase(Locale.ROOT), p.getSecond()));
        JsonNode json;
        try {
            json = JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        List<Message> messages = new ArrayList<>();
        List<String> system = new ArrayList<>();
        if (protocol == Protocol.ANTHROPIC && json.has("system")) {
            system.add(content(json.get("system")));
        }
        for (JsonNode m : json.path("messages")) {
            String role = m.path("role").asText();
            String content = content(m.get("content"));
            if ("system".equals(role) || "developer".equals(role)) {
                system.add(content);
            } else {
                messages.add(new Message(role, content));
            }
        }
        return new Call(protocol, json.path("model").asText(null), system.isEmpty() ? null : String.join("\n", system),
                List.copyOf(messages), json.path("stream").asBoolean(false), body, Map.copyOf(headers));
    }

    private static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (block.has("text")) {
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }

    private MockResponse render(Call call, Reply reply) {
        if (reply instanceof Delayed d) {
            try {
                closing.await(d.delay().toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return render(call, d.reply());
        }
        if (reply instanceof Drop) {
            String partial = call.protocol() == Protocol.OPENAI
                    ? "{\"id\":\"chatcmpl-" + nextId() + "\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                    : "{\"id\":\"msg_" + nextId() + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[";
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body(partial + " ".repeat(64 * 1024))
                    .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
                    .build();
        }
        if (reply instanceof Status s) {
            MockResponse.Builder b = new MockResponse.Builder().code(s.code());
            if (s.headers().keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-type"))) {
                b.addHeader("Content-Type", "application/json");
            }
            s.headers().forEach(b::addHeader);
            return b.body(s.body()).build();
        }
        if (reply instanceof Error e) {
            MockResponse.Builder b = new MockResponse.Builder().code(e.code())
                    .addHeader("Content-Type", "application/json");
            e.headers().forEach(b::addHeader);
            return b.body(errorBody(call.protocol(), e.code(), e.message())).build();
        }
        Text t = (Text) reply;
        long input = t.inputTokens() >= 0 ? t.inputTokens() : Math.max(1, promptChars(call) / 4);
        long output = t.outputTokens() >= 0 ? t.outputTokens() : Math.max(1, t.text().length() / 4);
        if (t.cacheRead() + t.cacheWrite() > input) {
            throw new IllegalArgumentException("cached tokens exceed input tokens in a scripted reply");
        }
        String model = call.model() == null ? "unknown" : call.model();
        if (call.protocol() == Protocol.OPENAI) {
            return call.stream() ? openAiStream(model, t.text(), input, output, t.cacheRead())
                    : json(openAiCompletion(model, t.text(), input, output, t.cacheRead()));
        }
        long plainInput = input - t.cacheRead() - t.cacheWrite();
        return call.stream() ? anthropicStream(model, t.text(), plainInput, output, t.cacheRead(), t.cacheWrite())
                : json(anthropicMessage(model, t.text(), plainInput, output, t.cacheRead(), t.cacheWrite()));
    }

    private static long promptChars(Call call) {
        long chars = call.system() == null ? 0 : call.system().length();
        for (Message m : call.messages()) {
            chars += m.content().length();
        }
        return chars;
    }

    private String nextId() {
        return String.format("%024x", ids.incrementAndGet());
    }

    private static MockResponse json(ObjectNode node) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(node.toString()).build();
    }

    private static String errorBody(Protocol protocol, int code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = JSON.createObjectNode();
        if (protocol == Protocol.OPENAI) {
            error.put("message", message);
            error.put("type", switch (code) {
                case 401 -> "invalid_request_error";
                case 429 -> "requests";
                case 500, 502, 503 -> "server_error";
                default -> "invalid_request_error";
            });
            error.putNull("param");
            error.put("code", switch (code) {
                case 401 -> "invalid_api_key";
                case 404 -> "model_not_found";
                case 429 -> "rate_limit_exceeded";
                default -> null;
            });
            root.set("error", error);
        } else {
            root.put("type", "error");
            error.put("type", switch (code) {
                case 400 -> "invalid_request_error";
                case 401 -> "authentication_error";
                case 403 -> "permission_error";
                case 404 -> "not_found_error";
                case 413 -> "request_too_large";
                case 429 -> "rate_limit_error";
                case 529 -> "overloaded_error";
                default -> "api_error";
            });
            error.put("message", message);
            root.set("error", error);
        }
        return root.toString();
    }

    private ObjectNode openAiCompletion(String model, String text, long input, long output, long cached) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + nextId());
        root.put("object", "chat.completion");
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        root.set("usage", openAiUsage(input, output, cached));
        root.put("service_tier", "default");
        root.put("system_fingerprint", "fp_alp_scripted");
        return root;
    }

    private static ObjectNode openAiUsage(long input, long output, long cached) {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", input);
        usage.put("completion_tokens", output);
        usage.put("total_tokens", input + output);
        ObjectNode prompt = usage.putObject("prompt_tokens_details");
        prompt.put("cached_tokens", cached);
        prompt.put("audio_tokens", 0);
        ObjectNode completion = usage.putObject("completion_tokens_details");
        completion.put("reasoning_tokens", 0);
        completion.put("audio_tokens", 0);
        completion.put("accepted_prediction_tokens", 0);
        completion.put("rejected_prediction_tokens", 0);
        return usage;
    }

    /** Chunks of the text, a final chunk with finish_reason, a usage chunk with no choices, then [DONE]. */
    private MockResponse openAiStream(String model, String text, long input, long output, long cached) {
        String id = "chatcmpl-" + nextId();
        long created = System.currentTimeMillis() / 1000;
        StringBuilder sse = new StringBuilder();
        List<String> pieces = split(text);
        for (int i = 0; i < pieces.size(); i++) {
            ObjectNode chunk = openAiChunk(id, created, model);
            ObjectNode choice = chunk.withArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (i == 0) {
                delta.put("role", "assistant");
            }
            delta.put("content", pieces.get(i));
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            sse.append("data: ").append(chunk).append("\n\n");
        }
        ObjectNode last = openAiChunk(id, created, model);
        ObjectNode choice = last.withArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        sse.append("data: ").append(last).append("\n\n");
        ObjectNode usage = openAiChunk(id, created, model);
        usage.putArray("choices");
        usage.set("usage", openAiUsage(input, output, cached));
        sse.append("data: ").append(usage).append("\n\n");
        sse.append("data: [DONE]\n\n");
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream; charset=utf-8")
                .addHeader("Cache-Control", "no-cache").chunkedBody(sse.toString(), 256).build();
    }

    private static ObjectNode openAiChunk(String id, long created, String model) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.put("system_fingerprint", "fp_alp_scripted");
        chunk.putArray("choices");
        return chunk;
    }

    private ObjectNode anthropicMessage(String model, String text, long input, long output, long cacheRead,
                                        long cacheWrite) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "msg_" + nextId());
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        ObjectNode block = root.putArray("content").addObject();
        block.put("type", "text");
        block.put("text", text);
        root.put("stop_reason", "end_turn");
        root.putNull("stop_sequence");
        root.set("usage", anthropicUsage(input, output, cacheRead, cacheWrite));
        return root;
    }

    private static ObjectNode anthropicUsage(long input, long output, long cacheRead, long cacheWrite) {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("input_tokens", input);
        usage.put("cache_creation_input_tokens", cacheWrite);
        usage.put("cache_read_input_tokens", cacheRead);
        usage.put("output_tokens", output);
        usage.put("service_tier", "standard");
        return usage;
    }

    private MockResponse anthropicStream(String model, String text, long input, long output, long cacheRead,
                                         long cacheWrite) {
        StringBuilder sse = new StringBuilder();
        ObjectNode start = JSON.createObjectNode();
        start.put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", "msg_" + nextId());
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", anthropicUsage(input, 1, cacheRead, cacheWrite));
        event(sse, "message_start", start);
        ObjectNode blockStart = JSON.createObjectNode();
        blockStart.put("type", "content_block_start");
        blockStart.put("index", 0);
        ObjectNode block = blockStart.putObject("content_block");
        block.put("type", "text");
        block.put("text", "");
        event(sse, "content_block_start", blockStart);
        ObjectNode ping = JSON.createObjectNode();
        ping.put("type", "ping");
        event(sse, "ping", ping);
        for (String piece : split(text)) {
            ObjectNode delta = JSON.createObjectNode();
            delta.put("type", "content_block_delta");
            delta.put("index", 0);
            ObjectNode d = delta.putObject("delta");
            d.put("type", "text_delta");
            d.put("text", piece);
            event(sse, "content_block_delta", delta);
        }
        ObjectNode blockStop = JSON.createObjectNode();
        blockStop.put("type", "content_block_stop");
        blockStop.put("index", 0);
        event(sse, "content_block_stop", blockStop);
        ObjectNode messageDelta = JSON.createObjectNode();
        messageDelta.put("type", "message_delta");
        ObjectNode d = messageDelta.putObject("delta");
        d.put("stop_reason", "end_turn");
        d.putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", output);
        event(sse, "message_delta", messageDelta);
        ObjectNode stop = JSON.createObjectNode();
        stop.put("type", "message_stop");
        event(sse, "message_stop", stop);
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream; charset=utf-8")
                .addHeader("Cache-Control", "no-cache").chunkedBody(sse.toString(), 256).build();
    }

    private static void event(StringBuilder sse, String name, ObjectNode data) {
        sse.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
    }

    private static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 16) {
            pieces.add(text.substring(i, Math.min(text.length(), i + 16)));
        }
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        return pieces;
    }
}
