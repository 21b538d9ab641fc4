package io.alp.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectCommandTest {

    @TempDir
    Path dir;

    @Test
    void listeningBeyondLoopbackWithoutATokenIsRefusedNamingTheVariable() {
        Alp.Result r = Alp.run("collect", "--dir", dir.toString(), "--bind", "0.0.0.0", "--port", "0",
                "--token-env", "ALP_TEST_TOKEN_THAT_IS_NOT_SET").assertExit(1).assertNoStackTrace();
        assertTrue(r.err().contains("needs a token") && r.err().contains("ALP_TEST_TOKEN_THAT_IS_NOT_SET"),
                r::describe);
    }
}
