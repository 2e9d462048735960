package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.gateway.ControlRefusal;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.pki.PrivateKeySealer;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The appliances' trust outlives the process that holds it: what one {@link ApplianceCertificates} issued and revoked,
 * and the tokens one {@link EnrolmentTokens} registered, are what a second one on the same database (a restarted portal,
 * another node) finds; CA keys are stored sealed, never in clear.
 */
class StoredApplianceTrustTest {

    private static final String[] MIGRATIONS = {"classpath:db/migration/common", "classpath:db/migration/h2"};

    private final JdbcTemplate jdbc = database();
    private final PrivateKeySealer key = new PrivateKeySealer(PrivateKeySealer.newKey());

    @Test
    void a_restarted_portal_recognises_the_certificates_it_issued_and_keeps_their_revocations() throws Exception {
        ApplianceCertificates before = certificates();
        X509Certificate acme = ApplianceCertificates.parseCertificate(before.issueAppliance("acme", "acme/n1/t", request("acme/n1/t")));
        X509Certificate globex = ApplianceCertificates.parseCertificate(before.issueAppliance("globex", "globex/n2/t", request("globex/n2/t")));
        before.revoke(globex);

        ApplianceCertificates after = certificates();
        assertThat(after.gatewayCaPem()).isEqualTo(before.gatewayCaPem());
        assertThat(after.issuingTenant(acme)).contains("acme");
        assertThat(after.issuingTenant(globex)).contains("globex");
        assertThat(after.isRevoked(globex)).isTrue();
        assertThat(after.isRevoked(acme)).isFalse();
    }

    @Test
    void a_gateway_host_enrolled_again_on_another_node_leaves_one_valid_certificate_and_removing_it_revokes_that_one() throws Exception {
        ApplianceCertificates node1 = certificates();
        ApplianceCertificates node2 = certificates();
        X509Certificate first = ApplianceCertificates.parseCertificate(node1.issueGatewayHost("gateway:gw-1", request("gateway:gw-1")));
        X509Certificate other = ApplianceCertificates.parseCertificate(node1.issueGatewayHost("gateway:gw-2", request("gateway:gw-2")));

        X509Certificate second = ApplianceCertificates.parseCertificate(node2.issueGatewayHost("gateway:gw-1", request("gateway:gw-1")));
        assertThat(node1.isRevoked(first)).as("the name's earlier certificate").isTrue();
        assertThat(node1.isRevoked(second)).isFalse();
        assertThat(node1.isRevoked(other)).as("another host's").isFalse();

        assertThat(certificates().revokeGatewayHost("gateway:gw-1")).contains(second.getSerialNumber());
        assertThat(node2.isRevoked(second)).isTrue();
        assertThat(node2.isRevoked(other)).isFalse();
        assertThat(node2.revokeGatewayHost("gateway:gw-3")).as("never enrolled").isEmpty();
    }

