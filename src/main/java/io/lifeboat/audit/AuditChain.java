package io.lifeboat.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The hash of an audit row: SHA-256 over the previous row's hash and every field of the row, unambiguously joined. */
final class AuditChain {

    static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    static String hash(String previousHash, long seq, AuditRecord row) {
        String content = Stream.of(previousHash, Long.toString(seq), Long.toString(row.at().toEpochMilli()), row.username(),
                        String.valueOf(row.tenantId()), row.action(), row.target(), row.outcome().name(), row.detail(), row.sourceIp(),
                        row.credential())
                .map(field -> field.length() + ":" + field) // length-prefixed: no two different rows join to the same text
                .collect(Collectors.joining("|"));
        return sha256(content);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
