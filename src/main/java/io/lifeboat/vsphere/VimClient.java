package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.ServerCertificate;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.CallsUnderWay;
import io.lifeboat.hypervisor.HypervisorException;

import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MethodFault;
import com.vmware.vim25.MissingProperty;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.VimPortType;
import com.vmware.vim25.mo.ServiceInstance;
import io.lifeboat.hypervisor.HypervisorException.Kind;

import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOAP side of one endpoint: logs in, runs calls (logging in again once when the server dropped the session,
 * e.g. after a restart), maps yavijava's exceptions to {@link HypervisorException}s, retrieves properties in
 * batches and waits for tasks.
 */
final class VimClient {

    /** A call against the current login. */
    @FunctionalInterface
    interface VimCall<T> {
        T call(VimPortType vim, ServiceContent sc) throws RemoteException;
    }

    /** One login: a fresh yavijava client each time, because yavijava keeps the first session cookie it saw. */
    record Login(VimPortType vim, ServiceContent sc, long generation) {
    }

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 120_000;

    private final SiteEndpoint endpoint;
    private final AtomicLong generations = new AtomicLong();
    private volatile Login login;
    private volatile Runnable onRelogin = () -> { };

    private final CallsUnderWay underWay;

    VimClient(SiteEndpoint endpoint) {
        this(endpoint, new CallsUnderWay());
    }

    VimClient(SiteEndpoint endpoint, CallsUnderWay underWay) {
        this.endpoint = endpoint;
        this.underWay = underWay;
    }

    SiteEndpoint endpoint() {
        return endpoint;
    }

    /** Called after every new login, so callers can drop ids cached from the previous server state. */
    void onRelogin(Runnable action) {
        this.onRelogin = action;
    }

    Login login() {
        Login current = login;
        if (current != null) {
            return current;
        }
        try (CallsUnderWay.Registration recorded = underWay.started(endpoint.url(), "log in")) {
            return relogin(null);
        }
    }

    /** Logs in again unless another thread already replaced {@code stale}. */
    synchronized Login relogin(Login stale) {
        if (login != null && login != stale) {
            return login;
        }
        URL url;
        try {
            url = new URL(endpoint.url());
        } catch (MalformedURLException e) {
            throw new HypervisorException(Kind.UNREACHABLE, "The vSphere URL " + endpoint.url() + " is not valid.", e);
        }
        try {
            boolean pinned = endpoint.certificateSha256() != null && !endpoint.trustAllCertificates();
            Login fresh = pinned ? PinnedSoapClient.login(endpoint, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, generations.incrementAndGet())
                    : unpinnedLogin(url);
            boolean first = login == null;
            login = fresh;
            if (!first) {
                onRelogin.run();
            }
            return fresh;
        } catch (RemoteException | MalformedURLException | RuntimeException e) {
            throw translate(e, "log in");
        }
    }

