package io.alp.traffic.otlp;

/** A line that cannot be read as an OTLP export request; the message says why, for the read report. */
final class MalformedLineException extends Exception {

    MalformedLineException(String message) {
        super(message, null, false, false);
    }
}
