package io.lifeboat.pki;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tunnel private keys that {@link TunnelCredentialStore} keeps in {@code <dir>/<tunnel name>.json}, as sealed values:
 * two per tunnel, that is per tenant network (tenant side, provider side). A replacement rewrites the file through a temporary file and an atomic move.
 */
public final class TunnelCredentialFiles implements SealedSecrets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SIDES = List.of("tenantSide", "providerSide");
    private final Path dir;

    public TunnelCredentialFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public String kind() {
        return "tunnel private keys";
    }

    @Override
    public List<SealedSecret> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SealedSecret> secrets = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String tunnelName = file.getFileName().toString().replaceFirst("\\.json$", "");
                ObjectNode credentials = read(file);
                for (String side : SIDES) {
                    secrets.add(new SealedSecret(id(tunnelName, side), context(tunnelName, side), credentials.get(side).get("sealedKey").asText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list tunnel credentials in " + dir, e);
        }
        return secrets;
    }

    @Override
    public synchronized void replace(SealedSecret current, String resealed) {
        String[] tunnelAndSide = current.id().split(" ", 3);
        String tunnelName = tunnelAndSide[1];
        String side = tunnelAndSide[2];
        Path file = dir.resolve(tunnelName + ".json");
        ObjectNode credentials = read(file);
        ObjectNode sideNode = (ObjectNode) credentials.get(side);
        if (!sideNode.get("sealedKey").asText().equals(current.sealed())) {
            throw new IllegalStateException("The " + side + " key of " + tunnelName + " changed while rotating; run the rotation again.");
        }
        sideNode.put("sealedKey", resealed);
        try {
            Path tmp = dir.resolve(tunnelName + ".json.tmp");
            Files.writeString(tmp, credentials.toPrettyString());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store tunnel credentials of " + tunnelName, e);
        }
    }

    /** The associated data {@link TunnelCredentialStore} seals each side's key with. */
    private static String context(String tunnelName, String side) {
        return tunnelName + (side.equals("tenantSide") ? "/t" : "/p");
    }

    private static String id(String tunnelName, String side) {
        return "tunnel " + tunnelName + " " + side;
    }

    private static ObjectNode read(Path file) {
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tunnel credentials " + file, e);
        }
    }
}
