package io.alp.actors;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worker actors own their protocols: the evaluator pool, the proposer and the frontier declare their requests and
 * replies, and callers adapt the replies. Arrows point from the session and node actors to the workers, never back,
 * so no worker source names the node or session packages (by import or fully qualified).
 */
class WorkerDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/alp/actors");
    private static final List<String> WORKERS = List.of("evaluation", "proposer", "frontier");
    private static final Pattern CALLERS = Pattern.compile("io\\.alp\\.actors\\.(node|session)\\b");

    @Test
    void noWorkerActorNamesTheNodeOrSessionPackages() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (String worker : WORKERS) {
            Path dir = SOURCES.resolve(worker);
            assertTrue(Files.isDirectory(dir), "worker package " + dir.toAbsolutePath() + " exists");
            try (Stream<Path> sources = Files.walk(dir)) {
                for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = CALLERS.matcher(lines.get(i));
                        if (m.find()) {
                            violations.add(SOURCES.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertTrue(files >= 5, "found the worker sources: " + files);
        assertEquals(List.of(), violations, "worker actors that reach back into their callers");
    }

    @Test
    void theScanFindsAReferenceBackWhereThereIsOne() {
        assertTrue(CALLERS.matcher("import io.alp.actors.node.NodeActor;").find());
        assertTrue(CALLERS.matcher("ActorRef<io.alp.actors.session.SessionActor.Command> s;").find());
        assertFalse(CALLERS.matcher("import io.alp.actors.nodes.Other;").find());
    }
}
