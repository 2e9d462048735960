package io.lifeboat.hypervisor;

/**
 * Opens {@link Hypervisor} sessions. Sessions are cached per endpoint and logged in again when the
 * server drops them, so callers ask for one whenever they need it instead of holding it.
 */
public interface HypervisorConnector {

    /** A logged-in session; throws {@link HypervisorException} (UNREACHABLE or AUTHENTICATION) when it cannot log in. */
    Hypervisor connect(SiteEndpoint endpoint);

    /**
     * A logged-in session that may also build inventory and move datastore files (lab seeding, failback copies).
     * Connectors that cannot (e.g. test fakes) throw {@link UnsupportedOperationException}.
     */
    default HypervisorAdmin admin(SiteEndpoint endpoint) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not provision");
    }
}
