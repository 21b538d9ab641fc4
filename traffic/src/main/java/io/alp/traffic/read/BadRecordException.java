package io.alp.traffic.read;

/** One record (a line, a trace, a row) cannot be turned into a request; the message names the field at fault. */
public final class BadRecordException extends RuntimeException {

    public BadRecordException(String message) {
        super(message);
    }
}
