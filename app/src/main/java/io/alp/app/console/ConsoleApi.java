package io.alp.app.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.app.cli.DatasetCommand;
import io.alp.app.cli.SessionsCommand;
import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionRunner;
import io.alp.engine.report.SessionSummary;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** The JSON API under {@code /api}; {@code /api/openapi.json} describes it. */
final class ConsoleApi extends AllDirectives {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How a start request's body is named in its errors; relative paths in it resolve against the server's directory. */
    static final Path REQUEST_FILE = Path.of("session.yaml");
    /**
     * A running session journaled within this long is taken to be running in the process that wrote it: on the
     * embedded database, stopping it from here would give it a second writer.
     */
    private static final Duration ACTIVE = Duration.ofMinutes(1);

    private final SessionViews views;
    private final SessionControl control;
    private final Guard guard;
    private final Executor blocking;
    private final Path workDir;
    private final EventStream events;

    ConsoleApi(SessionViews views, SessionControl control, Guard guard, Executor blocking, Path workDir,
               EventStream events) {
        this.views = views;
        this.control = control;
        this.guard = guard;
        this.blocking = blocking;
        this.workDir = workDir;
        this.events = events;
    }

    Route route() {
        return pathPrefix("api", () -> extractRequest(req -> concat(
                path("openapi.json", () -> get(() -> read(req, () -> OpenApi.document()))),
                path("sessions", () -> concat(
                        get(() -> read(req, this::sessions)),
                        post(() -> entity(Unmarshaller.entityToString(), yaml -> answer(201, () -> start(req, yaml)))))),
                pathPrefix("sessions", () -> pathPrefix(PathMatchers.segment(), id -> concat(
                        pathEnd(() -> get(() -> read(req, () -> detail(id)))),
                        path("tree", () -> get(() -> read(req, () -> session(id).summary().tree()))),
                        path("stop", () -> post(() -> answer(200, () -> stop(req, id)))),
                        path("events", () -> get(() -> events.route(req, id))),
                        path(PathMatchers.segment("nodes").slash(PathMatchers.segment()),
                                node -> get(() -> read(req, () -> node(id, node))))))),
                path("datasets", () -> get(() -> read(req, () -> control.datasets().stream()
                        .map(DatasetCommand.Header::of).toList()))),
                answer(404, () -> {
                    throw ApiError.notFound("no such API path: " + req.getUri().path()
                            + " (see /api/openapi.json)");
                }))));
    }

    private Route read(HttpRequest req, Supplier<Object> body) {
        return answer(200, () -> {
            guard.checkRead(req);
            return body.get();
        });
    }

    private Route answer(int status, Supplier<Object> body) {
        return completeWithFuture(CompletableFuture.supplyAsync(() -> Responses.answer(status, body), blocking));
    }

    private Object sessions() {
        return views.all().stream().map(s -> SessionsCommand.Row.of(s.summary())).toList();
    }

    private LiveSession session(String id) {
        return views.find(id).orElseThrow(() -> ApiError.notFound("no session with id '" + id + "'"));
    }

    /** The summary without its tree (that is {@code /tree}), with the timeline and how far the journal was read. */
    private Object detail(String id) {
        LiveSession live = session(id);
        ObjectNode body = MAPPER.valueToTree(live.summary());
        body.remove("tree");
        body.set("timeline", MAPPER.valueToTree(live.timeline()));
        body.put("events", live.events());
        return body;
    }

    private Object node(String id, String node) {
        return NodeReads.detail(session(id), views.reader(), id, node)
                .orElseThrow(() -> ApiError.notFound("session " + id + " has no node '" + node + "'"));
    }

    private Object start(HttpRequest req, String yaml) {
        guard.requireToken(req, "starting a session");
        if (yaml.isBlank()) {
            throw new ApiError(400, "the request body must be a session YAML (as for alp run)");
        }
        SessionConfig.SessionSetup setup = SessionConfig.parse(REQUEST_FILE, yaml, workDir);
        if (views.find(setup.spec().id()).isPresent()) {
            throw new ApiError(409, "session " + setup.spec().id() + " already exists");
        }
        return control.start(setup);
    }

    private Object stop(HttpRequest req, String id) {
        guard.requireToken(req, "stopping a session");
        LiveSession live = session(id);
        if (!control.reachesEveryRunningSession() && !control.started(id) && SessionSummary.RUNNING.equals(
                live.summary().status()) && System.currentTimeMillis() - live.lastWrite() < ACTIVE.toMillis()) {
            throw new ApiError(409, "session " + id + " is running in another process on this embedded database "
                    + "(journaled " + (System.currentTimeMillis() - live.lastWrite()) / 1000 + " s ago): stop it "
                    + "there (Ctrl-C; alp resume continues it), or run sessions on a cluster to stop them from "
                    + "any console");
        }
        SessionRunner.Stopped stopped = control.stop(id);
        live.expire();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stoppedNow", stopped.now());
        body.put("session", stopped.summary());
        return body;
    }
}
