package io.alp.app;

import io.alp.engine.config.ConfigException;
import io.alp.engine.config.YamlNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/** Reads a YAML config file the user named; a missing file or a bad field becomes bad input naming the file. */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** @param what what the file is, for the message: "session config", "traffic config" */
    public static <T> T parse(Path file, String what, Function<YamlNode, T> parser) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserError.badInput("cannot read " + what + " " + file + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
        try {
            return parser.apply(YamlNode.root(file.toString(), text));
        } catch (ConfigException e) {
            throw UserError.badInput(e.getMessage());
        }
    }
}
