package io.lifeboat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChangeNoticeTest {

    @Test
    void a_notice_survives_its_payload_with_and_without_a_tenant() {
        assertThat(ChangeNotice.parse(new ChangeNotice("3f2a-node", 42L).payload())).isEqualTo(new ChangeNotice("3f2a-node", 42L));
        assertThat(ChangeNotice.parse(new ChangeNotice("3f2a-node", null).payload())).isEqualTo(new ChangeNotice("3f2a-node", null));
    }

    @Test
    void a_payload_that_is_not_a_notice_is_refused() {
        assertThatThrownBy(() -> ChangeNotice.parse("no-colon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangeNotice.parse(":42")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangeNotice.parse("node:forty-two")).isInstanceOf(NumberFormatException.class);
    }
}
