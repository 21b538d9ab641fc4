package io.alp.evaluator.gateway;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/** The open runs by their token. */
final class RunRegistry {

    static final String TOKEN_PREFIX = "alp-run-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentHashMap<String, RunState> runs = new ConcurrentHashMap<>();
    private final GatewayLedger ledger;

    RunRegistry(GatewayLedger ledger) {
        this.ledger = ledger;
    }

    /** @return the new run's token */
    String open(RunScope scope) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        runs.put(token, new RunState(scope, ledger));
        ledger.runOpened(scope);
        return token;
    }

    /** The open run with this token, or null. */
    RunState find(String token) {
        return token == null ? null : runs.get(token);
    }

    /** Removes and returns the open run with this token, or null. */
    RunState remove(String token) {
        return token == null ? null : runs.remove(token);
    }
}
