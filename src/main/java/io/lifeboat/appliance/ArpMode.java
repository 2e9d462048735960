package io.lifeboat.appliance;

/** Who answers ARP for the proxied set. PCAP is the product; KERNEL (proxy_arp=1) exists for the benchmark's comparison. */
public enum ArpMode {
    PCAP, KERNEL
}
