package io.vpngw.operator.plan;

import io.vpngw.gateway.config.ConnectionConfig;
import java.util.List;

/** What the planner decided for one Connection of a gateway. */
public sealed interface ConnectionVerdict {

    /** In the configuration; warnings (weak algorithms) are reported but do not refuse. */
    record Admitted(ConnectionConfig config, List<Problem> warnings) implements ConnectionVerdict {}

    /**
     * Refused with a reason. {@code lastGoodKept}: the configuration it had before stays in force
     * until the problem is fixed, so a mistake in an edit does not take a working tunnel down.
     */
    record Refused(Problem problem, boolean lastGoodKept) implements ConnectionVerdict {}
}
