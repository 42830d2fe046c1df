package io.vpngw.operator.pki;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Whether a stored certificate can stay, from {@link RenewalPolicy#decide}. */
public sealed interface RenewalDecision {

    /**
     * Keep it.
     *
     * @param renewalDue when it will become due for renewal, for scheduling the next reconcile
     */
    record Keep(Instant renewalDue) implements RenewalDecision {
        public Keep {
            Objects.requireNonNull(renewalDue, "renewalDue");
        }
    }

    /**
     * Issue a new one.
     *
     * @param reasons every reason that applies
     * @param details one readable sentence per finding, for events and logs
     */
    record Reissue(Set<RenewalReason> reasons, List<String> details) implements RenewalDecision {
        public Reissue {
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a reissue needs a reason");
            }
            // Enum order, so details and reasons read the same way every time.
            reasons = Collections.unmodifiableSet(EnumSet.copyOf(reasons));
            details = List.copyOf(details);
        }

        /** The details in one line. */
        public String summary() {
            return String.join("; ", details);
        }
    }
}
