package io.alp.app.console;

import io.alp.app.UserError;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the console listens and the token that guards it. On a loopback address reading needs no token; on any
 * other address every request does. Starting and stopping sessions always need it, so without a token they are
 * refused.
 *
 * @param token the token, or null when none was given
 */
public record ConsoleSettings(String bind, int port, String token) {

    /**
     * The settings from the command line: {@code tokenEnv} names the environment variable holding the token;
     * {@code bindOption} and {@code portOption} are how the command spells its options, for messages.
     */
    public static ConsoleSettings of(String bind, String bindOption, int port, String portOption, String tokenEnv) {
        if (port < 0 || port > 65535) {
            throw UserError.badInput(portOption + " must be 0..65535 (0: any free port), got " + port);
        }
        String token = null;
        if (tokenEnv != null) {
            if (!tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw UserError.badInput("--token-env takes the NAME of an environment variable (e.g. "
                        + "ALP_CONSOLE_TOKEN), not the token itself");
            }
            token = System.getenv(tokenEnv);
            if (token == null || token.isBlank()) {
                throw UserError.badInput("--token-env " + tokenEnv + ": the environment variable " + tokenEnv
                        + " is not set");
            }
            if (token.strip().length() < 16) {
                throw UserError.badInput("--token-env " + tokenEnv + ": the token must be at least 16 characters");
            }
            token = token.strip();
        }
        ConsoleSettings settings = new ConsoleSettings(bind.strip(), port, token);
        if (!settings.loopback() && token == null) {
            throw UserError.badInput(bindOption + " " + bind + " is not a loopback address: anyone who reaches it "
                    + "could read every session, so it needs a token (--token-env NAME)");
        }
        return settings;
    }

    public boolean loopback() {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw UserError.badInput("cannot listen on '" + bind + "': no such address");
        }
    }

    /** Whether reading needs the token too: on any address but loopback. */
    public boolean tokenForReading() {
        return !loopback();
    }
}
