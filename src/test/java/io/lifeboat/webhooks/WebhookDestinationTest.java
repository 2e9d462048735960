package io.lifeboat.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenancyService;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * With {@code lifeboat.webhooks.allow-private-addresses} off, as in production: a tenant cannot register an endpoint on
 * the provider's network, and an endpoint whose name resolves there by the time of a send (its DNS changed after it was
 * registered) is sent nothing; its delivery says why. No lab: the one tenant is declared as configuration, and its
 * vCenter and the receiver are on loopback, the only place this test sends anything to.
 */
@SpringBootTest(properties = {
        "spring.quartz.scheduler-name=lifeboat-webhook-destination-test",
        "lifeboat.webhooks.allow-private-addresses=false",
        "lifeboat.setup.sites.hooks-vc.url=http://127.0.0.1:9/sdk",
        "lifeboat.setup.sites.hooks-vc.username=lifeboat",
        "lifeboat.setup.sites.hooks-vc.password=secret",
        "lifeboat.setup.tenants.initech.display-name=Initech",
        "lifeboat.setup.tenants.initech.quota-cpus=4",
        "lifeboat.setup.tenants.initech.quota-memory-mb=8192",
        "lifeboat.setup.tenants.initech.tenant-site=hooks-vc",
        "lifeboat.setup.tenants.initech.tenant-folder=production/initech",
        "lifeboat.setup.tenants.initech.provider-site=hooks-vc",
        "lifeboat.setup.tenants.initech.provider-folder=tenants/initech"})
@ActiveProfiles("test")
class WebhookDestinationTest {

    private static final String OPERATOR = "initech-operator";

    @Autowired AsUser as;
    @Autowired TenancyService tenancy;
    @Autowired WebhookService webhooks;
    @Autowired WebhookEndpointRepository endpoints;
    @Autowired WebhookDeliveryRepository deliveries;
    @Autowired WebhookDispatcher dispatcher;
    @Autowired PrivateKeySealer sealer;
    @Autowired Clock clock;

    @BeforeEach
    void operator() {
        tenancy.ensureLocalAccount(OPERATOR, "a password nobody types", Role.TENANT_OPERATOR, "initech");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/actuator/prometheus", "http://localhost/hook", "http://10.0.0.5/", "https://172.20.1.1/hook",
            "https://192.168.1.10/hook", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0:8080/",
            "http://[::1]:8080/", "http://[fd00::5]/", "http://[fe80::1]/", "http://[::ffff:10.0.0.5]/", "http://224.0.0.1/",
            "http://198.18.0.1/", "http://255.255.255.255/", "https://203.0.113.10/hook", "http://[2001:db8::1]/"})
    void a_tenants_endpoint_on_the_providers_network_is_refused_with_the_reason_on_the_url_field(String url) {
        assertThatThrownBy(() -> as.call(OPERATOR, () -> webhooks.register(url, Set.of(WebhookEvent.VM_REACHABLE))))
                .isInstanceOfSatisfying(InvalidInputException.class, refused -> {
                    assertThat(refused.field()).isEqualTo("url");
                    assertThat(refused.getMessage()).contains("points to an internal address").endsWith("webhooks go only to public addresses.");
                });
        assertThat(as.call(OPERATOR, webhooks::endpoints)).as("nothing saved").isEmpty();
    }

    /** Registering sends nothing, so a public address nobody here runs a receiver on will do (documentation addresses are refused). */
    @Test
    void an_endpoint_on_a_public_address_is_registered() {
        RegisteredWebhook registered = as.call(OPERATOR, () -> webhooks.register("https://93.184.215.14/hook", Set.of(WebhookEvent.VM_REACHABLE)));

        assertThat(registered.endpoint().url()).isEqualTo("https://93.184.215.14/hook");
        as.run(OPERATOR, () -> webhooks.remove(registered.endpoint().id()));
    }

    @Test
    void a_delivery_to_a_name_that_now_resolves_to_loopback_is_not_sent_and_says_why() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 204)) {
            String url = receiver.url().replace("127.0.0.1", "localhost");
            long tenantId = tenancy.findTenantByName("initech").orElseThrow().id();
            // Stored as registration stores it, as if the name had resolved to a public address then.
            WebhookEndpoint endpoint = endpoints.save(new WebhookEndpoint(tenantId, url, sealer.seal("whsec_test", WebhookService.sealContext(url)),
                    Set.of(WebhookEvent.VM_REACHABLE), OPERATOR, clock.instant()));
            deliveries.save(new WebhookDelivery(endpoint.getId(), WebhookEvent.VM_REACHABLE, "{\"event\":\"vm.reachable\"}", clock.instant()));

            dispatcher.wake();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(as.call(OPERATOR, () -> webhooks.deliveries(0, 10))).singleElement()
                    .satisfies(delivery -> {
                        assertThat(delivery.attempts()).isPositive();
                        assertThat(delivery.lastStatus()).isNull();
                        assertThat(delivery.lastError()).isEqualTo("InternalAddressRefused: localhost points to an internal address (loopback, private,"
                                + " link-local, multicast or reserved): webhooks go only to public addresses.");
                    }));
            assertThat(receiver.received()).isEmpty();
            as.run(OPERATOR, () -> webhooks.remove(endpoint.getId()));
        }
    }
}
