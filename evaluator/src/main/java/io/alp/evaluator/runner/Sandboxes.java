package io.alp.evaluator.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Chooses a {@link Sandbox} by mode. */
public final class Sandboxes {

    private static final Logger log = LoggerFactory.getLogger(Sandboxes.class);

    public static final String UNSANDBOXED_WARNING = "!!! CANDIDATES RUN WITHOUT A SANDBOX: resource limits only. The agent "
            + "code under evaluation (including every edit the search makes to it) can read the whole disk, write "
            + "wherever this user can and reach the network. Install bubblewrap (apt-get install bubblewrap) and "
            + "socat, or use sandbox mode 'bwrap', to isolate them. !!!";

    private Sandboxes() {
    }

    /** Whether a mode will run candidates isolated here: {@code bwrap}, or {@code auto} with bwrap and socat found. */
    public static boolean isolates(String mode) {
        String m = normalized(mode);
        return m.equals("bwrap") || m.equals("auto") && Processes.find("bwrap").isPresent()
                && Processes.find("socat").isPresent();
    }

    /**
     * @param mode {@code bwrap} (fails unless bwrap and socat are installed), {@code none} (no isolation), or
     *             {@code auto} (bwrap when installed, else none)
     * @throws IllegalArgumentException for an unknown mode
     * @throws IllegalStateException    when bwrap mode is asked for and bwrap or socat is missing
     */
    public static Sandbox create(String mode) {
        String m = normalized(mode);
        Optional<Path> bwrap = Processes.find("bwrap");
        Optional<Path> socat = Processes.find("socat");
        switch (m) {
            case "bwrap" -> {
                if (bwrap.isEmpty()) {
                    throw new IllegalStateException("sandbox mode 'bwrap' needs bubblewrap, which is not on the PATH: "
                            + "install it (apt-get install bubblewrap), or choose sandbox mode 'none'");
                }
                if (socat.isEmpty()) {
                    throw new IllegalStateException("sandbox mode 'bwrap' needs socat to let candidates reach the "
                            + "metering gateway, and it is not on the PATH: install it (apt-get install socat)");
                }
                return new BwrapSandbox(bwrap.get(), socat.get());
            }
            case "auto" -> {
                if (bwrap.isPresent() && socat.isPresent()) {
                    return new BwrapSandbox(bwrap.get(), socat.get());
                }
                log.warn(UNSANDBOXED_WARNING + " (sandbox mode 'auto': " + (bwrap.isEmpty() ? "bwrap" : "socat")
                        + " is not installed)");
                return new UnsandboxedSandbox();
            }
            case "none" -> {
                log.warn(UNSANDBOXED_WARNING + " (sandbox mode 'none')");
                return new UnsandboxedSandbox();
            }
            default -> throw new IllegalArgumentException("unknown sandbox mode '" + mode
                    + "': use bwrap, none or auto");
        }
    }

    private static String normalized(String mode) {
        return mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
    }
}
