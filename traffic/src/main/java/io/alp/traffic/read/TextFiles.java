package io.alp.traffic.read;

import io.alp.engine.traffic.TrafficFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens UTF-8 text files for the readers: a missing file is a {@link TrafficFormatException}, a BOM is skipped. */
public final class TextFiles {

    private static final int BYTE_ORDER_MARK = '\uFEFF';

    private TextFiles() {
    }

    public static BufferedReader open(Path file) {
        if (Files.isDirectory(file)) {
            throw new TrafficFormatException(file + " is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new TrafficFormatException("No such file: " + file);
        }
        try {
            // InputStreamReader replaces invalid UTF-8 instead of failing the whole read
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16);
            reader.mark(1);
            if (reader.read() != BYTE_ORDER_MARK) {
                reader.reset();
            }
            return reader;
        } catch (IOException e) {
            throw new TrafficFormatException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Skips {@code lines} lines (ended by \n, \r or \r\n, as JSON parsers count them) without keeping them. */
    public static void skipLines(BufferedReader reader, long lines) {
        try {
            long skipped = 0;
            while (skipped < lines) {
                int c = reader.read();
                if (c < 0) {
                    return;
                }
                if (c == '\n') {
                    skipped++;
                } else if (c == '\r') {
                    skipped++;
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first character of the file that is not white space, or -1 when there is none. */
    public static int firstNonBlank(Path file) {
        try (BufferedReader reader = open(file)) {
            for (int c = reader.read(); c >= 0; c = reader.read()) {
                if (!Character.isWhitespace(c)) {
                    return c;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new TrafficFormatException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's name, as locations and messages name it. */
    public static String name(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
