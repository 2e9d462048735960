package io.lifeboat.network.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.network.ApplianceCopyService.ApplianceCopy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplianceCopyNoticesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

    @Test
    void a_copy_refused_while_the_original_holds_the_stream_says_where_the_original_is() {
        ApplianceCopy copy = new ApplianceCopy("acme", "LAN", NeaRole.TENANT, "198.51.100.7", "198.51.100.9", NOW);

        assertThat(ApplianceCopyNotices.lines(List.of(copy))).singleElement().asString()
                .contains("dials from 198.51.100.9 and is refused: the NEA connected from 198.51.100.7 carries the network")
                .contains("Find the copy at the tenant's site");
        assertThat(ApplianceCopyNotices.tenantLines(List.of(copy))).singleElement().asString()
                .contains("the NEA at 198.51.100.7 carries the network");
    }

    /** Refused for running in another VM than the NEA's: the original may not be connected at all. */
    @Test
    void a_copy_refused_for_its_vm_while_no_original_is_connected_says_so_instead_of_an_empty_address() {
        ApplianceCopy copy = new ApplianceCopy("acme", "LAN", NeaRole.PROVIDER, "", "198.51.100.9", NOW);

        assertThat(ApplianceCopyNotices.lines(List.of(copy))).singleElement().asString()
                .contains("and is refused: it runs in another VM than the network's NEA, which is not connected now, and the copy has stood down")
                .doesNotContain("connected from ,").contains("Find the copy at the provider");
        assertThat(ApplianceCopyNotices.tenantLines(List.of(copy))).singleElement().asString()
                .contains("it runs in another VM than the network's NEA").doesNotContain("the NEA at ,");
    }
}
