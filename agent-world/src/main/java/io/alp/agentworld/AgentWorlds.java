package io.alp.agentworld;

import io.alp.engine.model.WorldSpec;

import java.util.Locale;
import java.util.Map;

/** The {@link WorldSpec} of a session on a real agent: the spec as JSON, named after the agent. */
public final class AgentWorlds {

    /** The setting naming the session a world serves: its gateway attributes candidates' calls to it. */
    public static final String SESSION = "session";

    private AgentWorlds() {
    }

    public static WorldSpec ref(AgentWorldSpec spec, long seed) {
        String slug = spec.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return new WorldSpec(AgentWorldSpec.KIND, slug.isEmpty() ? "agent" : slug, spec.toJson(),
                Map.of("seed", Long.toString(seed)));
    }

    public static boolean isAgent(WorldSpec ref) {
        return AgentWorldSpec.KIND.equals(ref.kind());
    }

    public static AgentWorldSpec spec(WorldSpec ref) {
        if (!isAgent(ref)) {
            throw new IllegalArgumentException("world " + ref.name() + " is " + ref.kind() + ", not a real agent");
        }
        return AgentWorldSpec.fromJson(ref.definition());
    }

    /** The world as used by one session: candidates' model calls are attributed to it. */
    public static WorldSpec forSession(WorldSpec ref, String sessionId) {
        if (!isAgent(ref)) {
            return ref;
        }
        Map<String, String> settings = new java.util.TreeMap<>(ref.settings());
        settings.put(SESSION, sessionId);
        return new WorldSpec(ref.kind(), ref.name(), ref.definition(), settings);
    }

    /** The same world with its model exchanges recorded to, or replayed from, a file. */
    public static WorldSpec withRecording(WorldSpec ref, AgentWorldSpec.Recording recording) {
        return new WorldSpec(ref.kind(), ref.name(), spec(ref).withRecording(recording).toJson(), ref.settings());
    }
}
