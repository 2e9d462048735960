package io.lifeboat.network;

import io.lifeboat.gateway.ApplianceNics;
import jakarta.annotation.PostConstruct;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The LAN NIC of each NEA VM, read from vSphere by {@link ApplianceVms} as it powers the VM on, and kept in the database
 * so that every portal node checks it (ADR 0005, "One process per identity"): the control server refuses a process with
 * an NEA's certificate that dials from behind another NIC, a copied VM, even while the original does not answer.
 */
@Component
class NeaVmNics implements ApplianceNics {

    private final JdbcTemplate jdbc;
    private final Optional<ApplianceRuntime> runtime;
    private final Clock clock;

    NeaVmNics(JdbcTemplate jdbc, Optional<ApplianceRuntime> runtime, Clock clock) {
        this.jdbc = jdbc;
        this.runtime = runtime;
        this.clock = clock;
    }

    @PostConstruct
    void checkDials() {
        runtime.ifPresent(r -> r.checkNics(this));
    }

    @Override
    public Optional<String> lanMac(String applianceId) {
        return jdbc.queryForList("select lan_mac from appliance_vm_nic where appliance_id = ?", String.class, applianceId).stream().findFirst();
    }

    /** {@code applianceId}'s VM has the NIC {@code lanMac}, or (empty) none that vSphere names: nothing is checked then. */
    void record(String applianceId, Optional<String> lanMac) {
        if (lanMac.isEmpty()) {
            forget(applianceId);
            return;
        }
        String mac = lanMac.get().toLowerCase(java.util.Locale.ROOT);
        Timestamp now = Timestamp.from(clock.instant());
        if (update(applianceId, mac, now)) {
            return;
        }
        try {
            jdbc.update("insert into appliance_vm_nic (appliance_id, lan_mac, recorded_at) values (?, ?, ?)", applianceId, mac, now);
        } catch (DuplicateKeyException anotherNodeFirst) {
            update(applianceId, mac, now);
        }
    }

    /**
     * As {@link #record}, when nothing is on record for {@code applianceId}: a VM powered on before the portal recorded
     * NICs (an upgrade). {@code lanMac} asks vSphere, so only then.
     */
    void recordIfMissing(String applianceId, Supplier<Optional<String>> lanMac) {
        if (lanMac(applianceId).isEmpty()) {
            record(applianceId, lanMac.get());
        }
    }

    private boolean update(String applianceId, String mac, Timestamp now) {
        return jdbc.update("update appliance_vm_nic set lan_mac = ?, recorded_at = ? where appliance_id = ?", mac, now, applianceId) > 0;
    }

    /** The VM is gone (the network removed). */
    void forget(String applianceId) {
        jdbc.update("delete from appliance_vm_nic where appliance_id = ?", applianceId);
    }
}
