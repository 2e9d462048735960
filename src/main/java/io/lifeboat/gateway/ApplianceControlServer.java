package io.lifeboat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Server;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Cloud Gateway's end of the appliances' control channel (ADR 0005): a gRPC server over TLS 1.3 that enrols
 * appliances with their one-time token and keeps each appliance's {@code Connect} stream, through which the portal
 * reaches it ({@link #client}). Every connection is checked: a certificate of a tenant's appliance CA, not revoked,
 * issued to the appliance id the stream claims, of that id's tenant; and one process per identity: a copy of an
 * appliance (its certificate, another process) is refused while the process holding the stream answers
 * ({@link CopiedAppliances}), on this node or, in a cluster, on another. Each refusal is one WARNING line naming the
 * appliance, its address and the reason. {@link ConnectAuthorisation} checks the certificate; each stream is a
 * {@link ControlSession}.
 *
 * <p>Plain Java, no Spring: runs inside the portal or in the gateway's own process.
 */
public final class ApplianceControlServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ApplianceControlServer.class.getName());
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
    private final Map<String, ControlSession> sessions = new ConcurrentHashMap<>();
    private final CopiedAppliances copies = new CopiedAppliances();
    private final List<Consumer<String>> connectedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> disconnectedListeners = new CopyOnWriteArrayList<>();
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
                .addService(ServerInterceptors.intercept(service(), new ConnectAuthorisation(certificates)))
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

    /**
     * As {@link #onConnected}, with the certificate the stream was admitted with: the portal records when it expires
     * (ADR 0014). A stream that ended before the listener ran is not reported.
     */
    public void onConnectedWith(BiConsumer<String, X509Certificate> listener) {
        onConnected(id -> certificateOf(id).ifPresent(certificate -> listener.accept(id, certificate)));
    }

    /** Calls {@code listener} with the appliance id each time a stream held here ends, on a thread of its own. */
    public void onDisconnected(Consumer<String> listener) {
        disconnectedListeners.add(listener);
    }

    /** Asks {@code nodes}, at each dial no stream here clashes with, whether another node holds the identity. */
    public void consultOtherNodes(OtherNodes nodes) {
        copies.consultOtherNodes(nodes);
    }

    /** Checks, at each dial, that the process runs behind the LAN NIC of the VM made for its identity. */
    public void checkNics(ApplianceNics nics) {
        copies.checkNics(nics);
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
                .map(s -> new StreamHolder(s.instance, s.certificate.getSerialNumber(), s.remote, s.reclaimed()));
    }

    /**
     * Whether the process holding {@code id}'s stream answers, asked because a process with its certificate dials
     * another node; one that does not is a restarted process's old stream, let go here so that the new one gets in.
     */
    public boolean answersOrLetsGo(String id) {
        return answersElse(id, silent -> {
            copies.replacedForSilence(silent);
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
    private boolean answersElse(String id, Consumer<ControlSession> silent) {
        ControlSession held = sessions.get(id);
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
        ControlSession held = sessions.get(id);
        if (held != null) {
            letGo(held, why);
        }
    }

    private void letGo(ControlSession held, String why) {
        LOG.warning("closed control stream of " + held.id + " connected from " + held.remote + ": " + why);
        closeHeld(held, why, Status.UNAVAILABLE.withDescription(why + "; dial again"));
    }

    /**
     * Ends a stream held here as any stream that ends (its commands fail, the disconnect listeners are told, so the
     * nodes' records follow at once), then tells its process why with {@code status}.
     */
    private void closeHeld(ControlSession held, String why, Status status) {
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
        ControlSession s = sessions.get(id);
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
        for (ControlSession s : sessions.values()) {
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
                .addMethod(ControlRpc.RENEW, ServerCalls.asyncUnaryCall(this::renew))
                .addMethod(ControlRpc.CONNECT, ServerCalls.asyncBidiStreamingCall(this::connect))
                .build();
    }

    private void enrol(ControlRpc.EnrolRequest request, StreamObserver<ControlRpc.EnrolReply> reply) {
        String id = request.applianceId();
        try {
            String key = certificates.checkRequest(request.csrPem());
            tokens.redeem(request.token(), id, key);
            ControlRpc.EnrolReply enrolled = issue(id, request.csrPem());
            LOG.info("enrolled " + (ControlRpc.isGatewayHost(id) ? "gateway host " : "appliance ") + id + " from " + ConnectAuthorisation.REMOTE.get());
            reply.onNext(enrolled);
            reply.onCompleted();
        } catch (ControlRefusal e) {
            LOG.warning("refused enrolment of appliance " + id + " from " + ConnectAuthorisation.REMOTE.get() + ": " + e.getMessage());
            reply.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
        } catch (IllegalArgumentException e) {
            LOG.warning("refused enrolment of appliance " + id + " from " + ConnectAuthorisation.REMOTE.get() + ": " + e.getMessage());
            reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    /**
     * A new certificate for a new key of an appliance or gateway host, asked for with the certificate it holds, before
     * that one expires (ADR 0014): the identity is the one the mutual TLS proved, so no token is needed.
     */
    private void renew(ControlRpc.RenewRequest request, StreamObserver<ControlRpc.EnrolReply> reply) {
        String id = ConnectAuthorisation.VERIFIED_ID.get();
        X509Certificate held = ConnectAuthorisation.VERIFIED_CERT.get();
        try {
            refuseACopy(id);
            certificates.checkRequest(request.csrPem());
            ControlRpc.EnrolReply renewed = new ControlRpc.EnrolReply(certificates.renew(id, held, request.csrPem()), caOf(id));
            LOG.info("renewed the certificate of " + id + " (the one it holds expires " + held.getNotAfter().toInstant() + ") from "
                    + ConnectAuthorisation.REMOTE.get());
            reply.onNext(renewed);
            reply.onCompleted();
        } catch (IllegalArgumentException e) {
            LOG.warning("refused to renew the certificate of " + id + " from " + ConnectAuthorisation.REMOTE.get() + ": " + e.getMessage());
            reply.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    /**
     * A copy of an appliance (its VM or disk copied, so its certificate) is refused a new certificate as it is refused a
     * stream: renewed, it would outlive the original's certificate. So is a process other than the one holding the
     * identity's stream; it renews once that one is gone.
     */
    private void refuseACopy(String id) {
        copies.vmNicOtherThan(id, ConnectAuthorisation.LAN_MAC.get()).ifPresent(nic -> {
            throw new IllegalArgumentException("it runs behind NIC " + ConnectAuthorisation.LAN_MAC.get() + ", not behind its VM's (" + nic + ")");
        });
        ControlSession holder = sessions.get(id);
        String instance = ConnectAuthorisation.INSTANCE.get();
        if (holder != null && instance != null && holder.instance != null && !holder.instance.equals(instance)) {
            throw new IllegalArgumentException("another process with its certificate holds the stream, connected from " + holder.remote);
        }
    }

    /** A gateway host's certificate comes from the gateway hosts' CA, an appliance's from its tenant's. */
    private ControlRpc.EnrolReply issue(String id, String csrPem) {
        if (ControlRpc.isGatewayHost(id)) {
            ControlRpc.gatewayHostId(id.substring(ControlRpc.GATEWAY_HOST_PREFIX.length()));   // a valid name, or refused
            return new ControlRpc.EnrolReply(certificates.issueGatewayHost(id, csrPem), caOf(id));
        }
        return new ControlRpc.EnrolReply(certificates.issueAppliance(ControlRpc.tenantOf(id), id, csrPem), caOf(id));
    }

    /** The CA certificate an enrolment or renewal answer carries: the gateway CA for a host, its tenant's for an appliance. */
    private String caOf(String id) {
        return ControlRpc.isGatewayHost(id) ? certificates.gatewayCaPem() : certificates.tenantCaPem(ControlRpc.tenantOf(id));
    }

    /**
     * Identities that two processes present at once (a copied appliance or host): one holds the stream, the other is
     * refused while it keeps dialling.
     */
    public List<StreamClaims.Clash> sharedIdentities() {
        return copies.clashes();
    }

    private StreamObserver<ControlRpc.Reply> connect(StreamObserver<ControlRpc.Command> toAppliance) {
        String id = ConnectAuthorisation.VERIFIED_ID.get();
        ControlSession session = new ControlSession(id, ConnectAuthorisation.INSTANCE.get(), ConnectAuthorisation.LAN_MAC.get(),
                hostOf(ConnectAuthorisation.REMOTE.get()), ConnectAuthorisation.VERIFIED_CERT.get(),
                (ServerCallStreamObserver<ControlRpc.Command>) toAppliance, commandTimeout);
        ControlSession held = sessions.get(id);
        Optional<String> itsVmsNic = copies.vmNicOtherThan(id, session.lanMac);
        if (itsVmsNic.isPresent()) {
            // no holder (the original is gone or has not dialled yet): held from nowhere, which the notices say
            return refuseCopy(copies.claims().refused(id, held == null ? "" : held.remote, session.remote, Instant.now()),
                    "it runs behind NIC " + session.lanMac + ", not behind its VM's (" + itsVmsNic.get() + ")", toAppliance);
        }
        if (held != null && session.isCopyOf(held) && !copies.heldByACopiedVm(held) && !copies.mayReplace(session, held)) {
            return refuseCopy(copies.claims().refused(id, held.remote, session.remote, Instant.now()),
                    "another process with its certificate holds the stream and answers, connected from " + held.remote, toAppliance);
        }
        boolean backHere = held == null && copies.takesBack(session, copies.backOnThisNode(session), "a process another portal node let in");
        Optional<OtherNodes.HeldElsewhere> elsewhere = held == null && !backHere ? copies.heldElsewhere(session) : Optional.empty();
        // the other nodes' memory is asked only when another process holds the identity, not at every connect
        if (elsewhere.isPresent() && !copies.takesBack(session, copies.backOnAnotherNode(session),
                "the one connected from " + elsewhere.get().heldFrom() + " to another portal node")) {
            return elsewhere.get().answered()
                    ? refuseCopy(copies.claims().refused(id, elsewhere.get().heldFrom(), session.remote, Instant.now()), "another process with its"
                    + " certificate holds the stream on another portal node and answers, connected from " + elsewhere.get().heldFrom(), toAppliance)
                    : askAgainLater(session, elsewhere.get(), toAppliance);
        }
        copies.claims().admitted(id);
        certificates.confirmRenewal(id, session.certificate);
        ControlSession previous = sessions.put(id, session);
        if (previous != null) {
            previous.replaced();
        }
        session.onCancel(() -> ended(session, "the stream was cancelled"));
        LOG.info("appliance " + id + " connected from " + ConnectAuthorisation.REMOTE.get());
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
                session.complete();
            }
        };
    }

    /**
     * The other node has not yet said whether the process holding the stream answers: the one dialling is neither let in
     * nor told it is a copy (a restarted process whose old stream is left open must not stand down), but to dial again.
     */
    private StreamObserver<ControlRpc.Reply> askAgainLater(ControlSession session, OtherNodes.HeldElsewhere elsewhere,
                                                           StreamObserver<ControlRpc.Command> toAppliance) {
        LOG.info("control connection of " + session.id + " from " + session.remote + " waits: another portal node holds its stream for"
                + " a process with its certificate connected from " + elsewhere.heldFrom() + ", and is asked whether that one answers");
        toAppliance.onError(Status.UNAVAILABLE.withDescription("another portal node holds the control stream of " + session.id
                + " and is asked whether its process is alive; dial again").asRuntimeException());
        return ignoringReplies();
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
            listeners.forEach(l -> listenerThreads.execute(() -> tellOne(l, id)));
        } catch (RejectedExecutionException closing) {
            LOG.fine("not telling of " + id + ": the server is closing");
        }
    }

    /** A listener that fails is logged; it fails neither the others nor, uncaught, its thread. */
    private static void tellOne(Consumer<String> listener, String id) {
        try {
            listener.accept(id);
        } catch (RejectedExecutionException closing) {
            LOG.fine("not telling of " + id + ": its listener is closing");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a listener of appliance " + id + " failed: " + e.getMessage(), e);
        }
    }

    private void ended(ControlSession session, String why) {
        if (sessions.remove(session.id, session)) {
            LOG.info("appliance " + session.id + " disconnected: " + why);
            tell(disconnectedListeners, session.id);
        }
        session.fail("appliance " + session.id + " disconnected: " + why);
    }

    /** PEM text as Netty's TLS builders take it; the warm-up's dial reads the gateway CA through it too. */
    static InputStream pem(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
