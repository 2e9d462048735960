package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.ServerCertificate;
import io.lifeboat.hypervisor.SiteEndpoint;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.VimPortType;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.ws.WSClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.rmi.RemoteException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * yavijava's SOAP client for one login to a pinned endpoint, with its own SSL context. yavijava would otherwise build
 * one SSL context for the whole JVM from the first custom trust manager it is given, so one site's pin would apply to
 * all, and a TLS session made under an old pin could be resumed under a new one. Here a login's TLS sessions and
 * kept-alive connections belong to that login only, and every response is read only after the connection's
 * certificate, resumed session or not, proved to be the pinned one.
 */
final class PinnedSoapClient extends WSClient {

    private static final ManagedObjectReference SERVICE_INSTANCE = serviceInstance();

    private final String url;
    private final String sha256;

    private PinnedSoapClient(String url, String sha256) throws MalformedURLException, RemoteException {
        super(url, false, ServerCertificate.pinned(url, sha256));
        this.url = url;
        this.sha256 = sha256;
    }

    /** The SOAP port and service content after logging in to {@code endpoint}, whose certificate must be pinned. */
    static VimClient.Login login(SiteEndpoint endpoint, int connectTimeoutMs, int readTimeoutMs, long generation)
            throws RemoteException, MalformedURLException {
        PinnedSoapClient client = new PinnedSoapClient(endpoint.url(), endpoint.certificateSha256());
        client.setVimNameSpace(ServiceInstance.VIM25_NAMESPACE);
        client.setConnectTimeout(connectTimeoutMs);
        client.setReadTimeout(readTimeoutMs);
        VimPortType vim = new VimPortType(client);
        ServiceContent sc = vim.retrieveServiceContent(SERVICE_INSTANCE);
        client.setSoapActionOnApiVersion(sc.getAbout().getApiVersion());
        vim.login(sc.getSessionManager(), endpoint.username(), endpoint.password(), null);
        return new VimClient.Login(vim, sc, generation);
    }

    /** Called by the superclass constructor: a context of this login's own, trusting only the pinned certificate. */
    @Override
    protected SSLSocketFactory getCustomTrustManagerSocketFactory(TrustManager trust) {
        return ServerCertificate.context(trust).getSocketFactory();
    }

    @Override
    protected InputStream getInputStreamFromConnection(HttpURLConnection connection) throws RemoteException {
        if (connection instanceof HttpsURLConnection https) {
            try {
                ServerCertificate.requirePinned(url, sha256, https);
            } catch (IOException e) {
                connection.disconnect();
                throw new RemoteException(e.getMessage(), e);
            }
        }
        return super.getInputStreamFromConnection(connection);
    }

    private static ManagedObjectReference serviceInstance() {
        ManagedObjectReference mor = new ManagedObjectReference();
        mor.setType("ServiceInstance");
        mor.setVal("ServiceInstance");
        return mor;
    }
}
