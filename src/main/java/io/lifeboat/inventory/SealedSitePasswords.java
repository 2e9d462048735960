package io.lifeboat.inventory;

import io.lifeboat.pki.SealedSecret;
import io.lifeboat.pki.SealedSecrets;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sites' vCenter passwords as sealed values, for a master key rotation; each replacement is its own transaction. */
public final class SealedSitePasswords implements SealedSecrets {

    private final JdbcTemplate jdbc;

    /** {@code jdbc} must auto-commit each statement (it does without a surrounding transaction). */
    public SealedSitePasswords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "site passwords";
    }

    @Override
    public List<SealedSecret> all() {
        return jdbc.query("select name, password_encrypted from site order by name",
                (row, i) -> new SealedSecret("site " + row.getString(1), "site:" + row.getString(1), row.getString(2)));
    }

    @Override
    public void replace(SealedSecret current, String resealed) {
        String site = current.context().substring("site:".length());
        int updated = jdbc.update("update site set password_encrypted = ? where name = ? and password_encrypted = ?",
                resealed, site, current.sealed());
        if (updated != 1) {
            throw new IllegalStateException("The password of site " + site + " changed while rotating; run the rotation again.");
        }
    }
}
