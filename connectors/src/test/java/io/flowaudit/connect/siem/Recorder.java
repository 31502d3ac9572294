package io.flowaudit.connect.siem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a transport reports and how long it asked to sleep. */
final class Recorder implements DeliveryListener, Sleeper {

    final List<String> delivered = new ArrayList<>();
    final List<Map.Entry<String, String>> rejected = new ArrayList<>();
    final List<Long> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void delivered(EncodedEvent event) {
        delivered.add(event.id());
    }

    @Override
    public void rejected(EncodedEvent event, String reason) {
        rejected.add(Map.entry(event.id(), reason));
    }

    @Override
    public void sleep(long millis) {
        sleeps.add(millis);
    }
}
