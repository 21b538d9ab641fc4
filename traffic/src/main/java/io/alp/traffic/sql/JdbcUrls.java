package io.alp.traffic.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: without user names, passwords or tokens, wherever the URL puts them. */
public final class JdbcUrls {

    private static final Set<String> CREDENTIAL_KEYS = Set.of("user", "username", "uid", "password", "pwd",
            "passwd", "sslpassword", "token", "accesstoken", "access_token");
    private static final Set<String> SECRET_KEYS = Set.of("password", "pwd", "passwd", "sslpassword", "token",
            "accesstoken", "access_token");
    private static final Pattern USER_INFO = Pattern.compile("^(jdbc:[^/]*//)([^/@?;]*)@");

    private JdbcUrls() {
    }

    /**
     * The URL without {@code user:password@}, and without credential parameters after {@code ?} ({@code &}
     * separated) or after {@code ;} (H2, SQL Server style).
     */
    public static String withoutCredentials(String url) {
        String stripped = USER_INFO.matcher(url).replaceFirst("$1");
        String[] segments = stripped.split(";", -1);
        StringBuilder result = new StringBuilder(withoutQueryCredentials(segments[0]));
        for (int i = 1; i < segments.length; i++) {
            if (!CREDENTIAL_KEYS.contains(key(segments[i]))) {
                result.append(';').append(segments[i]);
            }
        }
        return result.toString();
    }

    /** The secret values the URL itself holds (a password in user info or in a parameter), to scrub from text. */
    static List<String> secretsIn(String url) {
        List<String> secrets = new ArrayList<>();
        Matcher userInfo = USER_INFO.matcher(url);
        if (userInfo.find() && userInfo.group(2).contains(":")) {
            secrets.add(userInfo.group(2).substring(userInfo.group(2).indexOf(':') + 1));
        }
        for (String parameter : url.split("[?&;]")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && SECRET_KEYS.contains(key(parameter)) && equals + 1 < parameter.length()) {
                secrets.add(parameter.substring(equals + 1));
            }
        }
        return secrets;
    }

    private static String withoutQueryCredentials(String part) {
        int question = part.indexOf('?');
        if (question < 0) {
            return part;
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : part.substring(question + 1).split("&")) {
            if (!parameter.isEmpty() && !CREDENTIAL_KEYS.contains(key(parameter))) {
                kept.add(parameter);
            }
        }
        return part.substring(0, question) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    private static String key(String parameter) {
        int equals = parameter.indexOf('=');
        return (equals < 0 ? parameter : parameter.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
    }
}
