package io.alp.traffic.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream line by line as raw UTF-8 bytes, which Jackson parses fastest, reusing one buffer. A line longer
 * than the limit is skipped to its end without being held, and flagged with {@link #tooLong()}.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1 << 16];
    private int length;
    private long number;
    private boolean tooLong;
    private boolean eof;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                if (eof || !fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int newline = indexOfNewline(chunkPos, chunkEnd);
            int end = newline < 0 ? chunkEnd : newline;
            append(chunkPos, end);
            chunkPos = newline < 0 ? chunkEnd : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        number++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** The 1-based number of the current line. */
    long number() {
        return number;
    }

    boolean tooLong() {
        return tooLong;
    }

    boolean blank() {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk);
        if (n <= 0) {
            eof = n < 0;
            chunkPos = chunkEnd = 0;
            return !eof && fill();
        }
        chunkPos = 0;
        chunkEnd = n;
        return true;
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (tooLong || n == 0) {
            return;
        }
        if (length + n > maxLineBytes) {
            tooLong = true;
            length = 0;
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + n)));
        }
        System.arraycopy(chunk, from, line, length, n);
        length += n;
    }
}
