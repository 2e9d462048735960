package io.lifeboat.vsphere;

/**
 * Opens {@link Hypervisor} sessions. Sessions are cached per endpoint and logged in again when the
 * server drops them, so callers ask for one whenever they need it instead of holding it.
 */
public interface HypervisorConnector {

    /** A logged-in session; throws {@link HypervisorException} (UNREACHABLE or AUTHENTICATION) when it cannot log in. */
    Hypervisor connect(SiteEndpoint endpoint);
}
