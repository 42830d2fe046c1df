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
import java.util.Map;

/** A list of IPv4 prefixes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AddressSpace {

    @Required
    @Size(max = ApiFormats.MAX_PREFIXES)
    @JsonPropertyDescription("IPv4 prefixes in CIDR notation, e.g. 10.2.0.0/16.")
    private List<@Pattern(ApiFormats.IPV4_CIDR) @Size(max = ApiFormats.IPV4_CIDR_MAX_LENGTH) String> addressPrefixes;

    public List<String> getAddressPrefixes() {
        return addressPrefixes;
    }

    public void setAddressPrefixes(List<String> addressPrefixes) {
        this.addressPrefixes = addressPrefixes;
    }
}
