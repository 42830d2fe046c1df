package io.vpngw.gateway.interop;

import java.util.List;
import java.util.Optional;

/**
 * One CHILD_SA as charon reports it. SPIs are hexadecimal as swanctl prints them; byte and packet
 * counters are what libipsec counted for the SA (inbound = decrypted, outbound = encrypted).
 *
 * @param encapsulated ESP travels in UDP (always, with kernel-libipsec)
 * @param dhGroup      the PFS group of the last key exchange, empty without PFS
 */
public record ChildSaStatus(String name, long uniqueId, String state, String mode, String protocol,
                            boolean encapsulated, String spiIn, String spiOut, String encryption,
                            int encryptionKeySize, Optional<String> integrity, Optional<String> dhGroup,
                            long bytesIn, long packetsIn, long bytesOut, long packetsOut,
                            List<String> localTs, List<String> remoteTs) {

    public ChildSaStatus {
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
    }

    public boolean installed() {
        return "INSTALLED".equals(state);
    }

    /** As swanctl prints it, e.g. {@code AES_GCM_16-256} or {@code AES_CBC-128/HMAC_SHA2_256_128}. */
    public String algorithms() {
        return encryption + (encryptionKeySize > 0 ? "-" + encryptionKeySize : "")
                + integrity.map(i -> "/" + i).orElse("") + dhGroup.map(g -> "/" + g).orElse("");
    }

    static ChildSaStatus fromVici(ViciTree child) {
        return new ChildSaStatus(child.required("name"), Long.parseLong(child.required("uniqueid")), child.required("state"),
                child.value("mode").orElse(""), child.value("protocol").orElse(""),
                "yes".equals(child.value("encap").orElse("no")),
                child.value("spi-in").orElse(""), child.value("spi-out").orElse(""),
                child.value("encr-alg").orElse(""), Integer.parseInt(child.value("encr-keysize").orElse("0")),
                child.value("integ-alg"), child.value("dh-group"),
                Long.parseLong(child.value("bytes-in").orElse("0")), Long.parseLong(child.value("packets-in").orElse("0")),
                Long.parseLong(child.value("bytes-out").orElse("0")), Long.parseLong(child.value("packets-out").orElse("0")),
                child.list("local-ts"), child.list("remote-ts"));
    }
}
