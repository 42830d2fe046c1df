package io.vpngw.gateway.kube;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the runtime would have been told. */
final class RecordingRoleListener implements RoleListener {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void startServing() {
        calls.add("start");
    }

    @Override
    public void stopServing() {
        calls.add("stop");
    }

    boolean serving() {
        return !calls.isEmpty() && calls.getLast().equals("start");
    }
}