    @Test
    void a_renewed_gateway_host_keeps_its_old_certificate_until_it_connects_with_the_new_and_its_removal_revokes_both() throws Exception {
        ApplianceCertificates node1 = certificates();
        ApplianceCertificates node2 = certificates();
        X509Certificate enrolled = ApplianceCertificates.parseCertificate(node1.issueGatewayHost("gateway:gw-1", request("gateway:gw-1")));

        X509Certificate lost = ApplianceCertificates.parseCertificate(node1.renew("gateway:gw-1", enrolled, request("gateway:gw-1")));
        assertThat(node1.isRevoked(enrolled)).as("still the one it dials with until the new one arrives").isFalse();
        X509Certificate renewed = ApplianceCertificates.parseCertificate(node2.renew("gateway:gw-1", enrolled, request("gateway:gw-1")));
        assertThat(node2.isRevoked(lost)).as("asked again with the old one: the answer that was lost is void").isTrue();
        assertThatThrownBy(() -> node1.renew("gateway:gw-1", lost, request("gateway:gw-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no longer the one gateway:gw-1 holds");

        node1.confirmRenewal("gateway:gw-1", enrolled);
        assertThat(node1.isRevoked(enrolled)).as("a connection with the old one confirms nothing").isFalse();
        node2.confirmRenewal("gateway:gw-1", renewed);
        assertThat(node1.isRevoked(enrolled)).as("connected with the new one: the old one is retired").isTrue();
        assertThat(node1.isRevoked(renewed)).isFalse();

        X509Certificate next = ApplianceCertificates.parseCertificate(node1.renew("gateway:gw-1", renewed, request("gateway:gw-1")));
        assertThat(node2.revokeGatewayHost("gateway:gw-1")).contains(next.getSerialNumber());
        assertThat(node1.isRevoked(renewed)).as("removed before it connected with the renewed one: both are revoked").isTrue();
        assertThat(node1.isRevoked(next)).isTrue();
    }

    @Test
    void an_appliance_enrolled_again_or_renewed_and_connected_anew_leaves_its_earlier_certificate_revoked() throws Exception {
        String longest = "t".repeat(64) + "/n" + Long.MAX_VALUE + "/p";   // the longest id a tenant's network can give
        ApplianceCertificates node1 = certificates();
        ApplianceCertificates node2 = certificates();
        X509Certificate first = ApplianceCertificates.parseCertificate(node1.issueAppliance("t".repeat(64), longest, request(longest)));

        X509Certificate again = ApplianceCertificates.parseCertificate(node2.issueAppliance("t".repeat(64), longest, request(longest)));
        assertThat(node1.isRevoked(first)).as("the new VM's enrolment voids the old VM's certificate").isTrue();

        X509Certificate renewed = ApplianceCertificates.parseCertificate(node1.renew(longest, again, request(longest)));
        assertThat(node2.issuingTenant(renewed)).as("signed by the tenant's CA, as at enrolment").contains("t".repeat(64));
        assertThat(node2.isRevoked(again)).as("valid until it connects with the renewed one").isFalse();
        node2.confirmRenewal(longest, renewed);
        assertThat(node1.isRevoked(again)).isTrue();
        assertThat(node1.isRevoked(renewed)).isFalse();
    }

    @Test
    void a_renewal_that_races_an_enrolment_or_a_removal_on_another_node_loses_and_leaves_no_valid_certificate_behind() throws Exception {
        ApplianceCertificates node2 = certificates();
        X509Certificate enrolled = ApplianceCertificates.parseCertificate(node2.issueGatewayHost("gateway:gw-1", request("gateway:gw-1")));
        List<X509Certificate> enrolledMeanwhile = new ArrayList<>();
        RacingLedger enrolment = new RacingLedger(new StoredApplianceAuthorities(jdbc, key),
                () -> enrolledMeanwhile.add(ApplianceCertificates.parseCertificate(node2.issueGatewayHost("gateway:gw-1", request("gateway:gw-1")))));

        assertThatThrownBy(() -> new ApplianceCertificates(Duration.ofDays(30), enrolment).renew("gateway:gw-1", enrolled,
                request("gateway:gw-1"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("removed or enrolled again");
        assertThat(node2.isRevoked(enrolledMeanwhile.get(0))).as("the host enrolled meanwhile keeps its certificate").isFalse();
        assertThat(enrolment.isRevoked(enrolment.renewedTo)).as("the losing renewal's certificate").isTrue();

        RacingLedger removal = new RacingLedger(new StoredApplianceAuthorities(jdbc, key), () -> node2.revokeGatewayHost("gateway:gw-1"));
        assertThatThrownBy(() -> new ApplianceCertificates(Duration.ofDays(30), removal).renew("gateway:gw-1",
                enrolledMeanwhile.get(0), request("gateway:gw-1"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(removal.isRevoked(removal.renewedTo)).as("a host removed while it renewed keeps no valid certificate").isTrue();
        assertThat(node2.isRevoked(enrolledMeanwhile.get(0))).isTrue();
    }

    /** The ledger of a node on which another node's {@code meanwhile} happens just before a renewal records its result. */
    private static final class RacingLedger implements ApplianceCertificates.Ledger {
        private final StoredApplianceAuthorities stored;
        private final ThrowingRunnable meanwhile;
        BigInteger renewedTo;

        RacingLedger(StoredApplianceAuthorities stored, ThrowingRunnable meanwhile) {
            this.stored = stored;
            this.meanwhile = meanwhile;
        }

        @Override
        public boolean replaceIf(String holder, BigInteger expected, BigInteger next) {
            try {
                meanwhile.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            renewedTo = next;
            return stored.replaceIf(holder, expected, next);
        }

        @Override
        public Map<String, ApplianceCertificates.Identity> authorities() {
            return stored.authorities();
        }

        @Override
        public ApplianceCertificates.Identity storeIfAbsent(String name, ApplianceCertificates.Identity authority) {
            return stored.storeIfAbsent(name, authority);
        }

        @Override
        public void revoke(BigInteger serial) {
            stored.revoke(serial);
        }

        @Override
        public boolean isRevoked(BigInteger serial) {
            return stored.isRevoked(serial);
        }

        @Override
        public Optional<BigInteger> supersede(String holder, BigInteger serial) {
            return stored.supersede(holder, serial);
        }

        @Override
        public Optional<BigInteger> current(String holder) {
            return stored.current(holder);
        }

        @Override
        public Optional<BigInteger> release(String holder) {
            return stored.release(holder);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void a_gateway_host_recorded_before_the_upgrade_is_still_revoked_by_its_removal() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).target("19").load().migrate();
        JdbcTemplate old = new JdbcTemplate(dataSource);
        old.update("insert into gateway_host (name, relay_address, seen_at, certificate_serial) values ('gw-1', '10.0.0.1', current_timestamp, 'a1b2')");
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();

        ApplianceCertificates upgraded = new ApplianceCertificates(Duration.ofDays(30), new StoredApplianceAuthorities(old, key));
        assertThat(upgraded.revokeGatewayHost("gateway:gw-1")).contains(new BigInteger("a1b2", 16));
    }

    @Test
    void a_tenant_ca_made_by_another_node_is_found_when_its_certificate_first_shows_up() throws Exception {
        ApplianceCertificates node1 = certificates();
        ApplianceCertificates node2 = certificates();
        X509Certificate made = ApplianceCertificates.parseCertificate(node2.issueAppliance("acme", "acme/n1/p", request("acme/n1/p")));
        assertThat(node1.issuingTenant(made)).contains("acme");
        assertThat(node1.tenantCaPem("acme")).isEqualTo(node2.tenantCaPem("acme"));
    }

    @Test
    void ca_keys_are_stored_sealed_under_the_master_key() {
        certificates().tenantCaPem("acme");
        jdbc.queryForList("select sealed_key from appliance_authority", String.class)
                .forEach(sealed -> assertThat(sealed).doesNotContain("PRIVATE KEY"));
        StoredApplianceAuthorities store = new StoredApplianceAuthorities(jdbc, key);
        assertThat(store.all()).extracting(s -> s.id())
                .containsExactly("appliance CA gateway", "appliance CA gateway-hosts", "appliance CA tenant:acme");
        store.all().forEach(s -> assertThat(key.open(s.sealed(), s.context())).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void a_token_registered_before_a_restart_enrols_once_after_it() throws Exception {
        String token = new EnrolmentTokens(new StoredEnrolmentTokens(jdbc)).issue("acme/n1/t", Duration.ofMinutes(5));

        EnrolmentTokens restarted = new EnrolmentTokens(new StoredEnrolmentTokens(jdbc));
        restarted.redeem(token, "acme/n1/t", "key-1");
        restarted.redeem(token, "acme/n1/t", "key-1");   // a retry with the same key: its first answer was lost
        EnrolmentTokens otherNode = new EnrolmentTokens(new StoredEnrolmentTokens(jdbc));
        assertThatThrownBy(() -> otherNode.redeem(token, "acme/n1/t", "key-2"))
                .isInstanceOf(ControlRefusal.class).hasMessageContaining("already used");
        assertThatThrownBy(() -> otherNode.redeem("made-up", "acme/n1/t", "key-2"))
                .isInstanceOf(ControlRefusal.class).hasMessageContaining("unknown");
    }

    private ApplianceCertificates certificates() {
        return new ApplianceCertificates(Duration.ofDays(30), new StoredApplianceAuthorities(jdbc, key));
    }

    private static JdbcTemplate database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:trust-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
        return new JdbcTemplate(dataSource);
    }

    private static String request(String applianceId) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = generator.generateKeyPair();
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + applianceId), kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        }
        return out.toString();
    }
}
