package io.alp.evaluator.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Unix-domain socket whose every connection is piped to the gateway's TCP port on 127.0.0.1: the one way out of a
 * sandbox without a network. The socket file lives in a directory that is bind-mounted into the sandbox.
 */
public final class GatewayBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayBridge.class);

    private final Path socket;
    private final int gatewayPort;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(Processes.daemonThreads("gateway-bridge-"));
    private volatile boolean closed;

    private GatewayBridge(Path socket, int gatewayPort) throws IOException {
        this.socket = socket;
        this.gatewayPort = gatewayPort;
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        threads.execute(this::accept);
    }

    /** Listens on {@code socket} and forwards to {@code 127.0.0.1:gatewayPort}. */
    public static GatewayBridge start(Path socket, int gatewayPort) throws IOException {
        if (gatewayPort <= 0 || gatewayPort > 65535) {
            throw new IllegalArgumentException("not a port: " + gatewayPort);
        }
        return new GatewayBridge(socket, gatewayPort);
    }

    public Path socket() {
        return socket;
    }

    private void accept() {
        while (!closed) {
            SocketChannel inside;
            try {
                inside = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("the gateway bridge at {} stopped accepting: {}", socket, e.toString());
                }
                return;
            }
            open.add(inside);
            try {
                threads.execute(() -> connect(inside));
            } catch (RuntimeException rejected) {
                closeQuietly(inside);
            }
        }
    }

    private void connect(SocketChannel inside) {
        SocketChannel outside;
        try {
            outside = SocketChannel.open(new InetSocketAddress("127.0.0.1", gatewayPort));
        } catch (IOException e) {
            log.warn("the gateway bridge could not reach 127.0.0.1:{}: {}", gatewayPort, e.toString());
            closeQuietly(inside);
            return;
        }
        open.add(outside);
        AtomicInteger directions = new AtomicInteger(2);
        try {
            threads.execute(() -> pipe(outside, inside, directions));
        } catch (RuntimeException rejected) {
            closeQuietly(outside);
            closeQuietly(inside);
            return;
        }
        pipe(inside, outside, directions);
    }

    /** Copies until {@code from} ends, then half-closes {@code to}; closes both once both directions are done. */
    private void pipe(SocketChannel from, SocketChannel to, AtomicInteger directions) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
            if (directions.decrementAndGet() > 0) {
                return;
            }
        } catch (IOException e) {
            // one side went away: end both
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    private void closeQuietly(SocketChannel channel) {
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing more to accept either way
        }
        for (SocketChannel channel : open) {
            closeQuietly(channel);
        }
        threads.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the case directory is deleted anyway
        }
    }
}
