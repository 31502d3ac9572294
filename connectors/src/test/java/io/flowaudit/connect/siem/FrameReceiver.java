package io.flowaudit.connect.siem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

/** A TCP (or TLS) server on 127.0.0.1 that keeps every byte each connection sent, in order. */
final class FrameReceiver implements AutoCloseable {

    private final ServerSocket server;
    private final List<ByteArrayOutputStream> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** @param tls the server's TLS context, or null for plain TCP */
    FrameReceiver(int port, SSLContext tls) throws IOException {
        server = tls == null ? new ServerSocket(port, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(port, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "frame-receiver-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                connections.add(received);
                sockets.add(socket);
                Thread reader = new Thread(() -> read(socket, received), "frame-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void read(Socket socket, ByteArrayOutputStream received) {
        byte[] buffer = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                synchronized (received) {
                    received.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // connection closed by either side
        }
    }

    int port() {
        return server.getLocalPort();
    }

    int connectionCount() {
        return connections.size();
    }

    /** The bytes connection {@code index} sent, once at least {@code length} arrived (or the wait ran out). */
    byte[] await(int index, int length, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (connections.size() > index) {
                ByteArrayOutputStream received = connections.get(index);
                synchronized (received) {
                    if (received.size() >= length) {
                        return received.toByteArray();
                    }
                }
            }
            Thread.sleep(5);
        }
        if (connections.size() <= index) {
            return new byte[0];
        }
        synchronized (connections.get(index)) {
            return connections.get(index).toByteArray();
        }
    }

    /** Closes connection {@code index} from the server side, as a restarting receiver would. */
    void closeConnection(int index) throws IOException {
        sockets.get(index).close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
