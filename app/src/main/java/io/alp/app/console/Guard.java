package io.alp.app.console;

import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may do what. Requests from another origin are refused (the console sends no CORS headers either), and on a
 * loopback address so are requests naming a foreign host (a page that re-points its own name at 127.0.0.1). The
 * token comes as {@code Authorization: Bearer TOKEN}, or as the cookie the login form sets for browsers.
 */
final class Guard {

    static final String COOKIE = "alp_token";

    private final ConsoleSettings settings;

    Guard(ConsoleSettings settings) {
        this.settings = settings;
    }

    /** Why the request is refused before anything else is looked at, if it is. */
    Optional<ApiError> refusal(HttpRequest req) {
        String host = header(req, "Host").orElseGet(() -> req.getUri().host().address()
                + (req.getUri().port() > 0 ? ":" + req.getUri().port() : ""));
        Optional<String> origin = header(req, "Origin");
        if (origin.isPresent() && !origin.get().equalsIgnoreCase("http://" + host)) {
            return Optional.of(new ApiError(403, "cross-origin requests are refused (origin " + origin.get() + ")"));
        }
        String site = header(req, "Sec-Fetch-Site").orElse("none").toLowerCase(Locale.ROOT);
        if (!site.equals("same-origin") && !site.equals("none")) {
            return Optional.of(new ApiError(403, "cross-origin requests are refused (" + site + ")"));
        }
        if (settings.loopback() && !loopbackHost(host)) {
            return Optional.of(new ApiError(403, "this console answers on loopback names only, not '" + host + "'"));
        }
        return Optional.empty();
    }

    /** Reading: free on loopback, else the token. */
    void checkRead(HttpRequest req) {
        if (settings.tokenForReading()) {
            requireToken(req, "reading this console");
        }
    }

    /** Starting and stopping: always the token; without one configured, refused. */
    void requireToken(HttpRequest req, String action) {
        if (settings.token() == null) {
            throw new ApiError(403, action + " needs a token, and this console was started without one: start it "
                    + "with --token-env NAME");
        }
        if (!hasToken(req)) {
            throw new ApiError(401, action + " needs the console's token: send Authorization: Bearer TOKEN");
        }
    }

    boolean hasToken(HttpRequest req) {
        if (settings.token() == null) {
            return false;
        }
        Optional<String> bearer = header(req, "Authorization")
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).map(v -> v.substring(7).strip());
        return bearer.or(() -> cookie(req)).map(this::matches).orElse(false);
    }

    boolean matches(String candidate) {
        return settings.token() != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                settings.token().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> cookie(HttpRequest req) {
        for (HttpHeader h : req.getHeaders()) {
            if (h.is("cookie")) {
                for (String part : h.value().split(";")) {
                    String p = part.strip();
                    if (p.startsWith(COOKIE + "=")) {
                        return Optional.of(p.substring(COOKIE.length() + 1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> header(HttpRequest req, String name) {
        return req.getHeader(name).map(HttpHeader::value);
    }

    private static boolean loopbackHost(String hostHeader) {
        String h = hostHeader.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return h.startsWith("[::1]");
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return name.equals("localhost") || name.startsWith("127.");
    }
}
