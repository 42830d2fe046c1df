package io.vpngw.operator.status;

import io.vpngw.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * kstatus conditions (Ready, Reconciling, Stalled) in metav1.Condition shape. A new set is merged
 * into the old one so that lastTransitionTime moves only when a condition's status changes.
 */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    private Conditions() {}

    /** The goal state is reached. */
    public static List<Condition> ready(long generation, String reason, String message) {
        return List.of(
                condition(READY, true, reason, message, generation),
                condition(RECONCILING, false, reason, message, generation),
                condition(STALLED, false, reason, message, generation));
    }

    /** Work is under way; no user action needed. */
    public static List<Condition> reconciling(long generation, String reason, String message) {
        return List.of(
                condition(READY, false, reason, message, generation),
                condition(RECONCILING, true, reason, message, generation),
                condition(STALLED, false, reason, message, generation));
    }

    /** Progress needs a change from the user; the message says which. */
    public static List<Condition> stalled(long generation, String reason, String message) {
        return List.of(
                condition(READY, false, reason, message, generation),
                condition(RECONCILING, false, reason, message, generation),
                condition(STALLED, true, reason, message, generation));
    }

    private static Condition condition(String type, boolean status, String reason, String message, long generation) {
        Condition c = new Condition();
        c.setType(type);
        c.setStatus(status ? "True" : "False");
        c.setReason(reason);
        c.setMessage(message);
        c.setObservedGeneration(generation);
        return c;
    }

    /**
     * The desired conditions, each carrying the old lastTransitionTime when its status did not
     * change, or now (second precision, as the API server stores it) when it did.
     */
    public static List<Condition> merge(List<Condition> old, List<Condition> desired, Clock clock) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        List<Condition> out = new ArrayList<>();
        for (Condition d : desired) {
            Condition previous = old == null ? null : old.stream().filter(o -> d.getType().equals(o.getType())).findFirst().orElse(null);
            d.setLastTransitionTime(previous != null && Objects.equals(previous.getStatus(), d.getStatus())
                    && previous.getLastTransitionTime() != null ? previous.getLastTransitionTime() : now);
            out.add(d);
        }
        return out;
    }

    /** True when two condition lists say the same, ignoring order. */
    public static boolean same(List<Condition> a, List<Condition> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (Condition x : a) {
            if (b.stream().noneMatch(y -> equal(x, y))) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(Condition x, Condition y) {
        return Objects.equals(x.getType(), y.getType()) && Objects.equals(x.getStatus(), y.getStatus())
                && Objects.equals(x.getReason(), y.getReason()) && Objects.equals(x.getMessage(), y.getMessage())
                && Objects.equals(x.getObservedGeneration(), y.getObservedGeneration())
                && Objects.equals(x.getLastTransitionTime(), y.getLastTransitionTime());
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return conditions != null && conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
