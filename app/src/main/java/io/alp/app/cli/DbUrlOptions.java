package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.cluster.NodeSettings;
import picocli.CommandLine.Option;

import java.util.regex.Pattern;

/**
 * {@code --db-url URL [--db-user U] [--db-password-env VAR]}: a shared database (PostgreSQL) instead of the
 * embedded one. The password never goes on the command line: {@code --db-password-env} names the environment
 * variable that holds it.
 */
public final class DbUrlOptions {

    private static final Pattern PASSWORD_IN_URL = Pattern.compile(
            "(?i)(^jdbc:[^/]*//[^/@?;]*:[^/@?;]*@)|([?&;](password|pwd|passwd|sslpassword)=)");

    @Option(names = "--db-url", paramLabel = "URL",
            description = "A shared database instead of the embedded one, e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/alp?currentSchema=alp (tables are created in that schema).")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (with --db-url).")
    String user;

    @Option(names = "--db-password-env", paramLabel = "VAR",
            description = "The name of the environment variable that holds the database password (with --db-url).")
    String passwordEnv;

    public boolean given() {
        return url != null;
    }

    /** The single-node settings for this database, after checking the options (but not connecting). */
    NodeSettings settings() {
        if (url == null) {
            throw UserError.badInput("--db-url is required");
        }
        String u = url.strip();
        if (!u.startsWith("jdbc:postgresql:") && !u.startsWith("jdbc:h2:")) {
            throw UserError.badInput("--db-url " + u + ": expected a PostgreSQL URL, jdbc:postgresql://HOST:PORT/DB"
                    + " (jdbc:h2:... also works)");
        }
        if (PASSWORD_IN_URL.matcher(u).find()) {
            throw UserError.badInput("--db-url: put no password in the URL, where process lists and logs show it; "
                    + "give the name of an environment variable that holds it with --db-password-env VAR");
        }
        String password = "";
        if (passwordEnv != null) {
            if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw UserError.badInput("--db-password-env takes the NAME of an environment variable (e.g. "
                        + "ALP_DB_PASSWORD), not the password itself");
            }
            password = System.getenv(passwordEnv);
            if (password == null) {
                throw UserError.badInput("--db-password-env " + passwordEnv + ": the environment variable "
                        + passwordEnv + " is not set");
            }
        }
        return NodeSettings.database(u, user == null ? "" : user, password);
    }

    /** Refuses {@code --db-user} or {@code --db-password-env} without {@code --db-url}. */
    void checkConsistent() {
        if (url == null && (user != null || passwordEnv != null)) {
            throw UserError.badInput((user != null ? "--db-user" : "--db-password-env") + " needs --db-url");
        }
    }
}
