package io.lifeboat.network;

/** Whether something on the tenant LAN answered an ARP probe for {@code ip}, and with which MAC (null if nobody). */
public record AddressProbe(String ip, boolean answered, String mac) {
}
