package io.alp.traffic.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JdbcUrlsTest {

    @Test
    void dropsCredentialParametersAfterTheQuestionMark() {
        assertEquals("jdbc:postgresql://db.internal:5432/app?ssl=true&sslmode=require",
                JdbcUrls.withoutCredentials(
                        "jdbc:postgresql://db.internal:5432/app?user=alp&password=s3cret&ssl=true&sslmode=require"));
        assertEquals("jdbc:postgresql://db/app", JdbcUrls.withoutCredentials("jdbc:postgresql://db/app?password=x"));
    }

    @Test
    void dropsUserInfoAndSemicolonProperties() {
        assertEquals("jdbc:mysql://db:3306/app", JdbcUrls.withoutCredentials("jdbc:mysql://alp:s3cret@db:3306/app"));
        assertEquals("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1",
                JdbcUrls.withoutCredentials("jdbc:h2:mem:x;USER=sa;PASSWORD=s3cret;DB_CLOSE_DELAY=-1"));
        assertEquals("jdbc:sqlserver://db:1433;databaseName=app",
                JdbcUrls.withoutCredentials("jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=s3cret"));
    }

    @Test
    void leavesAUrlWithoutCredentialsAlone() {
        assertEquals("jdbc:postgresql://127.0.0.1:5432/test",
                JdbcUrls.withoutCredentials("jdbc:postgresql://127.0.0.1:5432/test"));
        assertEquals("jdbc:oracle:thin:@db:1521/app", JdbcUrls.withoutCredentials("jdbc:oracle:thin:@db:1521/app"));
    }

    @Test
    void findsTheSecretsAUrlHolds() {
        assertEquals(List.of("pw1", "pw2"), JdbcUrls.secretsIn("jdbc:mysql://alp:pw1@db/app?password=pw2&x=1"));
        assertEquals(List.of(), JdbcUrls.secretsIn("jdbc:postgresql://db/app?user=alp"));
    }
}
