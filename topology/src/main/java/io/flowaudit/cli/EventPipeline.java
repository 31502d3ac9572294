package io.flowaudit.cli;

import io.flowaudit.flow.hubble.ReadEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands read events to one worker thread in batches, so reading and parsing run on one core while judging and
 * writing run on the other. One consumer keeps input order; the bounded queue keeps memory bounded.
 */
final class EventPipeline implements Consumer<ReadEvent> {
    private static final int BATCH = 512;
    private static final List<ReadEvent> END = List.of();

    /** What the worker does with each event, in input order. */
    @FunctionalInterface
    interface Handler {
        void handle(ReadEvent event) throws IOException;
    }

    private final BlockingQueue<List<ReadEvent>> queue = new ArrayBlockingQueue<>(64);
    private final Thread worker;
    private volatile Throwable failure;
    private List<ReadEvent> batch = new ArrayList<>(BATCH);

    EventPipeline(Handler handler) {
        this.worker = new Thread(() -> work(handler), "flowaudit-judge");
        worker.setDaemon(true);
        worker.start();
    }

    private void work(Handler handler) {
        try {
            while (true) {
                List<ReadEvent> events = queue.take();
                if (events == END) {
                    return;
                }
                if (failure != null) {
                    continue; // keep draining so the reader never blocks on a dead consumer
                }
                try {
                    for (ReadEvent e : events) {
                        handler.handle(e);
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void accept(ReadEvent event) {
        batch.add(event);
        if (batch.size() == BATCH) {
            put(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    private void put(List<ReadEvent> events) {
        rethrow();
        try {
            queue.put(events);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing events to the judge thread", e);
        }
    }

    /** Hands over what is left and waits until every event has been handled; rethrows the worker's failure. */
    void finish() {
        if (!batch.isEmpty()) {
            put(batch);
            batch = new ArrayList<>(BATCH);
        }
        try {
            queue.put(END);
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the judge thread", e);
        }
        rethrow();
    }

    private void rethrow() {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        if (f instanceof RuntimeException re) {
            throw re;
        }
    }
}
