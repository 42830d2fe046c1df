package io.vpngw.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthEndpointsTest {
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final DataPlaneSnapshot snapshot = new DataPlaneSnapshot(true,
            List.of(new TunnelStatus("to-site", TunnelState.Connected, 1000, 2000, 10, 20, null, null)),
            Map.of("no_route", 3L), Map.of("success", 2L, "failure", 1L));
    private final GatewayMetrics metrics = new GatewayMetrics(() -> snapshot, () -> true);
    private final HealthEndpoints endpoints;
    private final HttpClient http = HttpClient.newHttpClient();

    HealthEndpointsTest() throws Exception {
        endpoints = new HealthEndpoints(0, metrics, () -> true, ready::get).start();
    }

    @AfterEach
    void close() {
        endpoints.close();
        http.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsCarryTheNamedMeters() throws Exception {
        var response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("vpngw_tunnel_bytes_total{connection=\"to-site\",direction=\"in\"} 1000.0")
                .contains("vpngw_tunnel_bytes_total{connection=\"to-site\",direction=\"out\"} 2000.0")
                .contains("vpngw_tunnel_packets_total{connection=\"to-site\",direction=\"out\"} 20.0")
                .contains("vpngw_tunnel_state{connection=\"to-site\"} 2.0")
                .contains("vpngw_packet_drops_total{reason=\"no_route\"} 3.0")
                .contains("vpngw_ike_negotiations_total{result=\"failure\"} 1.0")
                .contains("vpngw_instance_active 1.0");
    }

    @Test
    void probesAnswerFromTheirChecks() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        ready.set(true);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }
}
