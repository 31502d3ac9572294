package io.flowaudit.connect.siem;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Builds the TLS context of syslog-tls and https from the {@code siem.ssl.*} settings. */
final class SslContexts {

    private SslContexts() {
    }

    /**
     * The TLS context: the configured trust store (else the JVM's), and the key store when one is configured.
     *
     * @throws ConfigException naming the setting whose store cannot be read (the password is never shown)
     */
    static SSLContext create(SiemSinkConnectorConfig config) {
        try {
            TrustManager[] trust = trustManagers(config);
            KeyManagerFactory keys = null;
            if (!config.keystoreLocation().isEmpty()) {
                KeyStore store = load(SiemSinkConnectorConfig.SSL_KEYSTORE_LOCATION_CONFIG, config.keystoreLocation(),
                        config.keystoreType(), config.keystorePassword());
                Password keyPassword = config.keyPassword() != null ? config.keyPassword()
                        : config.keystorePassword();
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, chars(keyPassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot set up TLS from " + SiemSinkConnectorConfig.SSL_TRUSTSTORE_LOCATION_CONFIG
                    + "/" + SiemSinkConnectorConfig.SSL_KEYSTORE_LOCATION_CONFIG + ": " + e);
        }
    }

    /** TLS parameters: the enabled protocols and, unless disabled, host name verification (HTTPS rules). */
    static SSLParameters parameters(SiemSinkConnectorConfig config, SSLContext context) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(config.enabledProtocols().toArray(String[]::new));
        if (config.verifiesHostname()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return parameters;
    }

    private static TrustManager[] trustManagers(SiemSinkConnectorConfig config) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (config.truststoreLocation().isEmpty()) {
            factory.init((KeyStore) null);
        } else {
            factory.init(load(SiemSinkConnectorConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, config.truststoreLocation(),
                    config.truststoreType(), config.truststorePassword()));
        }
        TrustManager[] managers = factory.getTrustManagers();
        if (config.verifiesHostname()) {
            return managers;
        }
        // java.net.http.HttpClient always verifies host names unless a JVM-wide switch is set; a trust manager
        // whose socket/engine checks skip the endpoint identification honours the per-connector setting instead.
        for (int i = 0; i < managers.length; i++) {
            if (managers[i] instanceof X509TrustManager) {
                managers[i] = new ChainOnlyTrustManager((X509TrustManager) managers[i]);
            }
        }
        return managers;
    }

    private static KeyStore load(String key, String location, String type, Password password)
            throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, chars(password));
            return store;
        } catch (NoSuchFileException e) {
            throw new ConfigException(key, location, "no such file");
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot read the " + type + " store (wrong password or"
                    + " type?): " + e.getMessage());
        }
    }

    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }

    /** Checks the certificate chain only, never the host name (siem.ssl.endpoint.identification.algorithm=""). */
    static final class ChainOnlyTrustManager extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;

        ChainOnlyTrustManager(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
