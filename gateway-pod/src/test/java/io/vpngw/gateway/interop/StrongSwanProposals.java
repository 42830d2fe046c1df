package io.vpngw.gateway.interop;

/** One IKE proposal and one ESP proposal in strongSwan syntax, for swanctl.conf. */
public record StrongSwanProposals(String ike, String esp) {

    public StrongSwanProposals {
        SwanctlSyntax.requireProposal(ike);
        SwanctlSyntax.requireProposal(esp);
    }
}
