package io.lifeboat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.pki.ApplianceCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The Cloud Gateway's end of the appliances' control channel (ADR 0005): a gRPC server over TLS 1.3 that enrols
 * appliances with their one-time token and keeps each appliance's {@code Connect} stream, through which the portal
 * reaches it ({@link #client}). Every connection is checked: a certificate of a tenant's appliance CA, not revoked,
 * issued to the appliance id the stream claims, of that id's tenant; and one process per identity: a copy of an
 * appliance (its certificate, another process) is refused while the process holding the stream answers
 * ({@link StreamClaims}), on this node or, in a cluster, on another ({@link OtherNodes}). Each refusal is one WARNING line
 * naming the appliance, its address and the reason.
 *
 * <p>Plain Java, no Spring: runs inside the portal or in the gateway's own process.
 */
public final class ApplianceControlServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ApplianceControlServer.class.getName());
    private static final Context.Key<String> VERIFIED_ID = Context.key("lifeboat-verified-appliance");
    private static final Context.Key<X509Certificate> VERIFIED_CERT = Context.key("lifeboat-verified-certificate");
    private static final Context.Key<SocketAddress> REMOTE = Context.key("lifeboat-remote");
    private static final Context.Key<String> INSTANCE = Context.key("lifeboat-instance");
    private static final Context.Key<String> LAN_MAC = Context.key("lifeboat-lan-mac");
    /**
     * Longer than a link's longest wait between dials (5 s): a refused copy is listed while it keeps dialling, and a
     * process that lost its stream for its silence takes it back when it dials again within it.
     */
    public static final Duration CLAIM_MEMORY = Duration.ofMinutes(2);
    /**
     * How long the process holding a stream has to answer when another process with its certificate dials: one that
     * answers is alive, so the other is a copy. A restarted process's old stream is gone or answers nothing.
     */
    public static final Duration LIVENESS_PROBE = Duration.ofSeconds(2);
    /**
     * A process whose VM went off unseen sends no FIN: pinged, its stream ends within 40 s instead of never. Generous,
     * so that a process starved on a loaded host keeps its stream.
     */
    public static final Pings PINGS = new Pings(Duration.ofSeconds(20), Duration.ofSeconds(20));

    /** How often the server pings each connection, and how long an answer may take before the connection is closed. */
    public record Pings(Duration every, Duration answerWithin) {
    }

    private final ApplianceCertificates certificates;
    private final EnrolmentTokens tokens;
    private final Duration commandTimeout;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final StreamClaims claims = new StreamClaims(CLAIM_MEMORY);
    private final List<Consumer<String>> connectedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> disconnectedListeners = new CopyOnWriteArrayList<>();
    private volatile OtherNodes otherNodes = OtherNodes.NONE;
    private volatile ApplianceNics nics = ApplianceNics.NONE;
    private final ExecutorService listenerThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "appliance-connected");
        t.setDaemon(true);
        return t;
    });
    private final Server server;
    private final EventLoopGroup ownedLoop;
    private final CompletableFuture<Duration> warmedUp;

    /** @param ownedLoop the event loop of a Unix socket server, closed with it; null for TCP */
    private ApplianceControlServer(NettyServerBuilder listening, String where, ApplianceCertificates.Identity identity,
                                   ApplianceCertificates certificates, EnrolmentTokens tokens, Duration commandTimeout,
                                   Pings pings, EventLoopGroup ownedLoop) throws IOException {
        this.ownedLoop = ownedLoop;
        this.certificates = certificates;
        this.tokens = tokens;
        this.commandTimeout = commandTimeout;
        SslContext tls = GrpcSslContexts.configure(SslContextBuilder.forServer(pem(identity.certPem()), pem(identity.keyPem())))
                .trustManager(new TenantCaTrustManager(certificates))
                .clientAuth(ClientAuth.OPTIONAL)   // Enrol comes without a certificate; Connect is refused without one
                .protocols("TLSv1.3")
                .build();
        this.server = listening
                .sslContext(tls)
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .keepAliveTime(pings.every().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(pings.answerWithin().toMillis(), TimeUnit.MILLISECONDS)
                .addService(ServerInterceptors.intercept(service(), new Authorisation()))
                .build()
                .start();
        LOG.info("appliance control channel listening on " + (where == null ? "port " + server.getPort() : where));
        this.warmedUp = ControlServerWarmUp.start(server.getListenSockets().get(0), ownedLoop,
                ApplianceCertificates.parseCertificate(identity.certPem()), certificates.gatewayCaPem());
    }

    /**
     * Starts serving on {@code bind} (port 0: any free port, see {@link #port()}).
     *
     * @param commandTimeout how long a portal call waits for the appliance's reply
     */
    public static ApplianceControlServer start(InetSocketAddress bind, ApplianceCertificates.Identity identity,
                                               ApplianceCertificates certificates, EnrolmentTokens tokens,
                                               Duration commandTimeout) throws IOException {
        return start(bind, identity, certificates, tokens, commandTimeout, PINGS);
    }

    /** As {@link #start(InetSocketAddress, ApplianceCertificates.Identity, ApplianceCertificates, EnrolmentTokens, Duration)}, pinging as told. */
    public static ApplianceControlServer start(InetSocketAddress bind, ApplianceCertificates.Identity identity,
                                               ApplianceCertificates certificates, EnrolmentTokens tokens,
                                               Duration commandTimeout, Pings pings) throws IOException {
        NettyServerBuilder tcp = NettyServerBuilder.forAddress(bind)
                .withOption(ChannelOption.SO_REUSEADDR, true);   // a restarted gateway takes its port back at once
        return new ApplianceControlServer(tcp, null, identity, certificates, tokens, commandTimeout, pings, null);
    }

    /**
     * Starts serving on the Unix domain socket {@code socket}, for a process that a TCP forwarder fronts: the lab's
     * portal, which cannot listen inside the gateway's namespace itself (ADR 0006). TLS still ends here, so the forwarder
     * only ever sees ciphertext; refusal lines name the socket instead of the appliance's address.
     */
    public static ApplianceControlServer startOnUnixSocket(Path socket, ApplianceCertificates.Identity identity,
                                                           ApplianceCertificates certificates, EnrolmentTokens tokens,
                                                           Duration commandTimeout) throws IOException {
        Files.deleteIfExists(socket);
        EventLoopGroup loop = new EpollEventLoopGroup(2, r -> {
            Thread t = new Thread(r, "appliance-control-uds");
            t.setDaemon(true);
            return t;
        });
        NettyServerBuilder uds = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .withChildOption(ChannelOption.SO_KEEPALIVE, null)   // a TCP option: Netty warns on every domain socket
                .bossEventLoopGroup(loop)
                .workerEventLoopGroup(loop);
        try {
            return new ApplianceControlServer(uds, socket.toString(), identity, certificates, tokens, commandTimeout, PINGS, loop);
        } catch (IOException | RuntimeException e) {
            loop.shutdownGracefully();
            throw e;
        }
    }

    /**
     * Completes once the server dialled itself after its start, with how long that took ({@link ControlServerWarmUp}),
     * or exceptionally when it could not (the first appliance then only connects slower).
     */
    public CompletableFuture<Duration> warmedUp() {
        return warmedUp;
    }

    public int port() {
        return server.getPort();
    }

    public boolean isConnected(String applianceId) {
        return sessions.containsKey(applianceId);
    }

    /** The certificate {@code id}'s open stream was admitted with; empty when it is not connected here. */
    public Optional<X509Certificate> certificateOf(String id) {
        return Optional.ofNullable(sessions.get(id)).map(s -> s.certificate);
    }

    /** The ids of the appliances whose stream is open on this server now. */
    public Set<String> connectedIds() {
        return Set.copyOf(sessions.keySet());
    }

    /**
     * Calls {@code listener} with the appliance id each time an appliance's stream is accepted (first time or after
     * either side restarted), on a thread of its own: the portal re-sends that appliance's desired state there.
     */
    public void onConnected(Consumer<String> listener) {
        connectedListeners.add(listener);
    }

    /** Calls {@code listener} with the appliance id each time a stream held here ends, on a thread of its own. */
    public void onDisconnected(Consumer<String> listener) {
        disconnectedListeners.add(listener);
    }

    /** Asks {@code nodes}, at each dial no stream here clashes with, whether another node holds the identity. */
    public void consultOtherNodes(OtherNodes nodes) {
        this.otherNodes = nodes;
    }

    /** Checks, at each dial, that the process runs behind the LAN NIC of the VM made for its identity. */
    public void checkNics(ApplianceNics nics) {
        this.nics = nics;
    }

    /**
     * The process holding {@code id}'s stream here (its instance id, null for a link that sends none), for the other
     * nodes; {@code reclaimed}: it lost the stream for its silence before and took it back, so another node's process
     * with its certificate is the copy.
     */
    public record StreamHolder(String instance, BigInteger serial, String remote, boolean reclaimed) {
    }

    public Optional<StreamHolder> holder(String id) {
        return Optional.ofNullable(sessions.get(id))
                .map(s -> new StreamHolder(s.instance, s.certificate.getSerialNumber(), s.remote, s.reclaimed));
    }

    /**
     * Whether the process holding {@code id}'s stream answers, asked because a process with its certificate dials
     * another node; one that does not is a restarted process's old stream, let go here so that the new one gets in.
     */
    public boolean answersOrLetsGo(String id) {
        return answersElse(id, silent -> {
            replacedForSilence(silent);
            letGo(silent, "it did not answer while another process with its certificate dialled another portal node");
        });
    }

    /**
     * Whether {@code id}'s stream is open here and its process answers within {@link #LIVENESS_PROBE}. An NEA whose VM
     * was powered off where Lifeboat did not see it (a host that failed, an administrator) sends no FIN, so its stream
     * stays open; one that does not answer is let go here, and a live process that was only slow dials again.
     */
    public boolean answers(String id) {
        return answersElse(id, silent -> letGo(silent, "it did not answer (its VM may be powered off, or its guest hang)"));
    }

    /** Whether {@code id}'s stream is open here and its process answers in time; a silent one is handed to {@code silent}. */
    private boolean answersElse(String id, Consumer<Session> silent) {
        Session held = sessions.get(id);
        if (held == null) {
            return false;
        }
        if (held.answersWithin(LIVENESS_PROBE)) {
            return true;
        }
        silent.accept(held);
        return false;
    }

    /**
     * Closes {@code id}'s stream because another node holds the identity for another process (both were let in at
     * once): its process dials again and is then asked about like any other.
     */
    public void letGo(String id, String why) {
        Session held = sessions.get(id);
        if (held != null) {
            letGo(held, why);
        }
    }

    private void letGo(Session held, String why) {
        LOG.warning("closed control stream of " + held.id + " connected from " + held.remote + ": " + why);
        closeHeld(held, why, Status.UNAVAILABLE.withDescription(why + "; dial again"));
    }

    /**
     * Ends a stream held here as any stream that ends (its commands fail, the disconnect listeners are told, so the
     * nodes' records follow at once), then tells its process why with {@code status}.
     */
    private void closeHeld(Session held, String why, Status status) {
        ended(held, why);
        held.closeWith(status);
    }

    /**
     * The portal's client for {@code applianceId}; it finds the appliance's current stream at each call, so it outlives
     * reconnections. A call fails with an {@link IOException} while the appliance is not connected.
     */
    public ApplianceClient client(String applianceId) {
        return new StreamApplianceClient(request -> call(applianceId, request));
    }

    /**
     * Sends one {@link io.lifeboat.appliance.ControlProtocol} request on {@code id}'s current stream and returns its
     * reply envelope (a Cloud Gateway host's ops have no {@link ApplianceClient}, ADR 0013).
     *
     * @throws IOException when it is not connected or does not answer in time
     */
    public JsonNode call(String id, ObjectNode request) throws IOException {
        Session s = sessions.get(id);
        if (s == null) {
            throw new IOException("appliance " + id + " is not connected to the gateway");
        }
        return s.call(request);
    }

    /**
     * Closes the open streams of appliances whose certificate has been revoked since they connected (a revocation
     * otherwise only bars the next connection); they are refused when they dial again.
     */
    public void enforceRevocations() {
        for (Session s : sessions.values()) {
            if (certificates.isRevoked(s.certificate)) {
                LOG.warning("closed control stream of appliance " + s.id + ": certificate "
                        + s.certificate.getSerialNumber().toString(16) + " revoked");
                closeHeld(s, "certificate of appliance " + s.id + " revoked", Status.PERMISSION_DENIED.withDescription("certificate revoked"));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        sessions.values().forEach(s -> s.fail("the gateway stopped"));
        sessions.clear();
        listenerThreads.shutdownNow();
        if (ownedLoop != null) {
            ownedLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(ControlRpc.SERVICE)
                .addMethod(ControlRpc.ENROL, ServerCalls.asyncUnaryCall(this::enrol))
                .addMethod(ControlRpc.CONNECT, ServerCalls.asyncBidiStreamingCall(this::connect))
                .build();
    }

    private void enrol(ControlRpc.EnrolRequest request, StreamObserver<ControlRpc.EnrolReply> reply) {
        String id = request.applianceId();
        try {
            String key = certificates.checkRequest(request.csrPem());
            tokens.redeem(request.token(), id, key);
            ControlRpc.EnrolReply enrolled = issue(id, request.csrPem());
            LOG.info("enrolled " + (ControlRpc.isGatewayHost(id) ? "gateway host " : "appliance ") + id + " from " + REMOTE.get());
            reply.onNext(enrolled);
            reply.onCompleted();
        } catch (ControlRefusal e) {
            LOG.warning("refused enrolment of appliance " + id + " from " + REMOTE.get() + ": " + e.getMessage());
            reply.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
        } catch (IllegalArgumentException e) {
            LOG.warning("refused enrolment of appliance " + id + " from " + REMOTE.get() + ": " + e.getMessage());
            reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    /** A gateway host's certificate comes from the gateway hosts' CA, an appliance's from its tenant's. */
    private ControlRpc.EnrolReply issue(String id, String csrPem) {
        if (ControlRpc.isGatewayHost(id)) {
            ControlRpc.gatewayHostId(id.substring(ControlRpc.GATEWAY_HOST_PREFIX.length()));   // a valid name, or refused
            return new ControlRpc.EnrolReply(certificates.issueGatewayHost(id, csrPem), certificates.gatewayCaPem());
        }
        String tenant = ControlRpc.tenantOf(id);
        return new ControlRpc.EnrolReply(certificates.issueAppliance(tenant, id, csrPem), certificates.tenantCaPem(tenant));
    }

    /**
     * Identities that two processes present at once (a copied appliance or host): one holds the stream, the other is
     * refused while it keeps dialling.
     */
    public List<StreamClaims.Clash> sharedIdentities() {
        return claims.clashes(Instant.now());
    }

    private StreamObserver<ControlRpc.Reply> connect(StreamObserver<ControlRpc.Command> toAppliance) {
        String id = VERIFIED_ID.get();
        Session session = new Session(id, INSTANCE.get(), LAN_MAC.get(), hostOf(REMOTE.get()), VERIFIED_CERT.get(),
                (ServerCallStreamObserver<ControlRpc.Command>) toAppliance);
        Session held = sessions.get(id);
        Optional<String> itsVmsNic = vmNicOtherThan(id, session.lanMac);
        if (itsVmsNic.isPresent()) {
            // no holder (the original is gone or has not dialled yet): held from nowhere, which the notices say
            return refuseCopy(claims.refused(id, held == null ? "" : held.remote, session.remote, Instant.now()),
                    "it runs behind NIC " + session.lanMac + ", not behind its VM's (" + itsVmsNic.get() + ")", toAppliance);
        }
        if (held != null && session.isCopyOf(held) && !heldByACopiedVm(held) && !mayReplace(session, held)) {
            return refuseCopy(claims.refused(id, held.remote, session.remote, Instant.now()),
                    "another process with its certificate holds the stream and answers, connected from " + held.remote, toAppliance);
        }
        boolean backHere = held == null && takesBack(session, backOnThisNode(session), "a process another portal node let in");
        Optional<OtherNodes.HeldElsewhere> elsewhere = held == null && !backHere ? heldElsewhere(session) : Optional.empty();
        // the other nodes' memory is asked only when another process holds the identity, not at every connect
        if (elsewhere.isPresent() && !takesBack(session, backOnAnotherNode(session),
                "the one connected from " + elsewhere.get().heldFrom() + " to another portal node")) {
            return elsewhere.get().answered()
                    ? refuseCopy(claims.refused(id, elsewhere.get().heldFrom(), session.remote, Instant.now()), "another process with its"
                    + " certificate holds the stream on another portal node and answers, connected from " + elsewhere.get().heldFrom(), toAppliance)
                    : askAgainLater(session, elsewhere.get(), toAppliance);
        }
        claims.admitted(id);
        Session previous = sessions.put(id, session);
        if (previous != null) {
            previous.replaced();
        }
        session.out.setOnCancelHandler(() -> ended(session, "the stream was cancelled"));
        LOG.info("appliance " + id + " connected from " + REMOTE.get());
        tell(connectedListeners, id);
        return new StreamObserver<>() {
            @Override
            public void onNext(ControlRpc.Reply reply) {
                session.answered(reply);
            }

            @Override
            public void onError(Throwable t) {
                ended(session, Status.fromThrowable(t).toString());
            }

            @Override
            public void onCompleted() {
                ended(session, "closed by the appliance");
                session.out.onCompleted();
            }
        };
    }

    /**
     * Whether the process holding a stream runs behind another NIC than its VM's: it got in before the VM's NIC was known
     * (a copy that dialled first), and the process dialling now, which passed that check, takes the stream from it.
     */
    private boolean heldByACopiedVm(Session held) {
        Optional<String> itsVmsNic = vmNicOtherThan(held.id, held.lanMac);
        itsVmsNic.ifPresent(nic -> LOG.warning(held.id + "'s stream is held from behind NIC " + held.lanMac + ", not its VM's (" + nic
                + "), connected from " + held.remote + ": a copied VM, whose stream the process dialling now takes"));
        return itsVmsNic.isPresent();
    }

    /**
     * Whether {@code session}'s process may take the stream that {@code held} holds for another process with its
     * certificate: when the holder does not answer (a restarted process's old stream, or a wedged process), or when the
     * newcomer is the very process that lost the stream for its silence before. That one was wedged, not gone, so the
     * process that took its stream is the copy: it is refused at its next dial, and the original never stands down.
     */
    private boolean mayReplace(Session session, Session held) {
        // both memories asked (not short-circuited), so that neither says it again
        boolean back = backOnThisNode(session) | backOnAnotherNode(session);
        if (takesBack(session, back, "the one connected from " + held.remote)) {
            return true;
        }
        if (held.answersWithin(LIVENESS_PROBE)) {
            return false;
        }
        replacedForSilence(held);
        return true;
    }

    /** Remembered here and, in a cluster, for the other nodes: the process may dial any node when it answers again. */
    private void replacedForSilence(Session held) {
        if (held.instance == null) {   // a link that names no process: nothing to know it by when it dials again
            return;
        }
        claims.replacedForSilence(held.id, held.instance, Instant.now());
        try {
            otherNodes.lostForSilence(held.id, held.instance);
        } catch (RuntimeException e) {
            LOG.warning("could not tell the other portal nodes that " + held.id + "'s process lost its stream for its silence"
                    + " (it takes it back on this node only): " + e.getMessage());
        }
    }

    /**
     * {@code back}: {@code session}'s process lost its stream for its silence, on this node or another, and dials again.
     * Then it takes the stream back, and the process that holds it ({@code tookItFrom}) is the copy.
     */
    private boolean takesBack(Session session, boolean back, String tookItFrom) {
        if (!back) {
            return false;
        }
        LOG.warning(session.id + "'s process connected from " + session.remote + ", whose stream another process with its"
                + " certificate took while it did not answer, is back: it takes its stream again, and " + tookItFrom
                + " with its certificate is the copy");
        session.reclaimed = true;
        return true;
    }

    private boolean backOnThisNode(Session session) {
        return claims.backAfterSilence(session.id, session.instance, Instant.now());
    }

    private boolean backOnAnotherNode(Session session) {
        if (session.instance == null) {
            return false;
        }
        try {
            return otherNodes.backAfterSilence(session.id, session.instance);
        } catch (RuntimeException e) {
            LOG.warning("could not ask the other portal nodes whether " + session.id + "'s process lost its stream for its"
                    + " silence: " + e.getMessage());
            return false;
        }
    }

    /** Another node's hold on the identity; none when the nodes cannot be asked now (a database outage lets it in). */
    private Optional<OtherNodes.HeldElsewhere> heldElsewhere(Session session) {
        if (session.instance == null) {
            return Optional.empty();
        }
        try {
            return otherNodes.holding(session.id, session.instance, session.certificate.getSerialNumber());
        } catch (RuntimeException e) {
            LOG.warning("could not ask the other portal nodes whether they hold " + session.id + ", let in: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The other node has not yet said whether the process holding the stream answers: the one dialling is neither let in
     * nor told it is a copy (a restarted process whose old stream is left open must not stand down), but to dial again.
     */
    private StreamObserver<ControlRpc.Reply> askAgainLater(Session session, OtherNodes.HeldElsewhere elsewhere,
                                                           StreamObserver<ControlRpc.Command> toAppliance) {
        LOG.info("control connection of " + session.id + " from " + session.remote + " waits: another portal node holds its stream for"
                + " a process with its certificate connected from " + elsewhere.heldFrom() + ", and is asked whether that one answers");
        toAppliance.onError(Status.UNAVAILABLE.withDescription("another portal node holds the control stream of " + session.id
                + " and is asked whether its process is alive; dial again").asRuntimeException());
        return ignoringReplies();
    }

    /**
     * The MAC of the NIC that {@code id}'s VM has, when the process dialled from behind another: it runs in a copy of
     * that VM. Empty when it matches, when the process names none (an older agent) or when no VM is known for the id.
     */
    private Optional<String> vmNicOtherThan(String id, String lanMac) {
        if (lanMac == null) {
            return Optional.empty();
        }
        try {
            return nics.lanMac(id).filter(known -> !known.equalsIgnoreCase(lanMac));
        } catch (RuntimeException e) {
            LOG.warning("could not read which NIC the VM of " + id + " has, so its process is checked by its liveness alone: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code why}: how the process dialling is known for a copy, for the log. */
    private StreamObserver<ControlRpc.Reply> refuseCopy(StreamClaims.Clash clash, String why, StreamObserver<ControlRpc.Command> toAppliance) {
        if (clash.isNew()) {
            LOG.warning("refused control connection of " + clash.id() + " from " + clash.refusedFrom() + ": " + why
                    + " (a copied appliance or host); it is refused for as long as it runs");
        }
        toAppliance.onError(Status.FAILED_PRECONDITION.withDescription("this process has the certificate of " + clash.id() + ", but "
                + why + ": a copied appliance or host keeps the identity of the one it was copied from. Enrol this one again"
                + " under a name of its own, or stop it").asRuntimeException());
        return ignoringReplies();
    }

    private static StreamObserver<ControlRpc.Reply> ignoringReplies() {
        return new StreamObserver<>() {
            @Override
            public void onNext(ControlRpc.Reply reply) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    /**
     * The address alone for TCP (the port changes at every dial); on the lab's Unix socket, which a Cloud Gateway's
     * forwarder dials, the peer has no address.
     */
    private static String hostOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress()
                : "a Cloud Gateway's forwarder";
    }

    private void tell(List<Consumer<String>> listeners, String id) {
        try {
            listeners.forEach(l -> listenerThreads.execute(() -> l.accept(id)));
        } catch (RejectedExecutionException closing) {
            LOG.fine("not telling of " + id + ": the server is closing");
        }
    }

    private void ended(Session session, String why) {
        if (sessions.remove(session.id, session)) {
            LOG.info("appliance " + session.id + " disconnected: " + why);
            tell(disconnectedListeners, session.id);
        }
        session.fail("appliance " + session.id + " disconnected: " + why);
    }

    /** Admits {@code Enrol} as is (the token decides) and {@code Connect} only with a certificate fit for the id it claims. */
    private final class Authorisation implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            Context context = Context.current().withValue(REMOTE, remote);
            if (call.getMethodDescriptor().getFullMethodName().equals(ControlRpc.CONNECT.getFullMethodName())) {
                String claimed = headers.get(ControlRpc.APPLIANCE_ID);
                try {
                    X509Certificate cert = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                    verify(claimed, cert);
                    context = context.withValue(VERIFIED_CERT, cert);
                } catch (ControlRefusal e) {
                    LOG.warning("refused control connection of appliance " + claimed + " from " + remote + ": " + e.getMessage());
                    call.close(Status.PERMISSION_DENIED.withDescription(e.getMessage()), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                context = context.withValue(VERIFIED_ID, claimed).withValue(INSTANCE, headers.get(ControlRpc.INSTANCE))
                        .withValue(LAN_MAC, headers.get(ControlRpc.LAN_MAC));
            }
            return Contexts.interceptCall(context, call, headers, next);
        }

        private void verify(String claimed, X509Certificate cert) throws ControlRefusal {
            if (claimed == null || claimed.isBlank()) {
                throw new ControlRefusal("no appliance id in the " + ControlRpc.APPLIANCE_HEADER + " header");
            }
            if (certificates.isRevoked(cert)) {
                throw new ControlRefusal("certificate " + cert.getSerialNumber().toString(16) + " of "
                        + ApplianceCertificates.commonName(cert) + " is revoked");
            }
            if (ControlRpc.isGatewayHost(claimed) != certificates.issuedToGatewayHost(cert)) {
                throw new ControlRefusal(ControlRpc.isGatewayHost(claimed) ? "certificate not issued by the gateway hosts' CA"
                        : "a gateway host's certificate presented for an appliance");
            }
            if (!ControlRpc.isGatewayHost(claimed)) {
                String tenant = ControlRpc.tenantOf(claimed);
                String issuer = certificates.issuingTenant(cert)
                        .orElseThrow(() -> new ControlRefusal("certificate not issued by any tenant's appliance CA"));
                if (!issuer.equals(tenant)) {
                    throw new ControlRefusal("certificate of tenant " + issuer + " presented for tenant " + tenant);
                }
            }
            if (!ApplianceCertificates.commonName(cert).equals(claimed)) {
                throw new ControlRefusal("certificate was issued to " + ApplianceCertificates.commonName(cert));
            }
        }

        private X509Certificate peerCertificate(SSLSession ssl) throws ControlRefusal {
            try {
                if (ssl != null && ssl.getPeerCertificates().length > 0 && ssl.getPeerCertificates()[0] instanceof X509Certificate c) {
                    return c;
                }
            } catch (SSLPeerUnverifiedException e) {
                // no certificate: refused below
            }
            throw new ControlRefusal("no client certificate (enrol first)");
        }
    }

    /** One appliance's open stream and the commands waiting for its replies. */
    private final class Session {
        final String id;
        /** The link's process and the MAC of its LAN NIC (each null for a link that sends none), and where it connected from. */
        final String instance;
        final String lanMac;
        final String remote;
        final X509Certificate certificate;
        final ServerCallStreamObserver<ControlRpc.Command> out;
        final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        final AtomicLong nextId = new AtomicLong();
        /** The process lost this stream for its silence before and dialled again: the original, wherever its copy is. */
        volatile boolean reclaimed;

        Session(String id, String instance, String lanMac, String remote, X509Certificate certificate,
                ServerCallStreamObserver<ControlRpc.Command> out) {
            this.id = id;
            this.instance = instance;
            this.lanMac = lanMac;
            this.remote = remote;
            this.certificate = certificate;
            this.out = out;
        }

        /**
         * Another process presenting the very certificate {@code held} holds: a copy, unless the held stream is dead.
         * A new certificate for the name (enrolled again) is no copy, and a link that sends no instance id never is.
         */
        boolean isCopyOf(Session held) {
            return instance != null && !instance.equals(held.instance)
                    && certificate.getSerialNumber().equals(held.certificate.getSerialNumber());
        }

        /** Whether the process at the other end answers a command within {@code timeout}: any answer, even a refusal. */
        boolean answersWithin(Duration timeout) {
            try {
                call(ControlProtocol.JSON.createObjectNode().put("op", ControlRpc.ALIVE_OP), timeout);
                return true;
            } catch (IOException e) {
                LOG.info("appliance " + id + " connected from " + remote + " did not answer within " + timeout + ": " + e.getMessage());
                return false;
            }
        }

        JsonNode call(ObjectNode request) throws IOException {
            return call(request, commandTimeout);
        }

        JsonNode call(ObjectNode request, Duration timeout) throws IOException {
            long commandId = nextId.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(commandId, reply);
            try {
                synchronized (out) {
                    out.onNext(new ControlRpc.Command(commandId, request));
                }
                return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IOException("appliance " + id + " did not answer " + request.path("op").asText() + " within " + timeout);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for appliance " + id);
            } catch (RuntimeException e) {
                throw new IOException("cannot reach appliance " + id + ": " + e.getMessage(), e);
            } finally {
                pending.remove(commandId);
            }
        }

        void answered(ControlRpc.Reply reply) {
            CompletableFuture<JsonNode> f = pending.get(reply.id());
            if (f != null) {
                f.complete(reply.body());
            }
        }

        void fail(String why) {
            pending.values().forEach(f -> f.completeExceptionally(new IOException(why)));
        }

        void replaced() {
            fail("appliance " + id + " connected again");
            closeWith(Status.ABORTED.withDescription("replaced by a newer connection"));
        }

        void closeWith(Status status) {
            try {
                synchronized (out) {
                    out.onError(status.asRuntimeException());
                }
            } catch (RuntimeException e) {
                LOG.fine("stream of " + id + " already gone: " + e.getMessage());
            }
        }
    }

    /** PEM text as Netty's TLS builders take it; the warm-up's dial reads the gateway CA through it too. */
    static InputStream pem(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
