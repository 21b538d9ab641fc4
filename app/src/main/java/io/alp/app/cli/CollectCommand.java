package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.traffic.collect.OtlpReceiver;
import io.alp.traffic.collect.TraceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Receive live traces over OTLP/HTTP (POST /v1/traces, protobuf or JSON, as OpenTelemetry SDKs "
                + "and the Collector's otlphttp exporter send them) and keep them in a directory, oldest deleted "
                + "first beyond the retention limits. Sample from it with source: {kind: collected, path: DIR}. "
                + "Runs until interrupted.")
public final class CollectCommand implements Callable<Integer> {

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where the traces are kept.")
    Path dir;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs a token.")
    String bind;

    @Option(names = "--port", defaultValue = "4318", description = "Port (default: ${DEFAULT-VALUE}, OTLP/HTTP's).")
    int port;

    @Option(names = "--token-env", defaultValue = "ALP_COLLECT_TOKEN", paramLabel = "NAME",
            description = "Environment variable holding the token senders must give as Authorization: Bearer TOKEN "
                    + "(default: ${DEFAULT-VALUE}); when it is unset no token is asked, which only loopback allows.")
    String tokenEnv;

    @Option(names = "--retain-mb", defaultValue = "1024", description = "Keep at most this many MB (default: "
            + "${DEFAULT-VALUE}).")
    long retainMb;

    @Option(names = "--retain-hours", paramLabel = "HOURS", description = "Delete what is older (default: no limit).")
    Long retainHours;

    @Option(names = "--threads", defaultValue = "4", description = "Request handler threads (default: "
            + "${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (retainMb < 1 || threads < 1 || (retainHours != null && retainHours < 1)) {
            throw UserError.badInput("--retain-mb, --retain-hours and --threads must be at least 1");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw UserError.badInput("--bind " + bind + " is not an address of this machine");
        }
        long retainBytes = retainMb << 20;
        TraceStore store = new TraceStore(dir, retainBytes, retainHours == null ? null
                : Duration.ofHours(retainHours), Math.max(1, Math.min(64L << 20, retainBytes / 8)));
        OtlpReceiver receiver;
        try {
            receiver = new OtlpReceiver(address, port, System.getenv(tokenEnv), store, threads);
        } catch (IllegalArgumentException e) {
            throw UserError.badInput(e.getMessage() + " (set " + tokenEnv + ")");
        } catch (java.net.BindException e) {
            throw UserError.badInput("cannot listen on " + bind + ":" + port + ": " + e.getMessage());
        }
        System.out.printf(Locale.ROOT, "collecting OTLP traces on http://%s:%d/v1/traces into %s (keeping %d MB%s)%s%n",
                address.getHostAddress(), receiver.port(), dir.toAbsolutePath(), retainMb,
                retainHours == null ? "" : ", " + retainHours + " h", System.getenv(tokenEnv) == null ? ""
                        : "; senders must give the token from " + tokenEnv);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                receiver.close();
            } catch (IOException e) {
                System.err.println("closing the trace store: " + e.getMessage());
            }
            OtlpReceiver.Counts c = receiver.counts();
            System.out.printf(Locale.ROOT, "received %d requests, %d spans (%d rejected spans, %d refused "
                    + "requests)%n", c.requests(), c.spans(), c.rejectedSpans(), c.refusedRequests());
            stopped.countDown();
        }, "collect-shutdown"));
        stopped.await();
        return 0;
    }
}
