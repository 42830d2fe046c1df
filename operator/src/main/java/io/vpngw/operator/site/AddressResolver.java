package io.vpngw.operator.site;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Resolves an on-premises device's DNS name to the IPv4 addresses a tunnel can be built to. */
@FunctionalInterface
public interface AddressResolver {
    List<String> resolve(String fqdn) throws UnknownHostException;

    /** The system resolver (the cluster's DNS when in a pod). */
    AddressResolver SYSTEM = fqdn -> Arrays.stream(InetAddress.getAllByName(fqdn))
            .filter(a -> a instanceof Inet4Address)
            .map(InetAddress::getHostAddress)
            .sorted()
            .distinct()
            .toList();
}
