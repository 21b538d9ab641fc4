package io.alp.engine.model;

/**
 * A world named by the content hash of its {@link WorldSpec}: what events and messages carry instead of the
 * definition. Kind and name are there for people reading logs; the hash alone identifies the world.
 */
public record WorldRef(String hash, String kind, String name) {
    public WorldRef {
        if (hash == null || hash.isBlank()) {
            throw new IllegalArgumentException("a world reference needs the content hash of its definition");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorldRef other && hash.equals(other.hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return name + "@" + hash.substring(0, Math.min(12, hash.length()));
    }
}
