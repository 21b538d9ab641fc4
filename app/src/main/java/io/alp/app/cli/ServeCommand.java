package io.alp.app.cli;

import io.alp.app.console.ConsoleServer;
import io.alp.app.console.ConsoleSettings;
import io.alp.app.console.LazyNode;
import io.alp.app.console.NodeSessionControl;
import io.alp.cluster.JournalAccess;
import io.alp.cluster.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the live console: a JSON API and a web dashboard of every session in the database, "
                + "updated as sessions run.",
                "Sessions started through the API run in this process (or, with --seeds, on the cluster)."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Mixin
    ClusterOption cluster;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs "
                    + "--token-env.")
    String bind;

    @Option(names = "--token-env", paramLabel = "NAME",
            description = "The name of the environment variable holding the console's token: needed to start and "
                    + "stop sessions, and for everything on a non-loopback address.")
    String tokenEnv;

    @Override
    public Integer call() {
        ConsoleSettings console = ConsoleSettings.of(bind, "--bind", port, "--port", tokenEnv);
        NodeSettings settings = cluster.settings(data, false);
        try (JournalAccess access = JournalAccess.open(settings); LazyNode node = new LazyNode(settings)) {
            if (cluster.given()) {
                node.get(); // a client joins the cluster before it says it is ready
            }
            ConsoleServer server = ConsoleServer.start(access.system(), access.reader(),
                    new NodeSessionControl(settings, node, System.err, cluster.given()), console, data.workDir());
            System.out.println("console: " + server.url() + (console.token() == null
                    ? " (starting and stopping sessions needs --token-env)" : ""));
            System.out.flush();
            access.system().getWhenTerminated().toCompletableFuture().join(); // until Ctrl-C or SIGTERM
            server.close();
        }
        return 0;
    }
}
