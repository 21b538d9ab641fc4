package io.alp.app;

import io.alp.app.session.SessionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line explains itself: help, completion, a session file to start from. */
class CliManualTest {

    @TempDir
    Path tmp;

    @Test
    void alpAloneAndAnUnknownCommandPointAtTheHelp() {
        Alp.Result alone = Alp.run().assertExit(1);
        assertTrue(alone.err().contains("see: alp --help (or alp help COMMAND)"), alone::describe);
        assertFalse(alone.err().contains("alp alp"), alone::describe);
        Alp.Result missing = Alp.run("show").assertExit(1);
        assertTrue(missing.err().contains("see: alp show --help"), missing::describe);
    }

    @Test
    void helpDescribesEveryCommandAndEveryArgument() {
        Alp.Result help = Alp.run("help").assertOk();
        for (String command : new String[]{"demo", "run", "show", "tree", "report", "init", "generate-completion"}) {
            assertTrue(help.out().contains(command), command + "\n" + help.describe());
        }
        for (String command : new String[]{"show", "tree", "diff", "promote", "replay", "resume", "stop", "report"}) {
            Alp.Result one = Alp.run("help", command).assertOk();
            assertTrue(one.out().contains("ID ") && one.out().contains("alp sessions lists them"), one::describe);
        }
    }

    @Test
    void completionIsAShellScript() {
        Alp.Result completion = Alp.run("generate-completion").assertOk();
        assertTrue(completion.out().contains("complete -F") && completion.out().contains("alp"),
                completion::describe);
    }

    @Test
    void initWritesACommentedSessionFileThatLoadsAndNeverOverwrites() throws Exception {
        Path file = tmp.resolve("session.yaml");
        Alp.run("init", "--out", file.toString()).assertOk();
        String text = Files.readString(file);
        assertTrue(text.contains("# ") && text.contains("budgetUsd"), text);
        String world = SessionConfig.load(file, tmp.resolve("data")).spec().world().name();
        assertTrue(world.contains("terminal"), world);
        Alp.Result again = Alp.run("init", "--out", file.toString()).assertExit(1);
        assertTrue(again.err().contains("already exists"), again::describe);
        Path agent = tmp.resolve("agent.yaml");
        Alp.run("init", "--agent", "--out", agent.toString()).assertOk();
        String agentText = Files.readString(agent);
        assertTrue(agentText.contains("repo:") && agentText.contains("limits:") && agentText.contains("apiKeyEnv"),
                agentText);
    }
}