    private Login unpinnedLogin(URL url) throws RemoteException, MalformedURLException {
        ServiceInstance si = new ServiceInstance(url, endpoint.username(), endpoint.password(),
                endpoint.trustAllCertificates(), CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
        return new Login(si.getServerConnection().getVimService(), si.getServiceContent(), generations.incrementAndGet());
    }

    void logout() {
        Login current = login;
        login = null;
        if (current != null) {
            try {
                current.vim().logout(current.sc().getSessionManager());
            } catch (RemoteException | RuntimeException ignored) {
                // the session dies with the server anyway
            }
        }
    }

    /**
     * Runs {@code call}; if the server no longer knows our session, logs in again once and repeats it. The call is
     * {@linkplain CallsUnderWay recorded} until it ends, so an operation waiting on a site that hangs can say so.
     */
    <T> T call(String what, VimCall<T> call) {
        try (CallsUnderWay.Registration recorded = underWay.started(endpoint.url(), what)) {
            return callLoggedIn(what, call);
        }
    }

    private <T> T callLoggedIn(String what, VimCall<T> call) {
        Login current = login();
        try {
            return call.call(current.vim(), current.sc());
        } catch (RemoteException | RuntimeException e) {
            if (!(e instanceof SessionLost) && !"NotAuthenticated".equals(faultType(e))) {
                throw translate(e, what);
            }
        }
        Login fresh = relogin(current);
        try {
            return call.call(fresh.vim(), fresh.sc());
        } catch (RemoteException | RuntimeException again) {
            throw translate(again, what);
        }
    }

    private static final Pattern FAULT_TYPE = Pattern.compile("<detail>\\s*<(\\w+?)(?:Fault)?[\\s>/]");
    private static final Pattern FAULT_XSI_TYPE = Pattern.compile("<detail>[^>]*xsi:type=\"(\\w+)\"");
    private static final Pattern FAULT_STRING = Pattern.compile("<faultstring>([^<]*)</faultstring>");

    /**
     * The vSphere fault's type name (e.g. {@code NotAuthenticated}), or null if {@code e} is no vSphere fault. yavijava
     * fails to build fault objects on Java 17 (it reflects into {@code Throwable}), so this reads the fault's XML that
     * it puts in the message when it gives up, and falls back to the class when it succeeded.
     */
    static String faultType(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MethodFault) {
                return t.getClass().getSimpleName();
            }
            String message = t.getMessage();
            if (message != null && message.contains("<detail>")) {
                Matcher m = FAULT_XSI_TYPE.matcher(message);
                if (m.find()) {
                    return m.group(1);
                }
                m = FAULT_TYPE.matcher(message);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static String faultString(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            Matcher m = message == null ? null : FAULT_STRING.matcher(message);
            if (m != null && m.find() && !m.group(1).isBlank()) {
                return m.group(1).trim();
            }
        }
        return null;
    }

    HypervisorException translate(Throwable e, String what) {
        if (e instanceof HypervisorException he) {
            return he;
        }
        String fault = faultType(e);
        if (fault != null) {
            String detail = faultString(e);
            return switch (fault) {
                case "InvalidLogin" -> new HypervisorException(Kind.AUTHENTICATION, "vSphere at " + endpoint.url()
                        + " refused the user name or password of '" + endpoint.username() + "'. Check the site's credentials.", e);
                case "NotAuthenticated", "NoPermission" -> new HypervisorException(Kind.AUTHENTICATION, "vSphere at "
                        + endpoint.url() + " did not allow '" + endpoint.username() + "' to " + what + ".", e);
                case "ManagedObjectNotFound" -> new Failure(Kind.NOT_FOUND, "The vSphere object to " + what
                        + " no longer exists at " + endpoint.url() + ".", fault, e);
                default -> new Failure(Kind.TASK_FAILED, "vSphere refused to " + what + ": " + fault
                        + (detail == null ? "" : " (" + detail + ")"), fault, e);
            };
        }
        HypervisorException untrusted = untrusted(endpoint, e);
        if (untrusted != null) {
            return untrusted;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || String.valueOf(t.getMessage()).contains("Connection refused")) {
                return new HypervisorException(Kind.UNREACHABLE, "Cannot reach vSphere at " + endpoint.url()
                        + ": connection refused. Check that the vCenter is running and the URL is right.", e);
            }
            if (t instanceof SocketTimeoutException) {
                return new HypervisorException(Kind.UNREACHABLE, "vSphere at " + endpoint.url()
                        + " did not answer in time (" + what + "). Check that the vCenter is running and reachable.", e);
            }
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (detail.contains("IOException") || detail.contains("Connection reset") || detail.contains("Unexpected end of file")) {
            return new HypervisorException(Kind.UNREACHABLE, "Lost the connection to vSphere at " + endpoint.url()
                    + " (" + what + "). Check that the vCenter is running.", e);
        }
        return new HypervisorException(Kind.TASK_FAILED, "vSphere call failed (" + what + "): " + detail, e);
    }

    /** UNTRUSTED when TLS refused the server's certificate (changed since it was pinned, or never trusted); else null. */
    static HypervisorException untrusted(SiteEndpoint endpoint, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServerCertificate.CertificateChangedException changed) {
                return new HypervisorException(Kind.UNTRUSTED, changed.getMessage(), e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return new HypervisorException(Kind.UNTRUSTED, "The certificate of " + endpoint.url()
                        + " is not trusted. Use Test connection on the Sites page to check its thumbprint and trust it.", e);
            }
        }
        return null;
    }

    // --- property collection -------------------------------------------------------------------------------

    /** All objects the spec selects, following the server's paging tokens. */
    List<ObjectContent> retrieve(String what, PropertyFilterSpec spec) {
        return call(what, (vim, sc) -> {
            RetrieveOptions options = new RetrieveOptions();
            options.setMaxObjects(1000);
            List<ObjectContent> all = new ArrayList<>();
            RetrieveResult page = vim.retrievePropertiesEx(sc.getPropertyCollector(), new PropertyFilterSpec[]{spec}, options);
            while (page != null) {
                if (page.getObjects() != null) {
                    for (ObjectContent oc : page.getObjects()) {
                        if (notAuthenticated(oc)) {
                            throw new SessionLost();
                        }
                        all.add(oc);
                    }
                }
                if (page.getToken() == null) {
                    break;
                }
                page = vim.continueRetrievePropertiesEx(sc.getPropertyCollector(), page.getToken());
            }
            return all;
        });
    }

    /** vcsim answers a property retrieval without a valid session with "not authenticated" per property, not a fault. */
    private static boolean notAuthenticated(ObjectContent oc) {
        if (oc.getMissingSet() == null) {
            return false;
        }
        for (MissingProperty missing : oc.getMissingSet()) {
            LocalizedMethodFault f = missing.getFault();
            if (f != null && f.getFault() != null && f.getFault().getClass().getSimpleName().equals("NotAuthenticated")) {
                return true;
            }
        }
        return false;
    }

