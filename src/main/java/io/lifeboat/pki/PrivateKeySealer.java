package io.lifeboat.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private keys at rest with AES-256-GCM (random 96-bit nonce per value, the value's context as associated data,
 * e.g. a tunnel's name and side, so a sealed key cannot be swapped into another record). The master key comes from configuration
 * (base64) or a key file. Sealed form: {@code v1:<base64(nonce ‖ ciphertext ‖ tag)>}.
 */
public final class PrivateKeySealer {

    private static final String PREFIX = "v1:";
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public PrivateKeySealer(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (AES-256), got " + masterKey.length);
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
    }

    public static PrivateKeySealer fromBase64(String base64) {
        return new PrivateKeySealer(Base64.getDecoder().decode(base64.trim()));
    }

    /**
     * Reads the master key file, creating it (owner read/write only) with a random key on first use.
     *
     * @throws IllegalStateException when the file exists but others than its owner may read or write it
     */
    public static PrivateKeySealer fromKeyFile(Path file) throws IOException {
        Path interrupted = rotationTarget(file);
        if (Files.exists(interrupted)) {
            throw new IllegalStateException("A master key rotation was interrupted: " + interrupted.toAbsolutePath()
                    + " exists, so some secrets may be sealed under it. Run the rotation again to finish it"
                    + " (java -jar lifeboat.jar rotate-master-key, with the portal's settings), then start the portal.");
        }
        if (!Files.exists(file)) {
            writeKeyFile(file, newKey());
        }
        return readKeyFile(file);
    }

    /** Reads an existing key file. @throws IllegalStateException when others than its owner may read or write it */
    public static PrivateKeySealer readKeyFile(Path file) throws IOException {
        requireOwnerOnly(file);
        return fromBase64(Files.readString(file));
    }

    /** Where a rotation keeps the new key until every secret is sealed under it: {@code <key file>.new}. */
    public static Path rotationTarget(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + ".new");
    }

    /** 32 random bytes. */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * Writes a key file owner-only, all at once: the key goes to a temporary file first, is forced to disk and then
     * moved into place, so a crash leaves either no file or a complete one.
     */
    public static void writeKeyFile(Path file, byte[] key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(Base64.getEncoder().encode(key)));
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        others.retainAll(permissions);
        if (!others.isEmpty()) {
            throw new IllegalStateException("The master key file " + file.toAbsolutePath() + " is open to others ("
                    + PosixFilePermissions.toString(permissions) + "): it protects every stored password. Run: chmod 600 " + file.toAbsolutePath());
        }
    }

    public String seal(String plaintext, String context) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, 12 + ct.length);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal private key", e);
        }
    }

    /** Whether this key opens the value for that context. */
    public boolean opens(String sealed, String context) {
        try {
            open(sealed, context);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Throws {@link IllegalArgumentException} when the value was tampered with, sealed for another context or key. */
    public String open(String sealed, String context) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot open sealed private key (wrong master key, context or tampered)", e);
        }
    }
}
