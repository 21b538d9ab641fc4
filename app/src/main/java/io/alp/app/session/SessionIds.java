package io.alp.app.session;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Readable, unique session ids: the world or agent name, the start time, and a random suffix. */
public final class SessionIds {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private SessionIds() {
    }

    public static String next(String name) {
        String base = name.replaceAll(".*/", "").replaceAll("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9_-]", "-");
        return base + "-" + LocalDateTime.now().format(TIME) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }
}