    /** Thrown inside a call when the server has forgotten our session. */
    private static final class SessionLost extends RuntimeException {
        SessionLost() {
            super("vSphere session lost", null, false, false);
        }
    }

    /** Some properties of one object; NOT_FOUND if it is gone. */
    Map<String, Object> properties(ManagedObjectReference obj, String... paths) {
        PropertyFilterSpec spec = filter(objectSpec(obj), propertySpec(obj.getType(), paths));
        List<ObjectContent> result = retrieve("read " + obj.getVal(), spec);
        if (result.isEmpty()) {
            throw new HypervisorException(Kind.NOT_FOUND, "The vSphere object " + obj.getVal() + " no longer exists at "
                    + endpoint.url() + ".");
        }
        return props(result.get(0));
    }

    static Map<String, Object> props(ObjectContent oc) {
        Map<String, Object> map = new HashMap<>();
        if (oc.getPropSet() != null) {
            for (var p : oc.getPropSet()) {
                map.put(p.getName(), p.getVal());
            }
        }
        return map;
    }

    static PropertyFilterSpec filter(ObjectSpec objects, PropertySpec... props) {
        PropertyFilterSpec spec = new PropertyFilterSpec();
        spec.setObjectSet(new ObjectSpec[]{objects});
        spec.setPropSet(props);
        return spec;
    }

    static ObjectSpec objectSpec(ManagedObjectReference obj) {
        ObjectSpec os = new ObjectSpec();
        os.setObj(obj);
        os.setSkip(false);
        return os;
    }

    static PropertySpec propertySpec(String type, String... paths) {
        PropertySpec ps = new PropertySpec();
        ps.setType(type);
        ps.setAll(false);
        ps.setPathSet(paths);
        return ps;
    }

    static ManagedObjectReference mor(String type, String id) {
        ManagedObjectReference mor = new ManagedObjectReference();
        mor.setType(type);
        mor.setVal(id);
        return mor;
    }

    // --- tasks ------------------------------------------------------------------------------------------------

    /** Runs a call that starts a task and waits for it; returns the task's result (may be null). */
    Object runTask(String what, Duration timeout, VimCall<ManagedObjectReference> start) {
        ManagedObjectReference task = call(what, start);
        return waitForTask(task, what, timeout);
    }

    /**
     * Polls the task: at once (most simulator and many vCenter tasks are done by then), then from 20 ms backing off
     * to 500 ms, so short tasks cost two round trips and long ones little load.
     */
    Object waitForTask(ManagedObjectReference task, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleepMs = 20;
        while (true) {
            Map<String, Object> info = properties(task, "info.state", "info.error", "info.result");
            Object state = info.get("info.state");
            if (state == TaskInfoState.success || "success".equals(String.valueOf(state))) {
                return info.get("info.result");
            }
            if (state == TaskInfoState.error || "error".equals(String.valueOf(state))) {
                throw taskFailed(what, (LocalizedMethodFault) info.get("info.error"));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new HypervisorException(Kind.TIMEOUT, "vSphere did not finish the task to " + what + " within "
                        + timeout.toSeconds() + " s (task " + task.getVal() + " at " + endpoint.url() + ").");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(Math.min(sleepMs, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HypervisorException(Kind.TIMEOUT, "Interrupted while waiting to " + what + ".", e);
            }
            sleepMs = Math.min(500, sleepMs * 3 / 2);
        }
    }

    private Failure taskFailed(String what, LocalizedMethodFault error) {
        MethodFault fault = error == null ? null : error.getFault();
        String type = fault == null ? null : fault.getClass().getSimpleName();
        String message = error == null ? null : error.getLocalizedMessage();
        if (message != null && message.startsWith("*types.")) { // vcsim puts the Go type here
            type = type == null || type.equals("MethodFault") ? message.substring("*types.".length()) : type;
            message = null;
        }
        if (message == null || message.isBlank()) {
            message = type == null ? "unknown error" : type;
        }
        return new Failure(Kind.TASK_FAILED, "vSphere task to " + what + " failed: " + message, type, fault);
    }

    /** A vSphere fault; {@link #faultType()} lets callers accept expected ones (e.g. powering off a VM that is off). */
    static final class Failure extends HypervisorException {
        private final String faultType;

        Failure(Kind kind, String message, String faultType, Throwable cause) {
            super(kind, message, cause);
            this.faultType = faultType;
        }

        String faultType() {
            return faultType;
        }
    }

    static boolean isFault(HypervisorException e, String faultType) {
        return e instanceof Failure f && faultType.equals(f.faultType());
    }
}
