package io.flowaudit.connect.hubble;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.FieldMask;

import io.flowaudit.connect.common.AvroValueEncoder;
import io.flowaudit.connect.common.Backoff;
import io.flowaudit.connect.hubble.api.flow.LostEvent;
import io.flowaudit.connect.hubble.api.observer.GetFlowsRequest;
import io.flowaudit.connect.hubble.api.observer.GetFlowsResponse;
import io.flowaudit.connect.hubble.api.observer.ObserverGrpc;
import io.flowaudit.connect.hubble.api.relay.NodeStatusEvent;
import io.flowaudit.connect.hubble.api.relay.NodeState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * One {@code GetFlows} follow stream to one target: a thread that opens the stream and reopens it with
 * exponential backoff when it fails or the server ends it, resuming with {@code since} = the time of the last
 * flow queued (skipping that flow's uuid when it comes again). Each flow is converted to a record on the
 * transport thread as it arrives and put on the task's queue; when the queue fills up the stream stops asking
 * for messages ({@link ResponseObserver}), so gRPC flow control holds the server back.
 *
 * <p>Source partition {@code {"hubble.target": target}}; source offset {@code {"time_nanos": flow time,
 * "uuid": flow uuid}} of each record, so a restarted task resumes from the last flow the worker committed.
 */
final class GrpcFlowStream implements Runnable {
    static final String PARTITION_TARGET = "hubble.target";
    static final String OFFSET_TIME_NANOS = "time_nanos";
    static final String OFFSET_UUID = "uuid";
    /** Messages asked for ahead of the one being handled. */
    static final int WINDOW = 64;

    private static final Logger LOGGER = LoggerFactory.getLogger(GrpcFlowStream.class);

    private final String target;
    private final Map<String, String> partition;
    private final ManagedChannel channel;
    private final GetFlowsRequest baseRequest;
    private final BlockingQueue<SourceRecord> queue;
    private final String topic;
    private final AvroValueEncoder<io.flowaudit.schemas.avro.Flow> encoder;
    private final HubbleSourceMetrics metrics;
    private final Backoff backoff;
    private final long overlapNanos;
    private final long startNanos;
    private final long initialLookbackNanos;
    private final Thread thread;
    /** Free queue slots below which the stream stops asking for messages (every stream's window fits). */
    private final int lowWater;
    /** The stream being read, for {@link #resumeIfStalled()}; null between streams. */
    private volatile ResponseObserver current;

    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /** Time of the last flow queued, -1 before the first (and with no stored offset). */
    private long lastTimeNanos = -1;
    private String lastUuid = "";
    /** After a resume, the flow at exactly {@code since} that was already delivered; null once passed. */
    private String skipUuid;
    private long skipTimeNanos;
    private boolean connectedBefore;

    GrpcFlowStream(String target, ManagedChannel channel, HubbleSourceConnectorConfig config,
                   BlockingQueue<SourceRecord> queue, HubbleSourceMetrics metrics, Map<String, Object> storedOffset) {
        this.target = Objects.requireNonNull(target, "target can't be null");
        this.partition = partition(target);
        this.channel = channel;
        this.queue = queue;
        this.metrics = metrics;
        this.topic = config.topic();
        this.encoder = AvroValueEncoder.flows(config.originals(), topic);
        GetFlowsRequest.Builder request = GetFlowsRequest.newBuilder().setFollow(true)
                .addAllWhitelist(config.allowFilters()).addAllBlacklist(config.denyFilters());
        List<String> mask = config.getList(HubbleSourceConnectorConfig.GRPC_FIELD_MASK_CONFIG);
        if (!mask.isEmpty()) {
            request.setFieldMask(FieldMask.newBuilder().addAllPaths(mask));
        }
        this.baseRequest = request.build();
        this.backoff = new Backoff(config.getLong(HubbleSourceConnectorConfig.GRPC_BACKOFF_INITIAL_MS_CONFIG),
                config.getLong(HubbleSourceConnectorConfig.GRPC_BACKOFF_MAX_MS_CONFIG));
        this.overlapNanos = TimeUnit.MILLISECONDS.toNanos(
                config.getLong(HubbleSourceConnectorConfig.GRPC_RESUME_OVERLAP_MS_CONFIG));
        this.initialLookbackNanos = TimeUnit.MILLISECONDS.toNanos(
                config.getLong(HubbleSourceConnectorConfig.GRPC_INITIAL_LOOKBACK_MS_CONFIG));
        this.startNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        resumeFrom(storedOffset);
        this.thread = new Thread(this, "flowaudit-hubble-grpc-" + target);
        this.thread.setDaemon(true);
        // room for every stream's window, so that handling a message never waits for queue space (a small queue
        // shared by many targets may still make it wait: the stream then resumes when the worker drained it)
        this.lowWater = Math.min(WINDOW * config.grpcTargets().size() + 1,
                config.getInt(HubbleSourceConnectorConfig.GRPC_QUEUE_CAPACITY_CONFIG) / 2);
    }

    /** The source partition of a target's records. */
    static Map<String, String> partition(String target) {
        return Map.of(PARTITION_TARGET, target);
    }

    void start() {
        thread.start();
    }

    /** The error that ended the stream for good, if any (checked by the task's poll). */
    RuntimeException failure() {
        return failure;
    }

    /** Stops the stream: cancels the call, closes the channel, waits briefly for the thread. */
    void close() {
        running = false;
        channel.shutdownNow();
        thread.interrupt();
        try {
            thread.join(5_000);
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        encoder.close();
    }

    @Override
    public void run() {
        while (running) {
            try {
                streamOnce();
                if (running) {
                    LOGGER.info("Hubble {}: the server ended the GetFlows stream; reopening it", target);
                }
            } catch (StatusRuntimeException e) {
                if (!running) {
                    break;
                }
                if (isPermanent(e.getStatus())) {
                    failure = new org.apache.kafka.connect.errors.ConnectException("Hubble " + target
                            + " refused GetFlows: " + e.getStatus(), e);
                    LOGGER.error("Hubble {}: GetFlows failed for good: {}", target, e.getStatus());
                    break;
                }
                LOGGER.warn("Hubble {}: GetFlows stream failed after {} consecutive attempt(s): {}", target,
                        backoff.failures() + 1, e.getStatus(), LOGGER.isDebugEnabled() ? e : null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                failure = e;
                LOGGER.error("Hubble {}: GetFlows stream stopped by an unexpected error", target, e);
                break;
            }
            if (!sleep(backoff.nextDelayMs())) {
                break;
            }
            metrics.reconnects.incrementAndGet();
        }
    }

    private void streamOnce() throws InterruptedException {
        GetFlowsRequest request = request();
        LOGGER.info("Hubble {}: opening GetFlows (follow{})", target, request.hasSince()
                ? ", since " + java.time.Instant.ofEpochSecond(request.getSince().getSeconds(),
                request.getSince().getNanos()) : ", new flows only");
        connectedBefore = true;
        if (lastTimeNanos >= 0 && !lastUuid.isEmpty()) {
            // `since` is inclusive: the last flow delivered comes again first
            skipUuid = lastUuid;
            skipTimeNanos = lastTimeNanos;
        }
        ResponseObserver observer = new ResponseObserver();
        current = observer;
        // callbacks run on the transport thread: a hand-off to another thread per message cost two thirds of the
        // throughput here; flow control is manual instead, so that the callback never waits for queue space
        ObserverGrpc.newStub(channel).withExecutor(Runnable::run).getFlows(request, observer);
        try {
            observer.ended.await();
        } catch (InterruptedException e) {
            observer.cancel();
            throw e;
        } finally {
            current = null;
        }
        if (observer.error instanceof RuntimeException e && !(e instanceof StatusRuntimeException)) {
            throw e; // ours, not the stream's: not retried
        }
        if (observer.error != null) {
            throw Status.fromThrowable(observer.error).asRuntimeException();
        }
    }

    /**
     * Asks the current stream for more messages if it stopped because the queue was nearly full and there is room
     * again; called by the task thread after each poll.
     */
    void resumeIfStalled() {
        ResponseObserver observer = current;
        if (observer != null) {
            observer.resumeIfStalled();
        }
    }

    /**
     * Receives one GetFlows stream on the transport thread, with manual flow control: {@link #WINDOW} messages
     * are asked for at first and one more after each message while the queue has room for every stream's window
     * ({@link #lowWater}); below that the stream stalls, and the task thread resumes it once it drained the queue.
     * The queue therefore never makes this thread wait, and gRPC flow control holds the server back meanwhile.
     */
    private final class ResponseObserver implements ClientResponseObserver<GetFlowsRequest, GetFlowsResponse> {
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicBoolean stalled = new AtomicBoolean();
        private volatile ClientCallStreamObserver<GetFlowsRequest> call;
        private volatile Throwable error;
        private boolean first = true;

        @Override
        public void beforeStart(ClientCallStreamObserver<GetFlowsRequest> requestStream) {
            this.call = requestStream;
            requestStream.disableAutoRequestWithInitial(WINDOW);
        }

        @Override
        public void onNext(GetFlowsResponse response) {
            if (first) {
                backoff.reset();
                first = false;
            }
            try {
                handle(response);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                return;
            } catch (RuntimeException e) {
                error = e;
                cancel();
                return;
            }
            if (queue.remainingCapacity() >= lowWater) {
                call.request(1);
            } else {
                stalled.set(true);
                resumeIfStalled(); // the task may have drained the queue in the meantime
            }
        }

        void resumeIfStalled() {
            if (queue.remainingCapacity() >= lowWater && stalled.compareAndSet(true, false)) {
                call.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            if (error == null) {
                error = t;
            }
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }

        void cancel() {
            ClientCallStreamObserver<GetFlowsRequest> current = call;
            if (current != null) {
                current.cancel("flowaudit Hubble source stopping", null);
            }
        }
    }

    /** The request: resume from the last flow, else the initial lookback, else only new flows. */
    GetFlowsRequest request() {
        GetFlowsRequest.Builder request = baseRequest.toBuilder();
        if (lastTimeNanos >= 0) {
            request.setSince(ProtoFlows.timestamp(Math.max(0, lastTimeNanos - overlapNanos)));
        } else if (initialLookbackNanos > 0 || connectedBefore) {
            // a reconnect before the first flow must not skip what happened while disconnected
            request.setSince(ProtoFlows.timestamp(Math.max(0, startNanos - initialLookbackNanos)));
        }
        return request.build();
    }

    private void handle(GetFlowsResponse response) throws InterruptedException {
        switch (response.getResponseTypesCase()) {
            case FLOW:
                handleFlow(response);
                break;
            case LOST_EVENTS:
                lost(response.getLostEvents(), response.getNodeName());
                break;
            case NODE_STATUS:
                nodeStatus(response.getNodeStatus());
                break;
            default:
                LOGGER.debug("Hubble {}: ignoring a GetFlowsResponse with no known content", target);
        }
    }

    private void handleFlow(GetFlowsResponse response) throws InterruptedException {
        io.flowaudit.connect.hubble.api.flow.Flow flow = response.getFlow();
        long time = flow.hasTime() ? ProtoFlows.nanos(flow.getTime())
                : response.hasTime() ? ProtoFlows.nanos(response.getTime()) : 0;
        if (skipUuid != null) {
            if (time == skipTimeNanos && skipUuid.equals(flow.getUuid())) {
                skipUuid = null;
                return;
            }
            if (time > skipTimeNanos) {
                skipUuid = null;
            }
        }
        io.flowaudit.schemas.avro.Flow avro;
        byte[] value;
        try {
            avro = ProtoFlows.toAvro(response);
            if (avro.getUuid().isEmpty()) {
                avro.setUuid("flowaudit-hubble-" + avro.getNodeName() + "-" + time);
            }
            value = encoder.encode(avro);
        } catch (RuntimeException e) {
            metrics.badRecords.incrementAndGet();
            LOGGER.warn("Hubble {}: skipped flow {} that could not be converted: {}", target, flow.getUuid(),
                    e.toString(), LOGGER.isDebugEnabled() ? e : null);
            return;
        }
        Map<String, Object> offset = Map.of(OFFSET_TIME_NANOS, time, OFFSET_UUID, avro.getUuid());
        queue.put(new SourceRecord(partition, offset, topic, null, Schema.STRING_SCHEMA, avro.getNodeName(),
                Schema.BYTES_SCHEMA, value));
        metrics.flows.incrementAndGet();
        if (time > 0) {
            lastTimeNanos = time;
            lastUuid = avro.getUuid();
        }
    }

    private void lost(LostEvent lost, String node) {
        metrics.lostEventNotices.incrementAndGet();
        metrics.lostEvents.addAndGet(lost.getNumEventsLost());
        LOGGER.warn("Hubble {}: {} events lost at {} on node {}{} between {} and {}", target,
                Long.toUnsignedString(lost.getNumEventsLost()), lost.getSource(), node.isEmpty() ? "?" : node,
                lost.hasCpu() ? " (cpu " + lost.getCpu().getValue() + ")" : "",
                lost.hasFirst() ? ProtoFlows.nanos(lost.getFirst()) : "?",
                lost.hasLast() ? ProtoFlows.nanos(lost.getLast()) : "?");
    }

    private void nodeStatus(NodeStatusEvent status) {
        metrics.nodeStatusEvents.incrementAndGet();
        if (status.getStateChange() == NodeState.NODE_CONNECTED) {
            LOGGER.info("Hubble {}: node(s) {} connected", target, status.getNodeNamesList());
        } else {
            LOGGER.warn("Hubble {}: node(s) {} {}{}", target, status.getNodeNamesList(), status.getStateChange(),
                    status.getMessage().isEmpty() ? "" : ": " + status.getMessage());
        }
    }

    private void resumeFrom(Map<String, Object> stored) {
        if (stored == null || !(stored.get(OFFSET_TIME_NANOS) instanceof Number time)) {
            return;
        }
        lastTimeNanos = time.longValue();
        lastUuid = stored.get(OFFSET_UUID) instanceof String uuid ? uuid : "";
        LOGGER.info("Hubble {}: resuming after the flow {} at {} ns", target, lastUuid, lastTimeNanos);
    }

    /** The position a reconnect would resume from (tests). */
    long lastTimeNanos() {
        return lastTimeNanos;
    }

    String lastUuid() {
        return lastUuid;
    }

    private boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Errors that retrying cannot fix: a request the server cannot take. */
    private static boolean isPermanent(Status status) {
        return status.getCode() == Status.Code.INVALID_ARGUMENT || status.getCode() == Status.Code.UNIMPLEMENTED;
    }
}
