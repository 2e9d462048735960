package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a failed end of a drill says when no VM of it was left running in it. */
class NothingToEndTest {

    @Test
    void names_the_vms_in_error_and_says_to_retry_them() {
        assertThat(DrillEnding.nothingToEnd(List.of("app-01", "web-01"))).isEqualTo("Nothing was ended: no VM of this test failover is"
                + " running in it. In Error: app-01, web-01. Retry each from the VM's options: the retry powers it off and reverts it, and the"
                + " test failover ends once every VM is back.");
        assertThat(DrillEnding.nothingToEnd(List.of("web-01"))).contains("In Error: web-01. Retry it from the VM's options");
    }

    @Test
    void without_a_vm_in_error_says_where_the_others_are() {
        assertThat(DrillEnding.nothingToEnd(List.of())).isEqualTo("Nothing was ended: no VM of this test failover is running in it."
                + " Each was rolled back or is being cleaned up by another task.");
    }
}
