package io.lifeboat.pki;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps each tunnel's credentials in {@code <dir>/<name>.json}, private keys sealed. The network extension names a
 * tunnel per tenant network ({@code <tenant>-n<network id>}): that name is what the methods call {@code tenant}. A
 * portal restart finds the same keys, so re-pushing desired state does not restart a running tunnel. (The portal may
 * later move this into its database; the sealed format stays the same.)
 */
public final class TunnelCredentialStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final PrivateKeySealer sealer;
    private final TunnelPki pki;

    public TunnelCredentialStore(Path dir, PrivateKeySealer sealer, TunnelPki pki) {
        this.dir = dir;
        this.sealer = sealer;
        this.pki = pki;
    }

    public synchronized TenantTunnelCredentials getOrIssue(String tenant) {
        return load(tenant).orElseGet(() -> save(pki.issue(tenant, 1)));
    }

    public synchronized TenantTunnelCredentials rotate(String tenant) {
        return save(pki.rotate(getOrIssue(tenant)));
    }

    public synchronized Optional<TenantTunnelCredentials> load(String tenant) {
        Path f = file(tenant);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(f.toFile());
            return Optional.of(new TenantTunnelCredentials(tenant, n.get("generation").asInt(),
                    read(n.get("tenantSide"), tenant + "/t"), read(n.get("providerSide"), tenant + "/p")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tunnel credentials of " + tenant, e);
        }
    }

    private TenantTunnelCredentials save(TenantTunnelCredentials c) {
        ObjectNode n = JSON.createObjectNode().put("tenant", c.tenant()).put("generation", c.generation());
        n.set("tenantSide", write(c.tenantSide(), c.tenant() + "/t"));
        n.set("providerSide", write(c.providerSide(), c.tenant() + "/p"));
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(c.tenant() + ".json.tmp");
            Files.writeString(tmp, n.toPrettyString());
            Files.move(tmp, file(c.tenant()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store tunnel credentials of " + c.tenant(), e);
        }
    }

    private ObjectNode write(TunnelCredential c, String context) {
        return JSON.createObjectNode().put("certPem", c.certPem()).put("fingerprint", c.fingerprint())
                .put("notAfter", c.notAfter().toString()).put("sealedKey", sealer.seal(c.keyPem(), context));
    }

    private TunnelCredential read(com.fasterxml.jackson.databind.JsonNode n, String context) {
        return new TunnelCredential(n.get("certPem").asText(), sealer.open(n.get("sealedKey").asText(), context),
                n.get("fingerprint").asText(), Instant.parse(n.get("notAfter").asText()));
    }

    private Path file(String tenant) {
        if (!tenant.matches("[a-z0-9][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("invalid tenant name: " + tenant);
        }
        return dir.resolve(tenant + ".json");
    }
}
