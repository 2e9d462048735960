package io.lifeboat.network;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One reading of a tenant tunnel: RTT (null when no ping answered) and the tenant NEA's byte counters. */
@Entity
@Table(name = "tunnel_sample")
class TunnelSample {

    @Id
    @GeneratedValue(generator = "tunnel_sample_seq")
    @SequenceGenerator(name = "tunnel_sample_seq", allocationSize = 50)
    private Long id;
    private long tenantId;
    private long networkId;
    private Instant at;
    private Double rttMs;
    private long bytesIn;
    private long bytesOut;

    protected TunnelSample() {
    }

    TunnelSample(long tenantId, long networkId, Instant at, TunnelStatus status) {
        this.tenantId = tenantId;
        this.networkId = networkId;
        this.at = at;
        this.rttMs = status.rttMs();
        this.bytesIn = status.bytesIn();
        this.bytesOut = status.bytesOut();
    }

    long networkId() {
        return networkId;
    }

    Instant at() {
        return at;
    }

    Double rttMs() {
        return rttMs;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }
}
