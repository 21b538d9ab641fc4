package io.alp.engine.traffic;

/** A malformed record that was skipped, e.g. {@code traces.jsonl line 17: not JSON (Unexpected character ...)}. */
public record Problem(String location, String message) {

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
