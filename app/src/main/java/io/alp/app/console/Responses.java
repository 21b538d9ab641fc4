package io.alp.app.console;

import io.alp.app.UserError;
import io.alp.app.output.Json;
import io.alp.engine.config.ConfigException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON answers: a body, or a refusal whose {@code error} names what is wrong (and for a config, its line and
 * field). Each carries {@code Server-Timing: app;dur=MS}, the time the server spent on it.
 */
final class Responses {

    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /** Runs {@code body} and answers with its value as JSON, or with the refusal it threw. */
    static HttpResponse answer(int status, Supplier<Object> body) {
        long start = System.nanoTime();
        try {
            return json(status, body.get(), start);
        } catch (ApiError e) {
            return json(e.status(), e.body(), start);
        } catch (ConfigException e) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("line", e.line() > 0 ? e.line() : null);
            details.put("field", e.field() == null || e.field().isEmpty() ? null : e.field());
            details.put("problem", e.problem());
            return json(400, new ApiError(400, e.getMessage(), details).body(), start);
        } catch (UserError e) {
            return json(e.exitCode() == UserError.NOT_FOUND ? 404 : 400, Map.of("error", e.getMessage()), start);
        } catch (RuntimeException e) {
            LOG.warn("console request failed", e);
            return json(500, Map.of("error", "internal error: " + e.getMessage()), start);
        }
    }

    static HttpResponse json(int status, Object value, long startNanos) {
        byte[] bytes = Json.compact(value).getBytes(StandardCharsets.UTF_8);
        HttpResponse response = HttpResponse.create().withStatus(StatusCodes.get(status))
                .withEntity(ContentTypes.APPLICATION_JSON, bytes)
                .addHeader(RawHeader.create("Cache-Control", "no-store"))
                .addHeader(RawHeader.create("Server-Timing", String.format(Locale.ROOT, "app;dur=%.2f",
                        (System.nanoTime() - startNanos) / 1e6)));
        return status == 401 ? response.addHeader(RawHeader.create("WWW-Authenticate", "Bearer")) : response;
    }
}
