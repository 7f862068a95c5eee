package dev.tally.engine.io.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay to a broker whose port refuses connections until {@link #open()}: a broker that is
 * briefly unavailable to a client bootstrapping through it. Stops what it started on {@link #close()}.
 */
final class LateListener implements AutoCloseable {

    private final int port;
    private final int target;
    private final List<java.io.Closeable> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Reserves a free loopback port that relays to {@code targetPort} once opened. */
    LateListener(int targetPort) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        this.target = targetPort;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts accepting and relaying. */
    void open() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        open.add(server);
        Thread accept = new Thread(() -> {
            while (!closed) {
                try {
                    Socket in = server.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(in);
                    open.add(out);
                    pipe(in.getInputStream(), out.getOutputStream());
                    pipe(out.getInputStream(), in.getOutputStream());
                } catch (IOException e) {
                    if (!closed) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }, "late-listener-accept");
        accept.setDaemon(true);
        accept.start();
    }

    private static void pipe(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                // the other side closed the connection: the relay of this connection ends
            }
        }, "late-listener-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (java.io.Closeable c : open) {
            c.close();
        }
    }
}
