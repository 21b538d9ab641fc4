package io.alp.traffic.store;

/** JDBC URLs as they may be shown: without a password or user info. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    public static String withoutCredentials(String url) {
        return url.replaceAll("(?i)([?&;](password|pass|pwd)=)[^&;]*", "$1***")
                .replaceAll("//[^/@?;]*@", "//");
    }
}
