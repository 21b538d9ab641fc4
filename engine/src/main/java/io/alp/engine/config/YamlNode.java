package io.alp.engine.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A YAML node that knows where it is (file, line, field path), so every complaint about it can say so. */
public final class YamlNode {

    private final String file;
    private final String path;
    private final Node node;

    private YamlNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** Composes the document's node tree; syntax errors become {@link ConfigException}s with a line. */
    public static YamlNode root(String file, String text) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            throw new ConfigException(file, line, "", "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, "", "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(file, 0, "", "the file is empty");
        }
        return new YamlNode(file, "", root);
    }

    public YamlNode child(String childPath, Node childNode) {
        return new YamlNode(file, childPath, childNode);
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public Node node() {
        return node;
    }

    public ConfigException error(String problem) {
        return new ConfigException(file, line(), path, problem);
    }

    public YamlMap asMap() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping of fields, got " + describe());
        }
        return new YamlMap(this, mapping);
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    public List<YamlNode> asList() {
        if (!(node instanceof SequenceNode sequence)) {
            throw error("expected a list, got " + describe());
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(child(path + "[" + i + "]", sequence.getValue().get(i)));
        }
        return items;
    }

    public String asString() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("expected a text value, got " + describe());
        }
        return scalar.getValue();
    }

    /** A name used inside agent sources, so it must not contain their delimiters. */
    public String asName() {
        String value = asString().trim();
        if (!value.matches("[A-Za-z0-9_.\\-]+")) {
            throw error("expected a name of letters, digits, '_', '.' or '-', got " + describe());
        }
        return value;
    }

    public double asNumber() {
        String text = asString().trim().replace("_", "");
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw error("expected a number, got " + describe());
    }

    public double asNumberIn(double min, double max) {
        double value = asNumber();
        if (value < min || value > max) {
            throw error("expected a number from " + number(min) + " to " + number(max) + ", got " + number(value));
        }
        return value;
    }

    /** A number as people write it: {@code 5}, not {@code 5.0}. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    public double asNonNegative() {
        return asNumberIn(0, Double.MAX_VALUE);
    }

    public double asPositive() {
        double value = asNumber();
        if (value <= 0) {
            throw error("expected a positive number, got " + number(value));
        }
        return value;
    }

    public boolean asBoolean() {
        String text = asString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw error("expected true or false, got " + describe());
    }

    /** A scalar or a list of scalars, read as a list of names. */
    public List<String> asNameList() {
        if (isScalar()) {
            return List.of(asName());
        }
        List<String> names = new ArrayList<>();
        for (YamlNode item : asList()) {
            names.add(item.asName());
        }
        return names;
    }

    public String describe() {
        if (node instanceof ScalarNode scalar) {
            return "\"" + scalar.getValue() + "\"";
        }
        return node instanceof MappingNode ? "a mapping" : "a list";
    }
}
