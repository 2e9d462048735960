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
 * Keeps each tunnel's credentials in {@code <dir>/<tunnel name>.json}, private keys sealed. The network extension names a
 * tunnel per tenant network ({@code <tenant>-n<network id>}, {@code TenantNetworkRef.tunnelName()}). A
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

    public synchronized TenantTunnelCredentials getOrIssue(String tunnelName) {
        return load(tunnelName).orElseGet(() -> save(pki.issue(tunnelName, 1)));
    }

    public synchronized TenantTunnelCredentials rotate(String tunnelName) {
        return save(pki.rotate(getOrIssue(tunnelName)));
    }

    public synchronized Optional<TenantTunnelCredentials> load(String tunnelName) {
        Path f = file(tunnelName);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(f.toFile());
            return Optional.of(new TenantTunnelCredentials(tunnelName, n.get("generation").asInt(),
                    read(n.get("tenantSide"), tunnelName + "/t"), read(n.get("providerSide"), tunnelName + "/p")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tunnel credentials of " + tunnelName, e);
        }
    }

    private TenantTunnelCredentials save(TenantTunnelCredentials c) {
        // "tenant": the field's name predates a tunnel per network; files already written keep it, so new ones do too
        ObjectNode n = JSON.createObjectNode().put("tenant", c.tunnelName()).put("generation", c.generation());
        n.set("tenantSide", write(c.tenantSide(), c.tunnelName() + "/t"));
        n.set("providerSide", write(c.providerSide(), c.tunnelName() + "/p"));
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(c.tunnelName() + ".json.tmp");
            Files.writeString(tmp, n.toPrettyString());
            Files.move(tmp, file(c.tunnelName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store tunnel credentials of " + c.tunnelName(), e);
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

    private Path file(String tunnelName) {
        if (!tunnelName.matches("[a-z0-9][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("invalid tunnel name: " + tunnelName);
        }
        return dir.resolve(tunnelName + ".json");
    }
}
