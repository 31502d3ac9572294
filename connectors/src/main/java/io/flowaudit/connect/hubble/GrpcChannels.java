package io.flowaudit.connect.hubble;

import java.io.File;
import java.io.IOException;

import org.apache.kafka.connect.errors.ConnectException;

import io.flowaudit.connect.common.Version;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;

/**
 * The production {@link ChannelFactory}: a Netty channel, plaintext or TLS (CA, optional client certificate for
 * mutual TLS as Hubble's default Helm setup requires, optional server name for SNI and certificate checks).
 */
final class GrpcChannels {
    private GrpcChannels() {
    }

    static ManagedChannel open(String target, HubbleSourceConnectorConfig config) {
        ChannelCredentials credentials = config.getBoolean(HubbleSourceConnectorConfig.GRPC_PLAINTEXT_CONFIG)
                ? InsecureChannelCredentials.create() : tls(config);
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, credentials)
                .maxInboundMessageSize(config.getInt(HubbleSourceConnectorConfig.GRPC_MAX_MESSAGE_BYTES_CONFIG))
                .userAgent("flowaudit-hubble-source/" + Version.get());
        String serverName = config.getString(HubbleSourceConnectorConfig.GRPC_TLS_SERVER_NAME_CONFIG);
        if (!serverName.isBlank()) {
            builder.overrideAuthority(serverName.strip());
        }
        return builder.build();
    }

    private static ChannelCredentials tls(HubbleSourceConnectorConfig config) {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        String ca = config.getString(HubbleSourceConnectorConfig.GRPC_TLS_CA_FILE_CONFIG);
        String cert = config.getString(HubbleSourceConnectorConfig.GRPC_TLS_CERT_FILE_CONFIG);
        String key = config.getString(HubbleSourceConnectorConfig.GRPC_TLS_KEY_FILE_CONFIG);
        String current = HubbleSourceConnectorConfig.GRPC_TLS_CA_FILE_CONFIG;
        try {
            if (!ca.isBlank()) {
                tls.trustManager(new File(ca));
            }
            if (!cert.isBlank()) {
                current = HubbleSourceConnectorConfig.GRPC_TLS_CERT_FILE_CONFIG + "/"
                        + HubbleSourceConnectorConfig.GRPC_TLS_KEY_FILE_CONFIG;
                tls.keyManager(new File(cert), new File(key));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectException("cannot load the TLS material of " + current + ": " + e.getMessage(), e);
        }
        return tls.build();
    }
}
