package io.lifeboat.network;

/** The lab data plane cannot run here (not root, no {@code ip}/{@code openvpn}); the portal runs without it. */
public class DataPlaneUnavailableException extends NetworkExtensionException {

    public DataPlaneUnavailableException(String message) {
        super(message);
    }
}
