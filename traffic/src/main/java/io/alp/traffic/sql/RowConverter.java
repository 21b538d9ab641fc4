package io.alp.traffic.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.traffic.read.BadRecordException;
import io.alp.traffic.read.Json;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One result row as a JSON object in the flat schema, so rows and JSONL lines are mapped by the same code.
 * SQL NULLs are left out; times become ISO-8601 text (a timestamp without time zone is taken as UTC); json and
 * jsonb columns are parsed, so messages in them read as text.
 */
final class RowConverter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResultColumns columns;

    RowConverter(ResultColumns columns) {
        this.columns = columns;
    }

    /** @throws BadRecordException when a value cannot be read; SQLExceptions of the cursor itself pass through */
    ObjectNode convert(ResultSet row) throws SQLException {
        ObjectNode record = NODES.objectNode();
        for (ResultColumns.Column column : columns.all()) {
            JsonNode value;
            try {
                value = value(row, column);
            } catch (SQLException e) {
                throw new BadRecordException(column.name() + " cannot be read: " + e.getMessage());
            }
            if (value != null && !record.has(column.name())) {
                record.set(column.name(), value);
            }
        }
        return record;
    }

    private static JsonNode value(ResultSet row, ResultColumns.Column column) throws SQLException {
        int i = column.index();
        return switch (column.kind()) {
            case BOOLEAN -> {
                boolean value = row.getBoolean(i);
                yield row.wasNull() ? null : NODES.booleanNode(value);
            }
            case INTEGER -> {
                long value = row.getLong(i);
                yield row.wasNull() ? null : NODES.numberNode(value);
            }
            case FLOAT -> {
                double value = row.getDouble(i);
                yield row.wasNull() ? null : NODES.numberNode(value);
            }
            case DECIMAL -> {
                BigDecimal value = row.getBigDecimal(i);
                yield value == null ? null : NODES.numberNode(value);
            }
            case TIMESTAMP_TZ -> {
                OffsetDateTime value = row.getObject(i, OffsetDateTime.class);
                yield value == null ? null : NODES.textNode(value.toInstant().toString());
            }
            case TIMESTAMP -> {
                LocalDateTime value = row.getObject(i, LocalDateTime.class);
                yield value == null ? null : NODES.textNode(value.toInstant(ZoneOffset.UTC).toString());
            }
            case DATE -> {
                LocalDate value = row.getObject(i, LocalDate.class);
                yield value == null ? null : NODES.textNode(value.toString());
            }
            case JSON -> json(row.getString(i), column.name());
            case ARRAY -> array(row.getArray(i));
            case TEXT -> {
                String value = row.getString(i);
                yield value == null ? null : NODES.textNode(value);
            }
        };
    }

    private static JsonNode json(String text, String column) {
        if (text == null) {
            return null;
        }
        try {
            return Json.parseWhole(text);
        } catch (JsonProcessingException e) {
            throw new BadRecordException(column + " is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static JsonNode array(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        ArrayNode values = NODES.arrayNode();
        for (Object element : (Object[]) array.getArray()) {
            if (element != null) {
                values.add(element.toString());
            }
        }
        array.free();
        return values;
    }
}
