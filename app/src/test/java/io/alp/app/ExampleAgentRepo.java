package io.alp.app;

import org.eclipse.jgit.api.Git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The example agent of {@code examples/support-agent}, copied into a git repository of its own. */
final class ExampleAgentRepo {

    private ExampleAgentRepo() {
    }

    /**
     * Copies the example agent to {@code dir/support-agent} and commits it.
     *
     * @return the baseline commit
     */
    static String create(Path dir) throws Exception {
        Path agent = dir.resolve("support-agent");
        copy(Path.of("..", "examples", "support-agent").toAbsolutePath().normalize(), agent);
        try (Git git = Git.init().setDirectory(agent.toFile()).call()) {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage("baseline").setAuthor("dev", "dev@example.com")
                    .setCommitter("dev", "dev@example.com").call().name();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
