package io.alp.app.session;

import io.alp.actors.session.SessionSpec;
import io.alp.agentworld.AgentWorlds;
import io.alp.app.ConfigFiles;
import io.alp.engine.config.YamlNode;
import io.alp.traffic.config.TrafficConfig;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads a session YAML file ({@link SessionFile}) into a {@link SessionSpec}. Every complaint names the file, line
 * and field. A relative world path is resolved against the config file's directory.
 */
public final class SessionConfig {

    private SessionConfig() {
    }

    /**
     * A parsed session config: the spec, and where its cases come from: a frozen dataset id, a traffic source
     * to sample, or (both null) the simulated world's own traffic.
     */
    public record SessionSetup(SessionSpec spec, String datasetId, TrafficConfig traffic) {
    }

    public static SessionSetup load(Path file) {
        return load(file, Path.of("alp-data"));
    }

    /** @param workDir where a real agent's source store lives (the data directory) */
    public static SessionSetup load(Path file, Path workDir) {
        return ConfigFiles.parse(file, "session config", root -> parse(file, root, workDir, System::getenv));
    }

    /**
     * Parses a session config sent as text (the console's start request); {@code file} names it in errors and
     * anchors relative paths.
     *
     * @throws io.alp.engine.config.ConfigException naming the line and field of what is wrong
     */
    public static SessionSetup parse(Path file, String text, Path workDir) {
        return parse(file, YamlNode.root(file.toString(), text), workDir, System::getenv);
    }

    private static SessionSetup parse(Path file, YamlNode document, Path workDir, Function<String, String> env) {
        SessionFile config = SessionFile.from(file, document, workDir, env);
        String id = config.id() != null ? config.id() : SessionIds.next(config.world().name());
        try {
            return new SessionSetup(new SessionSpec(id, config.name(), AgentWorlds.forSession(config.world(), id),
                    config.cases(), config.seed(), config.optimizer()), config.datasetId(), config.traffic());
        } catch (IllegalArgumentException e) {
            throw document.error(e.getMessage());
        }
    }
}
