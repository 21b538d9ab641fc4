package io.alp.actors.runtime;

import io.alp.engine.model.WorldRef;
import io.alp.engine.port.World;
import io.alp.engine.port.WorldFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Builds each session's ports once per node, from the self-contained {@link WorldRef} its messages carry. */
public final class WorldRegistry {

    private final List<WorldFactory> factories;
    private final Map<WorldRef, World> worlds = new ConcurrentHashMap<>();

    public WorldRegistry(List<WorldFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    public World world(WorldRef ref) {
        return worlds.computeIfAbsent(ref, this::create);
    }

    private World create(WorldRef ref) {
        return factories.stream()
                .filter(f -> f.supports(ref.kind()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no world of kind '" + ref.kind() + "' is known"))
                .create(ref);
    }
}
