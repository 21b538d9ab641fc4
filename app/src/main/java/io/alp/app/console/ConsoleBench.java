package io.alp.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures a running console over HTTP on loopback: how long its pages and tree take (server time, from each
 * answer's {@code Server-Timing}, and as the client saw it), and how much open event streams (held by another
 * process, as browsers would hold them) slow a session that runs in the console's process. Every figure is
 * measured here, on this machine.
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

    /**
     * One session run to its end while {@code streams} event streams were open on it, with the CPU time this
     * process (the console and the session) and the watcher process used meanwhile.
     */
    public record StreamRun(int streams, String session, double seconds, int nodes, long eventsReceived,
                            double consoleCpuSeconds, double watcherCpuSeconds) {
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

    /**
     * Starts the session {@code yaml} describes and times it to its end. With {@code streams > 0}, a separate
     * process of watchers (as browsers would be) opens that many event streams on it as soon as it exists.
     */
    public StreamRun run(String id, String yaml, int streams) throws Exception {
        Process watchers = null;
        BufferedReader watcherOut = null;
        if (streams > 0) {
            watchers = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), ConsoleBench.class.getName(), url, id,
                    Integer.toString(streams)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            watcherOut = new BufferedReader(new InputStreamReader(watchers.getInputStream(), StandardCharsets.UTF_8));
            if (!"waiting".equals(watcherOut.readLine())) {
                throw new IllegalStateException("the watcher process did not start");
            }
        }
        long start = System.nanoTime();
        Duration cpu = cpu(ProcessHandle.current());
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(url + "/api/sessions"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 201) {
            throw new IllegalStateException("starting the bench session failed: " + started.body());
        }
        JsonNode detail;
        do {
            Thread.sleep(100);
            detail = get("/api/sessions/" + id);
        } while ("running".equals(detail.get("status").asText()));
        double seconds = (System.nanoTime() - start) / 1e9;
        double consoleCpu = cpu(ProcessHandle.current()).minus(cpu).toMillis() / 1e3;
        double watcherCpu = watchers == null ? 0 : cpu(watchers.toHandle()).toMillis() / 1e3;
        long events = 0;
        if (watchers != null) {
            String total = watcherOut.readLine(); // the watchers end when every stream has seen the session stop
            watchers.waitFor(30, TimeUnit.SECONDS);
            watchers.destroy();
            events = total == null ? -1 : Long.parseLong(total.strip());
        }
        return new StreamRun(streams, id, seconds, detail.get("nodes").asInt(), events, consoleCpu, watcherCpu);
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * The watcher process: {@code URL SESSION N}. Says {@code waiting}, opens N event streams on the session once it
     * exists, reads each until the session's {@code stop} event, and prints how many events they received in all.
     * It speaks HTTP/1.1 over plain sockets: a watcher should cost the machine no more than a browser tab would.
     */
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String session = args[1];
        int streams = Integer.parseInt(args[2]);
        System.out.println("waiting");
        System.out.flush();
        while (!statusLine(base, "/api/sessions/" + session).contains(" 200 ")) {
            Thread.sleep(20);
        }
        AtomicLong events = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            Socket socket = open(base, "/api/sessions/" + session + "/events?after=0");
            Thread reader = new Thread(() -> {
                try (socket) {
                    count(socket.getInputStream(), events);
                } catch (IOException e) {
                    // what was counted stands
                }
            }, "watcher-" + i);
            reader.start();
            readers.add(reader);
        }
        for (Thread t : readers) {
            t.join();
        }
        System.out.println(events.get());
    }

    private static Socket open(URI base, String path) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static String statusLine(URI base, String path) throws IOException {
        try (Socket socket = open(base, path)) {
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    /** Counts a stream's events until the session's stop event (or the end of the stream). */
    private static void count(InputStream in, AtomicLong events) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    events.incrementAndGet();
                    if (line.substring(6).strip().equals(FeedEvent.STOP)) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // the console went away: what was counted stands
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
