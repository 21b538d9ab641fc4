package io.alp.engine.config;

/**
 * A configuration file that cannot be used, located by file, line and field,
 * e.g. {@code terminal.yaml line 12, field models[1].priceIn: expected a number, got "cheap"}.
 */
public class ConfigException extends IllegalArgumentException {

    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    public ConfigException(String file, int line, String field, String problem) {
        super(describe(file, line, field, problem));
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    private static String describe(String file, int line, String field, String problem) {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(" line ").append(line);
        }
        if (field != null && !field.isEmpty()) {
            where.append(line > 0 ? ", " : " ").append("field ").append(field);
        }
        return where + ": " + problem;
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
