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

/** A client certificate that is refused. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VpnClientRevokedCertificate {

    @Required
    @Size(min = 1, max = 80)
    @JsonPropertyDescription("A name for this entry.")
    private String name;

    @Required
    @Pattern(ApiFormats.THUMBPRINT)
    @JsonPropertyDescription("The SHA-1 thumbprint of the client certificate: 40 hexadecimal digits.")
    private String thumbprint;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getThumbprint() {
        return thumbprint;
    }

    public void setThumbprint(String thumbprint) {
        this.thumbprint = thumbprint;
    }
}
