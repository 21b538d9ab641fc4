package io.alp.traffic.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.alp.traffic.otlp.ExportRequests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver: {@code POST /v1/traces} with an {@code ExportTraceServiceRequest} as protobuf
 * ({@code application/x-protobuf}) or JSON ({@code application/json}), optionally gzipped, as OpenTelemetry SDKs
 * and the Collector's {@code otlphttp} exporter send it. Each request is checked, then appended to the
 * {@link TraceStore} before the reply, so an acknowledged span is on disk. It binds to loopback unless told
 * otherwise, and on any other address it requires a token ({@code Authorization: Bearer TOKEN}).
 */
public final class OtlpReceiver implements AutoCloseable {

    /** The largest request body taken (the Collector's default for the OTLP receiver is 20 MiB as well). */
    static final int MAX_BODY = 20 << 20;
    private static final byte[] EMPTY_PROTOBUF_RESPONSE = new byte[0];

    private final HttpServer server;
    private final ExecutorService workers;
    private final TraceStore store;
    private final byte[] token;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong rejectedSpans = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** What the receiver took so far. */
    public record Counts(long requests, long spans, long rejectedSpans, long refusedRequests) {
    }

    /**
     * @param token null for none; required when {@code bind} is not a loopback address
     * @throws IllegalArgumentException when a non-loopback address is given without a token
     */
    public OtlpReceiver(InetAddress bind, int port, String token, TraceStore store, int threads) throws IOException {
        if (!bind.isLoopbackAddress() && (token == null || token.isBlank())) {
            throw new IllegalArgumentException("listening on " + bind.getHostAddress() + " (not loopback) needs a "
                    + "token: senders then send Authorization: Bearer TOKEN");
        }
        this.store = store;
        this.token = token == null || token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "otlp-receiver");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 256);
        server.setExecutor(workers);
        server.createContext("/v1/traces", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Counts counts() {
        return new Counts(requests.get(), spans.get(), rejectedSpans.get(), refused.get());
    }

    @Override
    public void close() throws IOException {
        server.stop(1);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                refuse(exchange, 405, "only POST is accepted on /v1/traces");
                return;
            }
            if (token != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refuse(exchange, 401, "missing or wrong token (Authorization: Bearer TOKEN)");
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            type = type == null ? "" : type.toLowerCase(Locale.ROOT);
            boolean protobuf = type.startsWith("application/x-protobuf") || type.startsWith("application/protobuf");
            if (!protobuf && !type.startsWith("application/json")) {
                refuse(exchange, 415, "Content-Type must be application/x-protobuf or application/json, got '"
                        + type + "'");
                return;
            }
            byte[] body = body(exchange);
            if (body == null) {
                refuse(exchange, 413, "the request body is over " + (MAX_BODY >> 20) + " MiB");
                return;
            }
            ExportRequests.Count count;
            try {
                count = protobuf ? ExportRequests.protobuf(body, body.length) : ExportRequests.json(body, body.length);
            } catch (IllegalArgumentException e) {
                refuse(exchange, 400, e.getMessage());
                return;
            }
            store.append(protobuf ? TraceStore.Encoding.PROTOBUF : TraceStore.Encoding.JSON, body, body.length);
            requests.incrementAndGet();
            spans.addAndGet(count.spans() - count.rejected());
            rejectedSpans.addAndGet(count.rejected());
            reply(exchange, protobuf, count.rejected());
        }
    }

    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(token, header.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream in = exchange.getRequestBody();
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    /** OTLP's reply: an empty ExportTraceServiceResponse, or a partial success naming the rejected spans. */
    private static void reply(HttpExchange exchange, boolean protobuf, int rejected) throws IOException {
        byte[] body;
        if (protobuf) {
            body = rejected == 0 ? EMPTY_PROTOBUF_RESPONSE
                    : io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.newBuilder()
                    .setPartialSuccess(io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess
                            .newBuilder().setRejectedSpans(rejected)
                            .setErrorMessage("spans without a trace or span id")).build().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        } else {
            body = (rejected == 0 ? "{}" : "{\"partialSuccess\":{\"rejectedSpans\":\"" + rejected
                    + "\",\"errorMessage\":\"spans without a trace or span id\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void refuse(HttpExchange exchange, int status, String message) throws IOException {
        refused.incrementAndGet();
        byte[] body = ("{\"code\":" + status + ",\"message\":" + quote(message) + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
