package io.lifeboat.network.ui;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.network.NeaCertificate;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.Notices;
import java.util.List;

/**
 * One line per NEA whose control certificate has not renewed and expires within 30 days, or has expired (ADR 0014, as
 * {@link GatewayHostProblems} says of gateway hosts): an NEA with an expired certificate is refused by the gateway, so
 * its network's next failover would not get its tunnel. On the provider's dashboard; empty when all is well.
 */
public class NeaCertificateNotices extends Notices {

    public NeaCertificateNotices(String id) {
        super(id);
    }

    /** @param tunnels the networks as listed, each with its NEAs' certificates */
    public void show(List<TunnelInfo> tunnels) {
        showLines(lines(tunnels));
    }

    static List<String> lines(List<TunnelInfo> tunnels) {
        return tunnels.stream().flatMap(tunnel -> tunnel.neaCertificates().stream().filter(c -> c.expired() || c.notRenewed())
                .map(c -> c.expired() ? expiredLine(tunnel, c) : renewalLine(tunnel, c))).toList();
    }

    private static String renewalLine(TunnelInfo tunnel, NeaCertificate certificate) {
        return "The control certificate of the " + certificate.role().label() + " of " + tunnel.tenant() + "'s network " + tunnel.network()
                + " expires on " + Formats.minute(certificate.expires()) + " and has not been renewed, although NEAs renew theirs at two"
                + " thirds of its life: read the portal's log (\"renew the certificate of\") and the NEA's (\"could not renew\")."
                + " Once it has expired the NEA is refused; enrol it again then.";
    }

    /** An NEA VM gets its one-time token when it is cloned: a new clone is how it enrols again. */
    private static String expiredLine(TunnelInfo tunnel, NeaCertificate certificate) {
        return "The " + certificate.role().label() + " of " + tunnel.tenant() + "'s network " + tunnel.network() + ": certificate expired on "
                + Formats.minute(certificate.expires()) + ": enrol it again. The gateway refuses it, so the network's tunnel cannot come up"
                + " through it. Delete its VM " + certificate.vmName() + (certificate.role() == NeaRole.TENANT ? " at the tenant's site"
                : " at the provider's site") + ": Lifeboat clones a new one when it next needs it, and that one enrols with a new token. This notice stays until it has"
                + " connected.";
    }

}
