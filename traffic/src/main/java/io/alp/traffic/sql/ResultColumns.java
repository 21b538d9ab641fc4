package io.alp.traffic.sql;

import io.alp.engine.traffic.TrafficFormatException;
import io.alp.traffic.read.FlatRequest;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The columns a query returns, named in lower case as the flat schema names its fields, with how to read each. */
final class ResultColumns {

    enum Kind { TEXT, BOOLEAN, INTEGER, DECIMAL, FLOAT, TIMESTAMP, TIMESTAMP_TZ, DATE, JSON, ARRAY }

    record Column(int index, String name, Kind kind) {
    }

    private final List<Column> columns;

    private ResultColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    static ResultColumns of(ResultSetMetaData metadata) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            String name = metadata.getColumnLabel(i).toLowerCase(Locale.ROOT);
            Kind kind = kind(metadata.getColumnType(i), metadata.getColumnTypeName(i));
            // any other column is an attribute, kept as its text even when it holds JSON or an array
            if ((kind == Kind.JSON || kind == Kind.ARRAY) && !FlatRequest.FIELDS.contains(name)) {
                kind = Kind.TEXT;
            }
            columns.add(new Column(i, name, kind));
        }
        return new ResultColumns(columns);
    }

    List<Column> all() {
        return columns;
    }

    /** @throws TrafficFormatException naming the missing columns and the ones the query returns */
    void requireIdAndInput(String source) {
        List<String> names = columns.stream().map(Column::name).toList();
        List<String> missing = List.of("id", "input").stream().filter(name -> !names.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new TrafficFormatException(source + ": the query returns no " + String.join(" and ", missing)
                    + " column (its columns: " + String.join(", ", names) + "); name them with AS, e.g. "
                    + "SELECT request_id AS id, prompt AS input, ...");
        }
    }

    private static Kind kind(int type, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.equals("json") || name.equals("jsonb")) {
            return Kind.JSON;
        }
        return switch (type) {
            case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGER;
            case Types.DECIMAL, Types.NUMERIC -> Kind.DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> Kind.FLOAT;
            // PostgreSQL reports timestamptz as TIMESTAMP; only its type name tells the zone is kept
            case Types.TIMESTAMP -> name.contains("tz") || name.contains("time zone") ? Kind.TIMESTAMP_TZ
                    : Kind.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP_TZ;
            case Types.DATE -> Kind.DATE;
            case Types.ARRAY -> Kind.ARRAY;
            default -> Kind.TEXT;
        };
    }
}
