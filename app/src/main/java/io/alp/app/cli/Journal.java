package io.alp.app.cli;

import io.alp.actors.session.SessionActor;
import io.alp.app.UserError;
import io.alp.cluster.JournalAccess;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Runs one read against the journal and turns an unknown session id into exit code 2. */
final class Journal {

    private Journal() {
    }

    static <T> T read(DatabaseOption data, Function<JournalAccess, CompletionStage<T>> query) {
        try (JournalAccess access = JournalAccess.open(data.existingSettings())) {
            return query.apply(access).toCompletableFuture().join();
        }
    }

    static SessionActor.Active session(DatabaseOption data, String id) {
        return read(data, a -> a.reader().session(id, Long.MAX_VALUE))
                .orElseThrow(() -> unknown(id));
    }

    static UserError unknown(String id) {
        return UserError.notFound("no session with id '" + id + "' (alp sessions lists them)");
    }
}
