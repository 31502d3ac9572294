package io.flowaudit.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throw-away certificates for TLS tests, made with the JDK's keytool (the JDK has no public API to issue a
 * certificate): a registry key pair for 127.0.0.1, a client key pair, and a trust store for each side.
 */
final class TestTls {

    static final String STORE_PASSWORD = "store-secret";
    static final String CLIENT_NAME = "CN=flowaudit-client";

    final Path serverKeyStore;
    final Path clientTrustStore;
    final Path clientKeyStore;
    final Path serverTrustStore;

    private TestTls(Path dir) {
        serverKeyStore = dir.resolve("registry.p12");
        clientTrustStore = dir.resolve("client-trust.p12");
        clientKeyStore = dir.resolve("client.p12");
        serverTrustStore = dir.resolve("registry-trust.p12");
    }

    static TestTls create(Path dir) throws IOException, InterruptedException {
        TestTls tls = new TestTls(dir);
        keyPair(tls.serverKeyStore, "registry", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
        keyPair(tls.clientKeyStore, "client", CLIENT_NAME, null);
        // Trust stores are written in Java: four keytool runs fewer, each a JVM start.
        trust(tls.clientTrustStore, "registry", tls.serverKeyStore);
        trust(tls.serverTrustStore, "client", tls.clientKeyStore);
        return tls;
    }

    /** The registry's side: its key, and (for mutual TLS) trust in the client's certificate. */
    SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(serverKeyStore), STORE_PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(serverTrustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keyPair(Path store, String alias, String dname, String san)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
        if (san != null) {
            args.addAll(List.of("-ext", san));
        }
        keytool(args);
    }

    /** Writes a trust store holding the certificate of {@code alias} from {@code keyStore}. */
    private static void trust(Path trustStore, String alias, Path keyStore) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(alias, load(keyStore).getCertificate(alias));
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, STORE_PASSWORD.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write trust store " + trustStore, e);
        }
    }

    private static void keytool(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args.get(0) + " failed: " + output);
        }
    }
}
