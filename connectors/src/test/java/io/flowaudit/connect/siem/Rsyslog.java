package io.flowaudit.connect.siem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslogd (Debian's package) in the foreground on 127.0.0.1: imtcp on a free port, every message's
 * {@code %rawmsg%} appended as one line to {@code received.log} in its directory. Public so that the end-to-end
 * chain test can use it.
 */
public final class Rsyslog implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/rsyslogd"), Path.of("/sbin/rsyslogd"),
            Path.of("/usr/bin/rsyslogd"));

    private final Path dir;
    private final int port;
    private final Path output;
    private Process process;

    private Rsyslog(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.output = dir.resolve("received.log");
    }

    /** The rsyslogd binary, when the package is installed. */
    public static Optional<Path> binary() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    /** Starts rsyslogd on a free loopback port, writing into {@code dir}; waits until it accepts connections. */
    public static Rsyslog start(Path dir) throws IOException, InterruptedException {
        Rsyslog rsyslog = new Rsyslog(dir, freePort());
        rsyslog.launch();
        return rsyslog;
    }

    /** Stops and starts rsyslogd again on the same port and file, as a receiver restart. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path config = dir.resolve("rsyslog.conf");
        Files.writeString(config, String.join("\n",
                "global(workDirectory=\"" + work + "\" maxMessageSize=\"64k\")",
                "module(load=\"imtcp\")",
                "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\")",
                "*.* action(type=\"omfile\" file=\"" + output + "\" template=\"raw\")",
                ""), StandardCharsets.UTF_8);
        Path binary = binary().orElseThrow(() -> new IOException("rsyslogd is not installed"));
        process = new ProcessBuilder(binary.toString(), "-n", "-f", config.toString(), "-i",
                dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.out").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("rsyslogd exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("rsyslogd.out")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("rsyslogd did not listen on 127.0.0.1:" + port + " within 20 s");
    }

    public int port() {
        return port;
    }

    /** The lines written so far. */
    public List<String> lines() throws IOException {
        if (!Files.exists(output)) {
            return List.of();
        }
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    /** The lines, once at least {@code count} arrived or the wait ran out. */
    public List<String> awaitLines(int count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = lines();
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            lines = lines();
        }
        return lines;
    }

    /** How many lines the file has, without holding them all. */
    public long lineCount() throws IOException {
        if (!Files.exists(output)) {
            return 0;
        }
        try (var lines = Files.lines(output, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    private void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
