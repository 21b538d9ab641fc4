package io.alp.traffic.otlp;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Trace and span ids as lower-case hex. OTLP/JSON writes them in hex, but files made with a generic protobuf JSON
 * printer carry base64 instead; those are converted so that spans of either kind join up.
 */
final class SpanIds {

    private SpanIds() {
    }

    /** The id in lower-case hex, or null when it is absent, empty or all zeros (an invalid id, e.g. no parent). */
    static String normalize(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        boolean hex = true;
        boolean zeros = true;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.digit(c, 16) < 0) {
                hex = false;
                break;
            }
            zeros &= c == '0';
        }
        if (hex) {
            return zeros ? null : id.toLowerCase(java.util.Locale.ROOT);
        }
        if (id.length() == 24 || id.length() == 12) {
            try {
                byte[] bytes = Base64.getDecoder().decode(id);
                return normalize(HexFormat.of().formatHex(bytes));
            } catch (IllegalArgumentException e) {
                return id;
            }
        }
        return id;
    }
}
