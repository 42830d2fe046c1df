package io.vpngw.gateway.esp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every expiry event, in order, from any thread. */
final class RecordingListener implements SaExpiryListener {

    record Event(String kind, SecurityAssociation sa, ExpiryCause cause) {}

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void softLimitReached(SecurityAssociation sa, ExpiryCause cause) {
        events.add(new Event("soft", sa, cause));
    }

    @Override
    public void hardLimitReached(SecurityAssociation sa, ExpiryCause cause) {
        events.add(new Event("hard", sa, cause));
    }

    List<Event> soft() {
        return events.stream().filter(e -> e.kind().equals("soft")).toList();
    }

    List<Event> hard() {
        return events.stream().filter(e -> e.kind().equals("hard")).toList();
    }
}
