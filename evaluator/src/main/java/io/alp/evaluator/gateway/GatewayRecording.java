package io.alp.evaluator.gateway;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Whether the gateway records its model exchanges, or answers from such a recording without contacting any provider.
 *
 * <p>A recording is a JSON Lines file, one exchange a line: the run's case and node, the protocol, the request body
 * as sent upstream (after model mapping; it holds neither the provider's key nor the run token), and the provider's
 * status, content type and whole response body (a stream's complete event bytes), or the failure met instead. An
 * exchange is keyed by {@code caseId/nodeId/SHA-256 of that request body}: identical requests of one case and node
 * are answered in recorded order, the last answer again once they are used up.
 *
 * @param file the recording; null only when {@code mode} is {@link Mode#OFF}
 */
public record GatewayRecording(Mode mode, Path file) {

    public enum Mode {
        /** Forward, record nothing. */
        OFF,
        /** Forward, and append every exchange to the file as it completes (a resumed session appends). */
        RECORD,
        /** Never forward: answer every request from the file; no provider key is needed. */
        REPLAY
    }

    public static final GatewayRecording OFF = new GatewayRecording(Mode.OFF, null);

    public GatewayRecording {
        Objects.requireNonNull(mode, "mode");
        if (mode != Mode.OFF && file == null) {
            throw new IllegalArgumentException("a gateway recording in mode " + mode + " needs a file");
        }
    }

    public static GatewayRecording record(Path file) {
        return new GatewayRecording(Mode.RECORD, file);
    }

    public static GatewayRecording replay(Path file) {
        return new GatewayRecording(Mode.REPLAY, file);
    }
}
