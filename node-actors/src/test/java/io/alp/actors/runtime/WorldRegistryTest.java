package io.alp.actors.runtime;

import io.alp.engine.model.WorldSpec;
import io.alp.engine.port.World;
import io.alp.engine.port.WorldFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A node builds a session's ports once, and releases what they hold once the session stops using them. */
class WorldRegistryTest {

    private final AtomicInteger built = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    private final WorldFactory factory = new WorldFactory() {
        @Override
        public boolean supports(String kind) {
            return kind.equals("counted");
        }

        @Override
        public World create(WorldSpec ref) {
            built.incrementAndGet();
            return new World(ref.name(), true, null, null, null, null, null, closed::incrementAndGet);
        }
    };

    private static WorldSpec ref(String session) {
        return new WorldSpec("counted", "w", "", Map.of("session", session));
    }

    @Test
    void idleWorldsAreClosedAndBuiltAgainWhenTheirSessionComesBack() throws InterruptedException {
        WorldRegistry registry = new WorldRegistry(List.of(factory));
        World first = registry.world(ref("a"));
        assertSame(first, registry.world(ref("a")), "built once while in use");
        registry.world(ref("b"));
        assertEquals(0, registry.closeIdle(Duration.ofHours(1)));
        assertEquals(0, closed.get());

        Thread.sleep(30);
        registry.world(ref("b"));
        assertEquals(1, registry.closeIdle(Duration.ofMillis(20)), "only the idle session's world");
        assertEquals(1, closed.get());
        assertEquals(1, registry.open());

        assertNotSame(first, registry.world(ref("a")), "built again");
        assertEquals(3, built.get());
        registry.close();
        assertEquals(3, closed.get(), "every world is released when the node stops");
        assertEquals(0, registry.open());
    }
}
