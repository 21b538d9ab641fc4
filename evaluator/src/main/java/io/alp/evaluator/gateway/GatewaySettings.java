package io.alp.evaluator.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits the gateway enforces.
 *
 * @param maxCallsPerRun calls a run may start; 0 means unlimited
 * @param maxUsdPerRun   dollars a run may spend; once its attributed cost reaches this, further calls are refused
 *                       (a call already in flight is never cut); 0 means unlimited
 * @param requestTimeout how long the upstream may take to answer (the whole body for a non-streaming call, the
 *                       response headers and any silence between stream chunks for a streaming one)
 * @param maxBodyBytes   the largest request body a candidate may send
 * @param models         the models ({@code provider/model}) a run without a model map may call; empty for any
 *                       priced model. A run with a model map may call only the models its map names.
 */
public record GatewaySettings(int maxCallsPerRun, double maxUsdPerRun, Duration requestTimeout, long maxBodyBytes,
                              java.util.Set<String> models) {

    public static final GatewaySettings DEFAULTS = new GatewaySettings(0, 0, Duration.ofMinutes(5), 32L << 20);

    /** Any priced model may be called. */
    public GatewaySettings(int maxCallsPerRun, double maxUsdPerRun, Duration requestTimeout, long maxBodyBytes) {
        this(maxCallsPerRun, maxUsdPerRun, requestTimeout, maxBodyBytes, java.util.Set.of());
    }

    public GatewaySettings {
        models = models == null ? java.util.Set.of() : java.util.Set.copyOf(models);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxCallsPerRun < 0 || maxUsdPerRun < 0 || Double.isNaN(maxUsdPerRun)) {
            throw new IllegalArgumentException("run caps cannot be negative");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }
}
