package io.vpngw.gateway.interop;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One IKE_SA as charon reports it ({@code swanctl --list-sas}). Algorithm names are strongSwan's,
 * e.g. {@code AES_GCM_16} with key size 256, {@code PRF_HMAC_SHA2_256}, {@code CURVE_25519}.
 *
 * @param natLocal  this site is behind a NAT (or fakes it, as {@code encap = yes} does)
 * @param natRemote the peer is behind a NAT (or fakes it)
 */
public record IkeSaStatus(String name, long uniqueId, String state, String localHost, int localPort, String localId,
                          String remoteHost, int remotePort, String remoteId, boolean initiator,
                          boolean natLocal, boolean natRemote, String encryption, int encryptionKeySize,
                          Optional<String> integrity, String prf, String dhGroup, List<ChildSaStatus> children) {

    public IkeSaStatus {
        children = List.copyOf(children);
    }

    public boolean established() {
        return "ESTABLISHED".equals(state);
    }

    /**
     * The newest CHILD_SA of that name (swanctl.conf's child name, not the {@code name-N} key).
     * After a rekey charon lists the old one too, until delete_rekeyed_delay (5 s) has passed.
     */
    public Optional<ChildSaStatus> child(String childName) {
        return children.stream().filter(child -> child.name().equals(childName))
                .max(Comparator.comparingLong(ChildSaStatus::uniqueId));
    }

    /**
     * As swanctl prints it, e.g. {@code AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519}; ciphers of
     * one fixed key size (ChaCha20-Poly1305) carry none.
     */
    public String algorithms() {
        return encryption + (encryptionKeySize > 0 ? "-" + encryptionKeySize : "") + integrity.map(i -> "/" + i).orElse("") + "/" + prf + "/" + dhGroup;
    }

    /** Every IKE_SA in the output of {@code swanctl --list-sas --pretty}. */
    public static List<IkeSaStatus> parseListSas(String prettyOutput) {
        return ViciTree.parse(prettyOutput).sections().stream()
                .filter(message -> message.getKey().equals("list-sa event"))
                .flatMap(message -> message.getValue().sections().stream())
                .map(IkeSaStatus::fromVici)
                .toList();
    }

    static IkeSaStatus fromVici(Map.Entry<String, ViciTree> entry) {
        ViciTree sa = entry.getValue();
        List<ChildSaStatus> children = sa.section("child-sas")
                .map(section -> section.sections().stream().map(child -> ChildSaStatus.fromVici(child.getValue())).toList())
                .orElse(List.of());
        return new IkeSaStatus(entry.getKey(), Long.parseLong(sa.required("uniqueid")), sa.required("state"),
                sa.value("local-host").orElse(""), Integer.parseInt(sa.value("local-port").orElse("0")),
                sa.value("local-id").orElse(""),
                sa.value("remote-host").orElse(""), Integer.parseInt(sa.value("remote-port").orElse("0")),
                sa.value("remote-id").orElse(""),
                "yes".equals(sa.value("initiator").orElse("no")),
                "yes".equals(sa.value("nat-local").orElse("no")), "yes".equals(sa.value("nat-remote").orElse("no")),
                sa.value("encr-alg").orElse(""), Integer.parseInt(sa.value("encr-keysize").orElse("0")),
                sa.value("integ-alg"), sa.value("prf-alg").orElse(""), sa.value("dh-group").orElse(""), children);
    }
}
