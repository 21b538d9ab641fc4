package io.alp.sim.world;

import io.alp.engine.config.ConfigException;

/**
 * A simulated world definition that cannot be used, located by world (file or bundled name), line and field,
 * e.g. {@code terminal.yaml line 12, field models[1].priceIn: expected a number, got "cheap"}.
 */
public class WorldDefinitionException extends ConfigException {

    public WorldDefinitionException(String world, int line, String field, String problem) {
        super(world, line, field, problem);
    }

    WorldDefinitionException(ConfigException located) {
        this(located.file(), located.line(), located.field(), located.problem());
    }

    /** The world file or bundled name the problem is in. */
    public String world() {
        return file();
    }
}
