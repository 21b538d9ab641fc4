package io.alp.engine.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A YAML mapping read field by field, refusing duplicate and unknown fields and naming missing ones. */
public final class YamlMap {

    private final YamlNode self;
    private final Map<String, YamlNode> fields = new LinkedHashMap<>();
    private final Map<String, YamlNode> keys = new LinkedHashMap<>();

    public YamlMap(YamlNode self, MappingNode mapping) {
        this.self = self;
        for (NodeTuple tuple : mapping.getValue()) {
            YamlNode keyNode = self.child(self.path(), tuple.getKeyNode());
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw keyNode.error("expected a field name, got " + keyNode.describe());
            }
            String name = key.getValue();
            String childPath = self.path().isEmpty() ? name : self.path() + "." + name;
            YamlNode located = self.child(childPath, tuple.getKeyNode());
            if (fields.containsKey(name)) {
                throw located.error("duplicate field");
            }
            keys.put(name, located);
            fields.put(name, self.child(childPath, tuple.getValueNode()));
        }
    }

    public YamlNode self() {
        return self;
    }

    public Set<String> names() {
        return fields.keySet();
    }

    /** The line of a field's key, for complaints about the field as a whole. */
    public YamlNode key(String name) {
        return keys.get(name);
    }

    public YamlMap allowOnly(String... allowed) {
        List<String> known = List.of(allowed);
        for (String name : fields.keySet()) {
            if (!known.contains(name)) {
                throw keys.get(name).error("unknown field; expected one of " + String.join(", ", known));
            }
        }
        return this;
    }

    public YamlNode required(String name) {
        YamlNode value = fields.get(name);
        if (value == null) {
            String childPath = self.path().isEmpty() ? name : self.path() + "." + name;
            throw new ConfigException(self.file(), self.line(), childPath, "required field is missing");
        }
        return value;
    }

    public Optional<YamlNode> optional(String name) {
        return Optional.ofNullable(fields.get(name));
    }
}
