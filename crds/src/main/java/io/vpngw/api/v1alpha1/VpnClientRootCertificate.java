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

/** A trusted root for point-to-site client certificates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VpnClientRootCertificate {

    @Required
    @Size(min = 1, max = 80)
    @JsonPropertyDescription("A name for this root, unique in the list.")
    private String name;

    @Required
    @Pattern(ApiFormats.BASE64)
    @Size(min = 100, max = 16384)
    @JsonPropertyDescription("The root certificate's DER in Base-64, as Azure takes it (a PEM body without its BEGIN/END lines). Only the public certificate: never a private key.")
    private String publicCertData;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPublicCertData() {
        return publicCertData;
    }

    public void setPublicCertData(String publicCertData) {
        this.publicCertData = publicCertData;
    }
}
