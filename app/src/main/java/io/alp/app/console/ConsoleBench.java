package io.alp.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures a running console over HTTP on loopback: how long its pages and tree take (server time, from each
 * answer's {@code Server-Timing}, and as the client saw it), and how much open event streams slow a session that
 * runs in the console's process. Every figure is measured here, on this machine.
 */
public final class ConsoleBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than the console's freshness period, so every timed request reads the journal again. */
    private static final Duration BETWEEN = ConsoleServer.FRESH.plusMillis(50);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private final String token;

    public ConsoleBench(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** One kind of request: the first answer (nothing cached yet) and the later ones (median, p95, max). */
    public record Timing(String request, double firstServerMs, double firstClientMs, int repeated,
                         double serverMedianMs, double serverP95Ms, double serverMaxMs, double clientMedianMs,
                         long bytes) {
    }

    /** One session run to its end while {@code streams} event streams were open on it. */
    public record StreamRun(int streams, String session, double seconds, int nodes, long eventsReceived) {
    }

    public List<Timing> time(String session, String node, int repeat) throws InterruptedException {
        String s = "/api/sessions/" + session;
        List<Timing> out = new ArrayList<>();
        for (String path : List.of(s, s + "/tree", s + "/nodes/" + node, "/api/sessions", "/sessions/" + session)) {
            double[] first = request(path);
            double[] server = new double[repeat];
            double[] client = new double[repeat];
            long bytes = 0;
            for (int i = 0; i < repeat; i++) {
                Thread.sleep(BETWEEN.toMillis());
                double[] r = request(path);
                server[i] = r[0];
                client[i] = r[1];
                bytes = (long) r[2];
            }
            out.add(new Timing("GET " + path.replace(session, "{id}"), first[0], first[1], repeat,
                    percentile(server, 50), percentile(server, 95), percentile(server, 100),
                    percentile(client, 50), bytes));
        }
        return out;
    }

    /** Starts the session {@code yaml} describes, opens {@code streams} event streams on it, and times it to its end. */
    public StreamRun run(String id, String yaml, int streams) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(url + "/api/sessions"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 201) {
            throw new IllegalStateException("starting the bench session failed: " + started.body());
        }
        AtomicLong events = new AtomicLong();
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(
                    URI.create(url + "/api/sessions/" + id + "/events?after=0")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            open.add(r);
            Thread reader = new Thread(() -> count(r.body(), events), "bench-stream-" + i);
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
        }
        JsonNode detail;
        do {
            Thread.sleep(100);
            detail = get("/api/sessions/" + id);
        } while ("running".equals(detail.get("status").asText()));
        double seconds = (System.nanoTime() - start) / 1e9;
        for (HttpResponse<InputStream> r : open) {
            r.body().close();
        }
        for (Thread t : readers) {
            t.join(5000);
        }
        return new StreamRun(streams, id, seconds, detail.get("nodes").asInt(), events.get());
    }

    private static void count(InputStream in, AtomicLong events) {
        try (in) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i + 6 <= n; i++) {
                    if (buf[i] == 'e' && buf[i + 1] == 'v' && buf[i + 2] == 'e' && buf[i + 3] == 'n'
                            && buf[i + 4] == 't' && buf[i + 5] == ':') {
                        events.incrementAndGet();
                    }
                }
            }
        } catch (IOException e) {
            // closed at the end of the run
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Server ms (from Server-Timing; 0 for a static page), client ms, bytes. */
    private double[] request(String path) {
        try {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            double client = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + new String(r.body()));
            }
            double server = r.headers().firstValue("Server-Timing").map(v -> Double.parseDouble(v.substring(
                    v.indexOf("dur=") + 4))).orElse(0.0);
            return new double[]{server, client, r.body().length};
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
