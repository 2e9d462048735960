package io.lifeboat.webhooks;

import io.lifeboat.pki.SealedSecret;
import io.lifeboat.pki.SealedSecrets;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The webhook endpoints' signing secrets as sealed values, for a master key rotation; each replacement is its own transaction. */
public final class SealedWebhookSecrets implements SealedSecrets {

    private final JdbcTemplate jdbc;

    /** {@code jdbc} must auto-commit each statement (it does without a surrounding transaction). */
    public SealedWebhookSecrets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "webhook signing secrets";
    }

    @Override
    public List<SealedSecret> all() {
        return jdbc.query("select id, url, secret_sealed from webhook_endpoint order by id",
                (row, i) -> new SealedSecret("webhook " + row.getLong(1), WebhookService.sealContext(row.getString(2)), row.getString(3)));
    }

    @Override
    public void replace(SealedSecret current, String resealed) {
        int updated = jdbc.update("update webhook_endpoint set secret_sealed = ? where id = ? and secret_sealed = ?",
                resealed, Long.parseLong(current.id().substring("webhook ".length())), current.sealed());
        if (updated != 1) {
            throw new IllegalStateException("The secret of " + current.id() + " changed while rotating; run the rotation again.");
        }
    }
}
