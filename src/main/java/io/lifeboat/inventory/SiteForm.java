package io.lifeboat.inventory;

/**
 * A site as the provider enters it. {@code password} blank when editing: keep the stored one.
 * {@code trustedCertificateSha256}: the thumbprint the provider saw and accepted in Test connection (null for http).
 */
public record SiteForm(String name, String url, String username, String password, String trustedCertificateSha256,
                       String applianceTemplate, String applianceUplinkNetwork) {
}
