package io.lifeboat.lab.network;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.network.DataPlaneUnavailableException;
import org.junit.jupiter.api.Test;

class LabNetworkWithoutRootTest {

    @Test
    void without_root_the_lab_says_clearly_why_it_cannot_run() {
        assertThatThrownBy(() -> LabNetwork.requireDataPlane(false))
                .isInstanceOf(DataPlaneUnavailableException.class)
                .hasMessageStartingWith("The lab data plane needs root:")
                .hasMessageContaining("run without it");
    }
}
