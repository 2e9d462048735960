package io.lifeboat.vsphere;

/**
 * Where and how to log in to a vSphere endpoint. {@code url} is the SDK URL, e.g. {@code https://vc.example/sdk}.
 * {@code trustAllCertificates} is for labs with self-signed certificates only.
 */
public record SiteEndpoint(String url, String username, String password, boolean trustAllCertificates) {

    @Override
    public String toString() {
        return "SiteEndpoint[" + url + ", user=" + username + "]"; // never print the password
    }
}
