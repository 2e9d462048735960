package io.lifeboat.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.LabTest;
import io.lifeboat.lab.LabBootstrap;
import io.lifeboat.lab.LabSites;
import io.lifeboat.tenancy.TenancyService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Site passwords are stored encrypted, bound to their site, and still log in after the round trip. */
@LabTest
class SiteCredentialsTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired InventoryService inventory;
    @Autowired TenancyService tenancy;
    @Autowired LabSites lab;

    @Test
    void site_passwords_are_encrypted_at_rest_and_decrypt_for_the_right_site_only() {
        String password = lab.providerSimulator().endpoint().password();
        List<String> stored = jdbc.queryForList("select password_encrypted from site", String.class);
        assertThat(stored).isNotEmpty().allSatisfy(value -> {
            assertThat(value).startsWith("v1:").doesNotContain(password);
        });
        long acme = tenancy.findTenantByName("acme").orElseThrow().id();
        assertThat(inventory.sitesOf(acme).providerSite().password()).isEqualTo(password);

        // A sealed password copied onto another site does not open there.
        jdbc.update("update site set password_encrypted = (select password_encrypted from site where name = ?) where name = ?",
                LabBootstrap.PROVIDER_SITE, LabBootstrap.TENANT_SITE);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> inventory.sitesOf(acme))
                    .hasMessageContaining("Cannot decrypt the stored secret of site:" + LabBootstrap.TENANT_SITE);
        } finally {
            inventory.registerSite(LabBootstrap.TENANT_SITE, lab.tenantSimulator().endpoint().url(), lab.tenantSimulator().endpoint().username(),
                    lab.tenantSimulator().endpoint().password(), false);
        }
    }
}
