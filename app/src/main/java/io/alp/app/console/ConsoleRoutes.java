package io.alp.app.console;

import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.List;

/** The whole console behind the {@link Guard}, with headers that keep its pages from being framed or sniffed. */
final class ConsoleRoutes extends AllDirectives {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'";

    Route all(Guard guard, ConsoleApi api, Dashboard dashboard) {
        return respondWithHeaders(List.of(
                        RawHeader.create("X-Content-Type-Options", "nosniff"),
                        RawHeader.create("X-Frame-Options", "DENY"),
                        RawHeader.create("Referrer-Policy", "no-referrer"),
                        RawHeader.create("Content-Security-Policy", CSP)),
                () -> extractRequest(req -> guard.refusal(req)
                        .map(e -> complete(Responses.json(e.status(), e.body(), System.nanoTime())))
                        .orElseGet(() -> concat(api.route(), dashboard.route()))));
    }
}
