package io.vpngw.operator.plan;

import io.vpngw.gateway.config.GatewayConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The planner's answer for one gateway.
 *
 * @param gatewayProblem  set when the gateway itself is refused: nothing is changed then
 * @param config          the configuration to run (absent when refused before anything ran)
 * @param verdicts        per Connection name (namespace/name)
 * @param presharedKeys   the keys the gateway's Secret must hold: pskKey → value
 * @param warnings        accepted but worth a Warning event (weak algorithms)
 */
public record GatewayPlan(
        Optional<Problem> gatewayProblem,
        Optional<GatewayConfig> config,
        Map<String, ConnectionVerdict> verdicts,
        Map<String, String> presharedKeys,
        List<Problem> warnings) {

    @Override
    public String toString() {
        // never print the keys
        return "GatewayPlan[gatewayProblem=" + gatewayProblem + ", verdicts=" + verdicts.keySet() + "]";
    }
}
