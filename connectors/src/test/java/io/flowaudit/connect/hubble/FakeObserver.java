package io.flowaudit.connect.hubble;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.flowaudit.connect.hubble.api.observer.GetFlowsRequest;
import io.flowaudit.connect.hubble.api.observer.GetFlowsResponse;
import io.flowaudit.connect.hubble.api.observer.ObserverGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * An Observer that serves recorded responses: those at or after the request's {@code since} (all of them without
 * one), respecting gRPC flow control, then ends the stream or keeps it open. It records every request.
 */
public final class FakeObserver extends ObserverGrpc.ObserverImplBase {
    private final Supplier<Iterator<GetFlowsResponse>> responses;
    private final List<GetFlowsRequest> requests = new CopyOnWriteArrayList<>();
    private volatile int endAfter = Integer.MAX_VALUE;
    private volatile boolean endAtLast;

    public FakeObserver(List<GetFlowsResponse> responses) {
        this(responses::iterator);
    }

    /** Serves responses produced on demand (a long generated stream). */
    public FakeObserver(Supplier<Iterator<GetFlowsResponse>> responses) {
        this.responses = responses;
    }

    /** Each stream ends (the server completes it) after this many responses. */
    public FakeObserver endEachStreamAfter(int count) {
        this.endAfter = count;
        return this;
    }

    /** Each stream ends after the last response instead of staying open as a follow stream does. */
    public FakeObserver endAtLast() {
        this.endAtLast = true;
        return this;
    }

    public List<GetFlowsRequest> requests() {
        return requests;
    }

    @Override
    public void getFlows(GetFlowsRequest request, StreamObserver<GetFlowsResponse> observer) {
        requests.add(request);
        long since = request.hasSince() ? ProtoFlows.nanos(request.getSince()) : Long.MIN_VALUE;
        Iterator<GetFlowsResponse> all = responses.get();
        ServerCallStreamObserver<GetFlowsResponse> call = (ServerCallStreamObserver<GetFlowsResponse>) observer;
        // buffer up to 1 MiB before waiting for the transport, so that this server is not what limits a benchmark
        call.setOnReadyThreshold(1 << 20);
        int limit = endAfter;
        boolean complete = endAtLast;
        call.setOnReadyHandler(new Runnable() {
            private int sent;
            private boolean done;

            @Override
            public void run() {
                while (!done && call.isReady() && !call.isCancelled()) {
                    if (!all.hasNext() || sent >= limit) {
                        done = true;
                        if (sent >= limit || complete) {
                            call.onCompleted();
                        }
                        return;
                    }
                    GetFlowsResponse next = all.next();
                    if (time(next) >= since) {
                        call.onNext(next);
                        sent++;
                    }
                }
            }
        });
    }

    private static long time(GetFlowsResponse response) {
        if (response.hasFlow() && response.getFlow().hasTime()) {
            return ProtoFlows.nanos(response.getFlow().getTime());
        }
        return response.hasTime() ? ProtoFlows.nanos(response.getTime()) : 0;
    }
}
