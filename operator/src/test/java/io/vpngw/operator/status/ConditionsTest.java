package io.vpngw.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final Clock T1 = Clock.fixed(Instant.parse("2026-11-26T10:00:00.123Z"), ZoneOffset.UTC);
    private static final Clock T2 = Clock.fixed(Instant.parse("2026-11-26T11:00:00Z"), ZoneOffset.UTC);

    private static Condition get(List<Condition> cs, String type) {
        return cs.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
        List<Condition> first = Conditions.merge(List.of(), Conditions.reconciling(1, "InstancesProgressing", "creating"), T1);
        assertThat(get(first, Conditions.READY).getLastTransitionTime()).isEqualTo("2026-11-26T10:00:00Z");

        // same statuses, new message: times carried forward
        List<Condition> second = Conditions.merge(first, Conditions.reconciling(1, "InstancesProgressing", "waiting"), T2);
        assertThat(get(second, Conditions.READY).getLastTransitionTime()).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(get(second, Conditions.RECONCILING).getMessage()).isEqualTo("waiting");

        // Ready and Reconciling flip: their times move, Stalled's does not
        List<Condition> third = Conditions.merge(second, Conditions.ready(2, "Ready", "done"), T2);
        assertThat(get(third, Conditions.READY).getLastTransitionTime()).isEqualTo("2026-11-26T11:00:00Z");
        assertThat(get(third, Conditions.RECONCILING).getLastTransitionTime()).isEqualTo("2026-11-26T11:00:00Z");
        assertThat(get(third, Conditions.STALLED).getLastTransitionTime()).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(get(third, Conditions.READY).getObservedGeneration()).isEqualTo(2);
        assertThat(Conditions.same(third, Conditions.merge(third, Conditions.ready(2, "Ready", "done"), T2))).isTrue();
        assertThat(Conditions.same(third, second)).isFalse();
    }

    @Test
    void exactlyOneKstatusConditionIsTrue() {
        for (List<Condition> cs : List.of(Conditions.ready(1, "r", "m"), Conditions.reconciling(1, "r", "m"), Conditions.stalled(1, "r", "m"))) {
            assertThat(cs).extracting(Condition::getType).containsExactlyInAnyOrder("Ready", "Reconciling", "Stalled");
            assertThat(cs.stream().filter(c -> c.getStatus().equals("True"))).hasSize(1);
        }
    }
}
