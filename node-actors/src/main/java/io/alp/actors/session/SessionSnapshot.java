package io.alp.actors.session;

import io.alp.actors.CborSerializable;
import io.alp.actors.session.SessionActor.Active;
import io.alp.actors.session.SessionActor.Empty;
import io.alp.actors.session.SessionActor.SessionStarted;
import io.alp.actors.session.SessionActor.State;
import io.alp.engine.search.SearchSnapshot;
import io.alp.engine.search.SearchState;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * A session's state as its snapshots save it (every {@code alp.session.snapshot-every} events): how it was started and what
 * its search holds, as immutable data taken at once (the live {@link SearchState} goes on changing while the snapshot
 * is written). A session that was never started saves neither.
 *
 * @param version the shape of this record, {@link #VERSION}; a later shape migrates older ones by it
 */
public record SessionSnapshot(int version, SessionStarted started, SearchSnapshot search) implements CborSerializable {

    public static final int VERSION = 1;

    static SessionSnapshot of(State state) {
        if (state instanceof Active a) {
            return new SessionSnapshot(VERSION, a.started(), a.search().snapshot());
        }
        return new SessionSnapshot(VERSION, null, null);
    }

    /** The state this snapshot was taken of. */
    State state() {
        if (version != VERSION) {
            throw new IllegalStateException("a session snapshot of version " + version + " cannot be loaded: this "
                    + "build reads version " + VERSION);
        }
        if (started == null) {
            return new Empty();
        }
        if (search == null) {
            throw new IllegalStateException("the snapshot of session " + started.spec().id() + " has no search state");
        }
        return new Active(started, SearchState.restore(started.spec().optimizer(), started.spec().seed(),
                started.roundReserveUsd(), started.compoundReserveUsd(), search));
    }

    static SnapshotAdapter<State> adapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(State state) {
                return of(state);
            }

            @Override
            public State fromJournal(Object stored) {
                if (!(stored instanceof SessionSnapshot s)) {
                    throw new IllegalArgumentException("a session snapshot must be a SessionSnapshot, not "
                            + (stored == null ? "null" : stored.getClass().getName()));
                }
                return s.state();
            }
        };
    }
}
