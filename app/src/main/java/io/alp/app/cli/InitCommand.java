package io.alp.app.cli;

import io.alp.app.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a commented session file to start from: the simulated world by default, or your own "
                + "agent program with --agent.")
public final class InitCommand implements Callable<Integer> {

    @Option(names = "--agent", description = "A session on your own agent program with real models.")
    boolean agent;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "session.yaml",
            description = "Where to write it (default: ${DEFAULT-VALUE}); an existing file is never overwritten.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out)) {
            throw UserError.badInput(out + " already exists: choose another file with --out");
        }
        String template = agent ? "agent-session.yaml" : "sim-session.yaml";
        try (InputStream in = InitCommand.class.getResourceAsStream("/templates/" + template)) {
            if (in == null) {
                throw new IllegalStateException("the template " + template + " is missing from alp's jar");
            }
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.write(out, in.readAllBytes());
        }
        System.out.println("wrote " + out + "; edit it, then: alp run " + out);
        return 0;
    }
}
