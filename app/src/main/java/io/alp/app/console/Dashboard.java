package io.alp.app.console;

import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import io.alp.app.output.HtmlReport;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's pages and assets, all from the classpath (Chart.js from its WebJar), so it works offline. The
 * pages hold no data: their scripts read the API, which the {@link Guard} protects; {@code /login} sets the token
 * cookie for browsers on a console that needs one.
 */
final class Dashboard extends AllDirectives {

    private static final Set<String> ASSETS = Set.of("console.css", "common.js", "sessions.js", "session.js",
            "node.js", "tree.js", "plot.js", "session-view.js");
    private static final Map<String, ContentType> TYPES = Map.of(
            "css", ContentTypes.create(MediaTypes.TEXT_CSS, HttpCharsets.UTF_8),
            "js", ContentTypes.create(MediaTypes.APPLICATION_JAVASCRIPT, HttpCharsets.UTF_8));

    private final Guard guard;

    Dashboard(Guard guard) {
        this.guard = guard;
    }

    Route route() {
        return concat(get(() -> concat(
                pathEndOrSingleSlash(() -> page("sessions.html")),
                path(PathMatchers.segment("sessions").slash(PathMatchers.segment()), id -> page("session.html")),
                path(PathMatchers.segment("sessions").slash(PathMatchers.segment()).slash("nodes")
                        .slash(PathMatchers.segment()), (id, node) -> page("node.html")),
                path("login", () -> page("login.html")),
                path(PathMatchers.segment("assets").slash("chart.umd.min.js"),
                        () -> asset(HtmlReport.CHART_JS, TYPES.get("js"))),
                path(PathMatchers.segment("assets").slash(PathMatchers.segment()), name -> ASSETS.contains(name)
                        ? asset("/console/" + name, TYPES.get(name.substring(name.lastIndexOf('.') + 1)))
                        : notFound()))),
                post(() -> path("login", () -> formField("token", this::login))));
    }

    /** A correct token sets an HttpOnly, same-site-only cookie and goes to the sessions; a wrong one is refused. */
    private Route login(String token) {
        if (!guard.matches(token.strip())) {
            return complete(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
                    .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "wrong token"));
        }
        return complete(HttpResponse.create().withStatus(StatusCodes.SEE_OTHER)
                .addHeader(RawHeader.create("Location", "/"))
                .addHeader(RawHeader.create("Set-Cookie", Guard.COOKIE + "=" + token.strip()
                        + "; Path=/; HttpOnly; SameSite=Strict")));
    }

    private Route page(String name) {
        return asset("/console/" + name, ContentTypes.TEXT_HTML_UTF8);
    }

    private Route asset(String resource, ContentType type) {
        return complete(HttpResponse.create().withEntity(type, bytes(resource))
                .addHeader(RawHeader.create("Cache-Control", "no-cache")));
    }

    private Route notFound() {
        return complete(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND)
                .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "not found"));
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = Dashboard.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
