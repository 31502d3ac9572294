package io.flowaudit.connect.hubble;

import io.grpc.ManagedChannel;

/** Opens the gRPC channel of one target; tests substitute an in-process channel. */
@FunctionalInterface
interface ChannelFactory {
    /**
     * @param target the target as configured in {@code grpc.targets}
     * @param config the task configuration (TLS settings, message size)
     */
    ManagedChannel open(String target, HubbleSourceConnectorConfig config);
}
