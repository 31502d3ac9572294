package io.flowaudit.connect.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowaudit.connect.common.TestTaskContext;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * Mutual TLS as Hubble's Helm default sets it up: the server presents a certificate for a name other than the
 * address dialled (so the server name setting matters) and requires a client certificate.
 */
class GrpcTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    @Test
    void shouldStreamOverMutualTlsWithTheConfiguredServerName() throws Exception {
        Pem server = keyPair("server", "CN=relay.hubble-relay.cilium.io", "SAN=dns:relay.hubble-relay.cilium.io");
        Pem client = keyPair("client", "CN=flowaudit", null);
        Server relay = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                        TlsServerCredentials.newBuilder().keyManager(server.cert, server.key).trustManager(client.cert)
                                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build())
                .addService(new FakeObserver(TestFlows.seedFlows())).build().start();
        HubbleSourceTask task = new HubbleSourceTask();
        try {
            Map<String, String> props = new HashMap<>();
            props.put("grpc.targets", "127.0.0.1:" + relay.getPort());
            props.put("grpc.tls.ca.file", server.cert.toString());
            props.put("grpc.tls.cert.file", client.cert.toString());
            props.put("grpc.tls.key.file", client.key.toString());
            props.put("grpc.tls.server.name", "relay.hubble-relay.cilium.io");
            props.put("poll.timeout.ms", "50");
            TestTaskContext context = new TestTaskContext(props);
            task.initialize(context);
            task.start(props);

            List<SourceRecord> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < 64 && System.nanoTime() < deadline) {
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    records.addAll(batch);
                }
            }
            assertThat(records).hasSize(64);
        } finally {
            task.stop();
            relay.shutdownNow();
        }
    }

    private record Pem(File cert, File key) {
    }

    /** A self-signed key pair made with the JDK's keytool, written as PEM certificate and PKCS#8 key. */
    private Pem keyPair(String name, String dname, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
                PASSWORD, "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2"));
        if (san != null) {
            command.addAll(List.of("-ext", san));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Files.writeString(cert, pem("CERTIFICATE", keys.getCertificate(name).getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", keys.getKey(name, PASSWORD.toCharArray()).getEncoded()));
        return new Pem(cert.toFile(), key.toFile());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
