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

/** A key in a Secret of the Connection's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyReference {

    @Required
    @Pattern(ApiFormats.OBJECT_NAME)
    @Size(min = 1, max = ApiFormats.NAME_MAX_LENGTH)
    @JsonPropertyDescription("The Secret's name.")
    private String name;

    @Default("sharedKey")
    @Pattern(ApiFormats.SECRET_KEY)
    @Size(min = 1, max = ApiFormats.NAME_MAX_LENGTH)
    @JsonPropertyDescription("The key in the Secret's data; default sharedKey.")
    private String key = "sharedKey";

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
