package io.alp.actors.journal;

import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.EventSeq;

/** An entity's event adapter: events are journaled as they are, and old shapes come back upcast. */
public final class Upcasting<E> extends EventAdapter<E, Object> {

    private final Class<E> type;
    private final LegacyEvents.Sinks sinks;

    public Upcasting(Class<E> type, LegacyEvents.Sinks sinks) {
        this.type = type;
        this.sinks = sinks;
    }

    @Override
    public Object toJournal(E event) {
        return event;
    }

    @Override
    public String manifest(E event) {
        return "";
    }

    @Override
    public EventSeq<E> fromJournal(Object stored, String manifest) {
        return EventSeq.single(type.cast(LegacyEvents.upcast(stored, sinks)));
    }
}
