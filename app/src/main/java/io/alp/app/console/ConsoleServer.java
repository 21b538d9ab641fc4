package io.alp.app.console;

import io.alp.actors.query.JournalReader;
import io.alp.cluster.NodeStartException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live console: the JSON API, its event streams and the dashboard, served by pekko-http on the given
 * ActorSystem. Journal reads and session control block, so they run on a small pool of their own.
 */
public final class ConsoleServer implements AutoCloseable {

    /** How old a session's last look at its journal may be before a request reads it again. */
    static final Duration FRESH = Duration.ofMillis(200);
    /** How often an event stream looks for news. */
    static final Duration STREAM_PERIOD = Duration.ofMillis(500);
    private static final int READ_THREADS = 8;

    private final ServerBinding binding;
    private final ExecutorService blocking;
    private final String url;

    private ConsoleServer(ServerBinding binding, ExecutorService blocking, String url) {
        this.binding = binding;
        this.blocking = blocking;
        this.url = url;
    }

    /**
     * Binds the console and returns once it listens.
     *
     * @param workDir where sessions started through the API keep files beside the database (a real agent's source)
     * @throws NodeStartException when the address cannot be bound, saying which
     */
    public static ConsoleServer start(ActorSystem<?> system, JournalReader reader, SessionControl control,
                                      ConsoleSettings settings, Path workDir) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService blocking = Executors.newFixedThreadPool(READ_THREADS, r -> {
            Thread t = new Thread(r, "alp-console-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Guard guard = new Guard(settings);
        SessionViews views = new SessionViews(reader, FRESH);
        EventStream events = new EventStream(views, guard, blocking, STREAM_PERIOD);
        ConsoleApi api = new ConsoleApi(views, control, guard, blocking, workDir, events);
        Dashboard dashboard = new Dashboard(guard);
        Route route = new ConsoleRoutes().all(guard, api, dashboard);
        try {
            ServerBinding binding = Http.get(system).newServerAt(settings.bind(), settings.port()).bind(route)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            // read every session once now, so the first page a user opens does not wait for a whole journal
            blocking.execute(() -> {
                try {
                    views.all();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(ConsoleServer.class).warn("console: reading the sessions failed", e);
                }
            });
            String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
            return new ConsoleServer(binding, blocking, "http://" + host + ":" + binding.localAddress().getPort());
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            blocking.shutdownNow();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = cause instanceof BindException || String.valueOf(cause.getMessage()).contains("in use")
                    ? "the port is in use or the address is not this machine's" : String.valueOf(cause.getMessage());
            throw new NodeStartException("cannot serve the console on " + settings.bind() + ":" + settings.port()
                    + ": " + why, cause);
        }
    }

    /** {@code http://host:port}, with the port actually bound. */
    public String url() {
        return url;
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    @Override
    public void close() {
        try {
            binding.terminate(Duration.ofSeconds(3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the server is going away with its ActorSystem either way
        } finally {
            blocking.shutdownNow();
        }
    }
}
