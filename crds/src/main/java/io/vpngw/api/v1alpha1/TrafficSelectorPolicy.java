package io.vpngw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A pair of prefix lists proposed as traffic selectors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficSelectorPolicy {

    @Required
    @Size(min = 1, max = ApiFormats.MAX_PREFIXES)
    @JsonPropertyDescription("Prefixes on this gateway's side.")
    private List<@Pattern(ApiFormats.IPV4_CIDR) @Size(max = ApiFormats.IPV4_CIDR_MAX_LENGTH) String> localAddressRanges;

    @Required
    @Size(min = 1, max = ApiFormats.MAX_PREFIXES)
    @JsonPropertyDescription("Prefixes on the peer's side.")
    private List<@Pattern(ApiFormats.IPV4_CIDR) @Size(max = ApiFormats.IPV4_CIDR_MAX_LENGTH) String> remoteAddressRanges;

    public List<String> getLocalAddressRanges() {
        return localAddressRanges;
    }

    public void setLocalAddressRanges(List<String> localAddressRanges) {
        this.localAddressRanges = localAddressRanges;
    }

    public List<String> getRemoteAddressRanges() {
        return remoteAddressRanges;
    }

    public void setRemoteAddressRanges(List<String> remoteAddressRanges) {
        this.remoteAddressRanges = remoteAddressRanges;
    }
}
