package io.lifeboat.network.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.network.ApplianceResources;
import io.lifeboat.network.NeaCertificate;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the provider's dashboard says of NEAs whose control certificate did not renew or expired (ADR 0014). */
class NeaCertificateNoticesTest {

    private static final Instant EXPIRES = Instant.parse("2026-12-20T10:00:00Z");

    @Test
    void certificates_renewed_in_time_say_nothing() {
        assertThat(NeaCertificateNotices.lines(List.of(network(new NeaCertificate(NeaRole.PROVIDER, EXPIRES, false, false, "nea-lan-7-provider")),
                network()))).isEmpty();
    }

    @Test
    void an_nea_whose_certificate_expires_unrenewed_is_named_with_its_network_the_date_and_what_to_do() {
        assertThat(NeaCertificateNotices.lines(List.of(network(new NeaCertificate(NeaRole.TENANT, EXPIRES, true, false, "nea-lan-7-tenant")))))
                .singleElement().asString()
                .startsWith("The control certificate of the tenant NEA of ACME Corporation's network LAN (192.168.60.0/24, VLAN 3001) expires on "
                        + Formats.minute(EXPIRES) + " and has not been renewed")
                .contains("could not renew").endsWith("Once it has expired the NEA is refused; enrol it again then.");
    }

    @Test
    void an_nea_whose_certificate_expired_says_so_and_how_it_enrols_again() {
        assertThat(NeaCertificateNotices.lines(List.of(network(new NeaCertificate(NeaRole.PROVIDER, EXPIRES, false, true, "nea-lan-7-provider")))))
                .containsExactly("The provider NEA of ACME Corporation's network LAN (192.168.60.0/24, VLAN 3001): certificate expired on "
                        + Formats.minute(EXPIRES) + ": enrol it again. The gateway refuses it, so the network's tunnel cannot come up through"
                        + " it. Delete its VM nea-lan-7-provider at the provider's site: Lifeboat clones a new one when it next needs it,"
                        + " and that one enrols with a new token. This notice stays until it has connected.");
    }

    private static TunnelInfo network(NeaCertificate... certificates) {
        return new TunnelInfo(1, "ACME Corporation", 7, "LAN (192.168.60.0/24, VLAN 3001)", null, List.of(), -1, -1, null,
                ApplianceResources.NONE, true, true, List.of(certificates));
    }
}
