package io.alp.sim;

import io.alp.engine.model.WorldSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The simulated worlds shipped with ALP, and world files on disk. */
public final class SimWorlds {

    public static final String KIND = "sim";
    private static final List<String> BUNDLED = List.of("terminal", "support", "analyst");

    private SimWorlds() {
    }

    public static List<String> bundled() {
        return BUNDLED;
    }

    /**
     * The YAML text of a bundled world ({@code terminal}, {@code support}, {@code analyst}) or of a world file.
     *
     * @throws IllegalArgumentException listing the bundled names when it is neither
     */
    public static String definition(String nameOrPath) {
        String bundledName = nameOrPath == null ? "" : nameOrPath.replaceFirst("\\.ya?ml$", "");
        if (BUNDLED.contains(bundledName)) {
            return resource("/worlds/" + bundledName + ".yaml");
        }
        Path file = nameOrPath == null ? null : Path.of(nameOrPath);
        if (file != null && Files.isRegularFile(file)) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read simulated world file " + file + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("no simulated world \"" + nameOrPath + "\": it is neither a bundled world ("
                + String.join(", ", BUNDLED) + ") nor a readable file");
    }

    /** How errors name a world: {@code terminal.yaml} for a bundled name, the path itself for a file. */
    public static String fileName(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            return "world.yaml";
        }
        return nameOrPath.matches(".*\\.ya?ml$") ? nameOrPath : nameOrPath + ".yaml";
    }

    /** A self-contained reference to a simulated world, for a session. */
    public static WorldSpec ref(String nameOrPath, SimulationConfig settings) {
        return new WorldSpec(KIND, nameOrPath, definition(nameOrPath), settings.settings());
    }

    private static String resource(String path) {
        try (InputStream in = SimWorlds.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("bundled world " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
