package io.vpngw.api.validation;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.checker.CelCheckerBuilder;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;

/**
 * The part of the Kubernetes CEL IP and CIDR libraries (KEP-1955, Kubernetes 1.31) that our
 * rules use, with the API server's semantics: {@code ip()}, {@code isIP()}, {@code cidr()},
 * {@code isCIDR()}, {@code CIDR.containsIP()}, {@code CIDR.containsCIDR()}, {@code CIDR.ip()},
 * {@code CIDR.masked()}, {@code CIDR.prefixLength()}, {@code IP.family()} and {@code string()} of both.
 */
public final class KubernetesCelLibrary implements CelCompilerLibrary, CelRuntimeLibrary {
    static final OpaqueType IP = OpaqueType.create("net.IP");
    static final OpaqueType CIDR = OpaqueType.create("net.CIDR");

    @Override
    public void setCheckerOptions(CelCheckerBuilder checker) {
        checker.addFunctionDeclarations(
                CelFunctionDecl.newFunctionDeclaration("ip",
                        CelOverloadDecl.newGlobalOverload("string_to_ip", IP, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isIP",
                        CelOverloadDecl.newGlobalOverload("is_ip", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("cidr",
                        CelOverloadDecl.newGlobalOverload("string_to_cidr", CIDR, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isCIDR",
                        CelOverloadDecl.newGlobalOverload("is_cidr", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("containsIP",
                        CelOverloadDecl.newMemberOverload("cidr_contains_ip_string", SimpleType.BOOL, CIDR, SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("cidr_contains_ip_ip", SimpleType.BOOL, CIDR, IP)),
                CelFunctionDecl.newFunctionDeclaration("containsCIDR",
                        CelOverloadDecl.newMemberOverload("cidr_contains_cidr_string", SimpleType.BOOL, CIDR, SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload("cidr_contains_cidr", SimpleType.BOOL, CIDR, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("ip",
                        CelOverloadDecl.newMemberOverload("cidr_ip", IP, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("masked",
                        CelOverloadDecl.newMemberOverload("cidr_masked", CIDR, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("prefixLength",
                        CelOverloadDecl.newMemberOverload("cidr_prefix_length", SimpleType.INT, CIDR)),
                CelFunctionDecl.newFunctionDeclaration("family",
                        CelOverloadDecl.newMemberOverload("ip_family", SimpleType.INT, IP)),
                CelFunctionDecl.newFunctionDeclaration("string",
                        CelOverloadDecl.newGlobalOverload("ip_to_string", SimpleType.STRING, IP),
                        CelOverloadDecl.newGlobalOverload("cidr_to_string", SimpleType.STRING, CIDR)));
    }

    @Override
    public void setRuntimeOptions(CelRuntimeBuilder runtime) {
        runtime.addFunctionBindings(
                CelFunctionBinding.from("string_to_ip", String.class, IpAddress::parse),
                CelFunctionBinding.from("is_ip", String.class, IpAddress::isValid),
                CelFunctionBinding.from("string_to_cidr", String.class, IpPrefix::parse),
                CelFunctionBinding.from("is_cidr", String.class, IpPrefix::isValid),
                CelFunctionBinding.from("cidr_contains_ip_string", IpPrefix.class, String.class,
                        (c, s) -> c.containsIp(IpAddress.parse(s))),
                CelFunctionBinding.from("cidr_contains_ip_ip", IpPrefix.class, IpAddress.class, IpPrefix::containsIp),
                CelFunctionBinding.from("cidr_contains_cidr_string", IpPrefix.class, String.class,
                        (c, s) -> c.containsPrefix(IpPrefix.parse(s))),
                CelFunctionBinding.from("cidr_contains_cidr", IpPrefix.class, IpPrefix.class, IpPrefix::containsPrefix),
                CelFunctionBinding.from("cidr_ip", IpPrefix.class, IpPrefix::ip),
                CelFunctionBinding.from("cidr_masked", IpPrefix.class, IpPrefix::masked),
                CelFunctionBinding.from("cidr_prefix_length", IpPrefix.class, IpPrefix::prefixLength),
                CelFunctionBinding.from("ip_family", IpAddress.class, IpAddress::family),
                CelFunctionBinding.from("ip_to_string", IpAddress.class, IpAddress::toString),
                CelFunctionBinding.from("cidr_to_string", IpPrefix.class, IpPrefix::toString));
    }
}
