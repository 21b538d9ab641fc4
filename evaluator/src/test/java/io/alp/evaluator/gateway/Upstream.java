package io.alp.evaluator.gateway;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** A model provider on loopback that answers from a per-test script and keeps what it received. */
final class Upstream extends Dispatcher implements AutoCloseable {

    final MockWebServer server = new MockWebServer();
    final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, MockResponse> script = r -> json(500, "{\"error\":\"unscripted\"}");

    Upstream() throws IOException {
        server.setDispatcher(this);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    String url(String path) {
        return server.url(path).toString();
    }

    void answer(Function<RecordedRequest, MockResponse> next) {
        received.clear();
        script = next;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        received.add(request);
        return script.apply(request);
    }

    @Override
    public void close() {
        server.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse sse(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    /** An event stream whose first part is sent at once and the rest only when {@code release} opens. */
    static MockResponse sseHeld(String first, String rest, CountDownLatch release, AtomicBoolean finished) {
        byte[] head = first.getBytes(StandardCharsets.UTF_8);
        byte[] tail = rest.getBytes(StandardCharsets.UTF_8);
        MockResponseBody body = new MockResponseBody() {
            @Override
            public long getContentLength() {
                return head.length + tail.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(head);
                sink.flush();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finished.set(true);
                sink.write(tail);
                sink.flush();
            }
        };
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    /** An event stream the upstream drops halfway through, after its first half went out. */
    static MockResponse sseDropped(String full) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(full)
                .onResponseBody(new SocketEffect.CloseSocket(true, false, false)).build();
    }
}
