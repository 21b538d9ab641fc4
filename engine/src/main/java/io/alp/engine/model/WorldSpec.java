package io.alp.engine.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A world as a session was given it, self-contained so that any cluster node can build its ports: the kind
 * ({@code sim} for the simulated world), a name, the full definition text, and settings. Events and messages carry
 * its {@link #ref()}, which names it by content hash; the definition itself is stored once, where every node can
 * look it up.
 */
public record WorldSpec(String kind, String name, String definition, Map<String, String> settings) {
    public WorldSpec {
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    /** This definition's reference: the same kind, name, text and settings always give the same hash. */
    public WorldRef ref() {
        return new WorldRef(hash(), kind, name);
    }

    private String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            field(sha, kind);
            field(sha, name);
            field(sha, definition);
            for (var e : settings.entrySet()) { // sorted: settings is a TreeMap
                field(sha, e.getKey());
                field(sha, e.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(MessageDigest sha, String value) {
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(value == null ? -1 : bytes.length).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) ':');
        sha.update(bytes);
    }
}
