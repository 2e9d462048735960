package io.lifeboat.hypervisor;

/**
 * Where and how to log in to a vSphere endpoint. {@code url} is the SDK URL, e.g. {@code https://vc.example/sdk}.
 * {@code certificateSha256} pins the server's certificate (its SHA-256 thumbprint, as {@link ServerCertificate} shows
 * it): every connection, SOAP and datastore transfer alike, is refused when the server presents another one. Null: the
 * JDK's trust store decides. {@code trustAllCertificates} is for labs with self-signed certificates only.
 */
public record SiteEndpoint(String url, String username, String password, boolean trustAllCertificates, String certificateSha256) {

    public SiteEndpoint(String url, String username, String password, boolean trustAllCertificates) {
        this(url, username, password, trustAllCertificates, null);
    }

    @Override
    public String toString() {
        return "SiteEndpoint[" + url + ", user=" + username + "]"; // never print the password
    }
}
