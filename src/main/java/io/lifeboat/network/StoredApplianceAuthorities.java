package io.lifeboat.network;

import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.pki.ApplianceCertificates.Identity;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.SealedSecret;
import io.lifeboat.pki.SealedSecrets;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The appliance CAs and revocations in the database (ADR 0005): CA keys sealed under the master key, so that a portal
 * restart does not strand the appliances enrolled before it. Also a store a master key rotation re-seals.
 */
public final class StoredApplianceAuthorities implements ApplianceCertificates.Ledger, SealedSecrets {

    private static final String CONTEXT = "appliance-ca:";

    private final JdbcTemplate jdbc;
    private final PrivateKeySealer sealer;

    /** {@code sealer} may be null for a rotation, which only reads and replaces sealed values. */
    public StoredApplianceAuthorities(JdbcTemplate jdbc, PrivateKeySealer sealer) {
        this.jdbc = jdbc;
        this.sealer = sealer;
    }

    @Override
    public Map<String, Identity> authorities() {
        Map<String, Identity> all = new LinkedHashMap<>();
        jdbc.query("select name, certificate_pem, sealed_key from appliance_authority order by name", row -> {
            String name = row.getString(1);
            all.put(name, new Identity(row.getString(2), sealer.open(row.getString(3), CONTEXT + name)));
        });
        return all;
    }

    @Override
    public Identity storeIfAbsent(String name, Identity authority) {
        try {
            jdbc.update("insert into appliance_authority (name, certificate_pem, sealed_key, created_at) values (?, ?, ?, ?)",
                    name, authority.certPem(), sealer.seal(authority.keyPem(), CONTEXT + name), Timestamp.from(Instant.now()));
            return authority;
        } catch (DuplicateKeyException madeElsewhere) {
            return authorities().get(name);
        }
    }

    @Override
    public void revoke(BigInteger serial) {
        try {
            jdbc.update("insert into appliance_revocation (serial, revoked_at) values (?, ?)", serial.toString(16),
                    Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException alreadyRevoked) {
            // revoking twice is revoking once
        }
    }

    @Override
    public boolean isRevoked(BigInteger serial) {
        Integer n = jdbc.queryForObject("select count(*) from appliance_revocation where serial = ?", Integer.class, serial.toString(16));
        return n != null && n > 0;
    }

    @Override
    public Optional<BigInteger> supersede(String holder, BigInteger serial) {
        Optional<BigInteger> before = current(holder);
        Timestamp now = Timestamp.from(Instant.now());
        String update = "update certificate_holder set serial = ?, issued_at = ? where holder = ?";
        if (jdbc.update(update, serial.toString(16), now, holder) == 0) {
            try {
                jdbc.update("insert into certificate_holder (holder, serial, issued_at) values (?, ?, ?)", holder, serial.toString(16), now);
            } catch (DuplicateKeyException issuedElsewhere) {
                jdbc.update(update, serial.toString(16), now, holder);   // the later of two issues holds
            }
        }
        return before;
    }

    @Override
    public Optional<BigInteger> current(String holder) {
        return jdbc.queryForList("select serial from certificate_holder where holder = ?", String.class, holder).stream()
                .map(hex -> new BigInteger(hex, 16)).findFirst();
    }

    @Override
    public Optional<BigInteger> release(String holder) {
        // only the node whose delete took the row answers with its serial: two nodes never both act on one release
        return current(holder).filter(serial -> jdbc.update("delete from certificate_holder where holder = ? and serial = ?",
                holder, serial.toString(16)) == 1);
    }

    @Override
    public boolean replaceIf(String holder, BigInteger expected, BigInteger next) {
        return jdbc.update("update certificate_holder set serial = ?, issued_at = ? where holder = ? and serial = ?", next.toString(16),
                Timestamp.from(Instant.now()), holder, expected.toString(16)) == 1;
    }

    @Override
    public String kind() {
        return "appliance CA keys";
    }

    @Override
    public List<SealedSecret> all() {
        return jdbc.query("select name, sealed_key from appliance_authority order by name",
                (row, i) -> new SealedSecret("appliance CA " + row.getString(1), CONTEXT + row.getString(1), row.getString(2)));
    }

    @Override
    public void replace(SealedSecret current, String resealed) {
        String name = current.context().substring(CONTEXT.length());
        int updated = jdbc.update("update appliance_authority set sealed_key = ? where name = ? and sealed_key = ?",
                resealed, name, current.sealed());
        if (updated != 1) {
            throw new IllegalStateException("The key of appliance CA " + name + " changed while rotating; run the rotation again.");
        }
    }
}
