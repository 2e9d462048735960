package io.lifeboat.network;

/** A network id that is not one of the caller's tenant's: another tenant's answers exactly as a missing one. */
public class UnknownNetworkException extends IllegalArgumentException {

    public UnknownNetworkException(long networkId) {
        super("There is no network with id " + networkId + " in your organisation.");
    }
}
