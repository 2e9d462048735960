package io.lifeboat.appliance;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The appliance's side of the control channel (ADR 0005): dials the Cloud Gateway over mutual TLS 1.3, enrols once
 * with the one-time token when it has no certificate yet, then keeps one {@code Connect} stream open and answers every
 * command on it with {@code handler}. It knows one or more gateways (ADR 0007) and dials them in order: when a
 * working stream ends (gateway killed, network gone) it dials the next one at once; only after every gateway failed
 * in a row does it wait, with {@link Backoff} delays, and start the round again, for as long as it runs: neither side
 * needs anyone to act after a restart. Nothing is ever dialled towards the appliance.
 */
public final class GatewayLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GatewayLink.class.getName());

    /**
     * @param gatewayCaPem the CA that signed the gateways' server certificates (from the appliance's configuration)
     * @param enrolmentToken the one-time token; only needed until the appliance holds a certificate (may be null after)
     */
    /** {@code lanMac}: the MAC of the appliance's LAN NIC, sent at each dial; null for a link that has none (a gateway host). */
    public record Settings(List<GatewayEndpoint> gateways, String gatewayCaPem, String applianceId, String enrolmentToken,
                           Path stateDir, Backoff backoff, String lanMac) {

        public static final Backoff RECONNECT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30));

        public Settings {
            gateways = List.copyOf(gateways);
            if (gateways.isEmpty()) {
                throw new IllegalArgumentException("an appliance needs at least one gateway");
            }
        }

        public Settings(List<GatewayEndpoint> gateways, String gatewayCaPem, String applianceId, String enrolmentToken,
                        Path stateDir, Backoff backoff) {
            this(gateways, gatewayCaPem, applianceId, enrolmentToken, stateDir, backoff, null);
        }

        /** One gateway. */
        public Settings(String host, int port, String gatewayCaPem, String applianceId, String enrolmentToken,
                        Path stateDir, Backoff backoff) {
            this(List.of(new GatewayEndpoint(host, port)), gatewayCaPem, applianceId, enrolmentToken, stateDir, backoff);
        }

        @Override
        public String toString() {
            return "Settings[" + applianceId + " -> " + gateways + ", token=<hidden>]";
        }
    }

    /** The other side refuses this identity: revoked or not ours, or a copy of this appliance holds the stream. */
    private static final Set<Status.Code> REFUSALS = EnumSet.of(Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED,
            Status.Code.FAILED_PRECONDITION);

    /**
     * Why the other side refused this identity; {@code copy}: another process holding this appliance's certificate is
     * connected and answers (a copied VM or disk), so this one is the copy.
     */
    public record Refusal(String reason, boolean copy) {
    }

    /** A stream that stayed open this long reached a working gateway: when it ends, the next one is dialled at once. */
    static final Duration WORKING_STREAM = Duration.ofSeconds(1);
    private static final Duration RENEWAL_RETRY = Duration.ofDays(1);

    private final Settings settings;
    private final ControlProtocol.Handler handler;
    private final Consumer<Refusal> refused;
    private final ControlIdentity identity;
    /** This process: a restart gets a new one, so the portal can tell it from a copy of this appliance. */
    private final String instance = UUID.randomUUID().toString();
    private final Thread thread;
    /**
     * Commands run here, one at a time and in order, so that the server's {@code alive} question is answered at once
     * even while a long command runs: a live appliance is never taken for a dead stream.
     */
    private final ExecutorService commands = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "appliance-commands");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    /** After a renewal that failed, the next is asked for no sooner than this (on the link's thread only). */
    private Instant nextRenewalAttempt = Instant.MIN;
    /** The reason of the last refusal in a row, on the link's thread only. */
    private String lastRefusal;
    private volatile ManagedChannel channel;
    private volatile GatewayEndpoint current;

    public GatewayLink(Settings settings, ControlProtocol.Handler handler) {
        this(settings, handler, reason -> { });
    }

    /**
     * @param refused told each time the other side refuses this identity (revoked, not ours, or held by another process
     *                with its certificate): a Cloud Gateway host steered by the portal stops relaying then, and an
     *                appliance that is the copy stands down
     */
    public GatewayLink(Settings settings, ControlProtocol.Handler handler, Consumer<Refusal> refused) {
        this.settings = settings;
        this.handler = handler;
        this.refused = refused;
        this.identity = new ControlIdentity(settings.stateDir());
        this.thread = new Thread(this::run, "gateway-link");
        this.thread.setDaemon(true);
    }

    public GatewayLink start() {
        thread.start();
        return this;
    }

    private void run() {
        List<GatewayEndpoint> gateways = settings.gateways();
        int next = 0;
        int failedInRound = 0;
        int failedRounds = 0;
        while (!closed) {
            GatewayEndpoint gateway = gateways.get(next);
            current = gateway;
            Instant began = Instant.now();
            try {
                identity.finishRenewal();
                if (!identity.enrolled()) {
                    enrol(gateway);
                } else if (identity.expired(Instant.now())) {
                    enrolAgain(gateway);
                } else if (renewalDue()) {
                    renew(gateway);
                }
                serveOneStream(gateway);
            } catch (StatusRuntimeException e) {
                logEnd(gateway, e.getStatus());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "control channel to " + gateway + " failed: " + e.getMessage(), e);
            } finally {
                shutdownChannel();
            }
            next = (next + 1) % gateways.size();
            Duration ran = Duration.between(began, Instant.now());
            if (ran.compareTo(WORKING_STREAM) >= 0) {
                failedInRound = 0;      // a working gateway went away: try the others at once
                failedRounds = settings.backoff().failuresAfterRun(failedRounds, ran) - 1;
                continue;
            }
            if (++failedInRound < gateways.size()) {
                continue;               // refused or unreachable: the next gateway may answer
            }
            failedInRound = 0;
            failedRounds++;
            sleep(settings.backoff().delayAfter(failedRounds));
        }
    }

    /** The gateway dialled last (or being dialled); null before the first attempt. */
    public GatewayEndpoint currentGateway() {
        return current;
    }

    private void enrol(GatewayEndpoint gateway) throws IOException {
        if (!hasToken()) {
            throw new IOException("not enrolled and no enrolment token configured");
        }
        identity.storeCertificate(enrolment(gateway, identity.request(settings.applianceId())).certPem());
        LOG.info("enrolled as " + settings.applianceId() + " through " + gateway);
    }

    /**
     * An expired certificate gets no stream, ever (the appliance was off past its renewal): the appliance enrols again
     * with the token it is configured with, a new one from the provider, for a new key beside the current pair. The
     * expired pair is replaced only once that worked, so a clock that is wrong here costs nothing.
     */
    private void enrolAgain(GatewayEndpoint gateway) throws IOException {
        Instant expired = identity.certificate().getNotAfter().toInstant();
        if (!hasToken()) {
            LOG.warning("the control certificate of " + settings.applianceId() + " expired on " + expired
                    + ": the gateway will refuse it; give the appliance a new enrolment token");
            return;
        }
        try {
            identity.storeRenewed(enrolment(gateway, identity.renewalRequest(settings.applianceId())).certPem());
            LOG.info("the control certificate of " + settings.applianceId() + " expired on " + expired + "; enrolled again through " + gateway);
        } catch (StatusRuntimeException e) {
            LOG.warning("the control certificate of " + settings.applianceId() + " expired on " + expired + ", and enrolling again with"
                    + " the configured token " + (REFUSALS.contains(e.getStatus().getCode())
                    ? "was refused (" + e.getStatus().getDescription() + "): give the appliance a new enrolment token"
                    : "did not get through " + gateway + " (" + e.getStatus().getCode() + "); it is tried again"));
        }
    }

    private ControlRpc.EnrolReply enrolment(GatewayEndpoint gateway, String csr) throws IOException {
        channel = channel(gateway, GrpcSslContexts.forClient());
        try {
            return ClientCalls.blockingUnaryCall(channel, ControlRpc.ENROL, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                    new ControlRpc.EnrolRequest(settings.applianceId(), settings.enrolmentToken(), csr));
        } finally {
            shutdownChannel();
        }
    }

    private boolean hasToken() {
        return settings.enrolmentToken() != null && !settings.enrolmentToken().isBlank();
    }

    /** Whether to ask for a new certificate now: two thirds of its life are over, and no attempt failed within a day. */
    private boolean renewalDue() throws IOException {
        Instant now = Instant.now();
        return !now.isBefore(identity.renewalDue()) && !now.isBefore(nextRenewalAttempt);
    }

    /**
     * Asks for a certificate for a new key with the one it holds (ADR 0014). A refusal or an unreachable gateway is said
     * and changes nothing: the current certificate still works, and renewal is asked again a day later.
     */
    private void renew(GatewayEndpoint gateway) throws IOException {
        nextRenewalAttempt = Instant.now().plus(RENEWAL_RETRY);
        Instant expires = identity.certificate().getNotAfter().toInstant();
        try {
            channel = channel(gateway, withIdentity());
            ControlRpc.EnrolReply reply = ClientCalls.blockingUnaryCall(withHeaders(channel), ControlRpc.RENEW,
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), new ControlRpc.RenewRequest(identity.renewalRequest(settings.applianceId())));
            identity.storeRenewed(reply.certPem());
            LOG.info("renewed the control certificate of " + settings.applianceId() + " through " + gateway + "; the new one expires "
                    + identity.certificate().getNotAfter().toInstant());
        } catch (StatusRuntimeException e) {
            LOG.warning("could not renew the control certificate of " + settings.applianceId() + " through " + gateway + " ("
                    + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription())
                    + "); it stays valid until " + expires + " and renewal is asked again in a day");
        } finally {
            shutdownChannel();
        }
    }

    private void serveOneStream(GatewayEndpoint gateway) throws IOException {
        channel = channel(gateway, withIdentity());
        Channel withId = withHeaders(channel);
        CountDownLatch ended = new CountDownLatch(1);
        Status[] end = {Status.OK};
        ClientCall<ControlRpc.Reply, ControlRpc.Command> call = withId.newCall(ControlRpc.CONNECT, CallOptions.DEFAULT);
        ClientCalls.asyncBidiStreamingCall(call, new ClientResponseObserver<ControlRpc.Reply, ControlRpc.Command>() {
            private ClientCallStreamObserver<ControlRpc.Reply> toGateway;

            @Override
            public void beforeStart(ClientCallStreamObserver<ControlRpc.Reply> requestStream) {
                toGateway = requestStream;   // known before any command can arrive
            }

            @Override
            public void onNext(ControlRpc.Command command) {
                if (ControlRpc.ALIVE_OP.equals(command.body().path("op").asText())) {
                    reply(toGateway, new ControlRpc.Reply(command.id(), ControlProtocol.JSON.createObjectNode().put("ok", true)));
                } else {
                    commands.execute(() -> reply(toGateway, new ControlRpc.Reply(command.id(), ControlProtocol.answer(command.body(), handler))));
                }
            }

            @Override
            public void onError(Throwable t) {
                end[0] = Status.fromThrowable(t);
                ended.countDown();
            }

            @Override
            public void onCompleted() {
                ended.countDown();
            }
        });
        LOG.info("control stream to " + gateway + " opened as " + settings.applianceId());
        try {
            while (!ended.await(untilRenewalLook().toMillis(), TimeUnit.MILLISECONDS)) {
                if (renewalDue()) {
                    LOG.info("the control certificate of " + settings.applianceId() + " is due for renewal: the stream is opened again");
                    call.cancel("renewing the control certificate", null);   // the next dial renews first
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logEnd(gateway, end[0]);
    }

    /** When to look again whether the certificate is due for renewal: when it falls due, a day later at most. */
    private Duration untilRenewalLook() throws IOException {
        Instant due = identity.renewalDue().isAfter(nextRenewalAttempt) ? identity.renewalDue() : nextRenewalAttempt;
        Duration left = Duration.between(Instant.now(), due);
        if (left.isNegative() || left.isZero()) {
            return Duration.ofSeconds(1);
        }
        return left.compareTo(RENEWAL_RETRY) > 0 ? RENEWAL_RETRY : left;
    }

    private SslContextBuilder withIdentity() throws IOException {
        // JKS, not the default PKCS12: that one encrypts the in-memory key with 10,000 PBKDF2 rounds and decrypts it
        // again, ≈ 80 ms of CPU at every start on the appliance's C1-only JIT
        return GrpcSslContexts.forClient()
                .keyManager(identity.privateKey(), identity.certificate())
                .keyStoreType("JKS");
    }

    private Channel withHeaders(ManagedChannel channel) {
        Metadata headers = new Metadata();
        headers.put(ControlRpc.APPLIANCE_ID, settings.applianceId());
        headers.put(ControlRpc.INSTANCE, instance);
        if (settings.lanMac() != null) {
            headers.put(ControlRpc.LAN_MAC, settings.lanMac());
        }
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** Replies come from gRPC's thread (alive) and the commands' thread: one at a time on the stream. */
    private static void reply(ClientCallStreamObserver<ControlRpc.Reply> toGateway, ControlRpc.Reply reply) {
        synchronized (toGateway) {
            try {
                toGateway.onNext(reply);
            } catch (RuntimeException e) {   // the stream ended while the command ran: the portal asks again on the next
                LOG.fine("reply " + reply.id() + " not sent: " + e.getMessage());
            }
        }
    }

    private void logEnd(GatewayEndpoint gateway, Status status) {
        if (closed) {
            return;
        }
        if (REFUSALS.contains(status.getCode())) {
            String reason = String.valueOf(status.getDescription());
            if (!reason.equals(lastRefusal)) {   // refused again at every dial, every 5 s: said once per reason
                LOG.warning("the gateway refused appliance " + settings.applianceId() + ": " + reason);
            }
            lastRefusal = reason;
            refused.accept(new Refusal(reason, status.getCode() == Status.Code.FAILED_PRECONDITION));
        } else {
            lastRefusal = null;
            LOG.info("control stream to " + gateway + " ended (" + status.getCode()
                    + (status.getDescription() == null ? "" : ": " + status.getDescription()) + "); dialling the next gateway");
        }
    }

    private ManagedChannel channel(GatewayEndpoint gateway, SslContextBuilder tls) throws IOException {
        SslContext ssl = tls.trustManager(pem(settings.gatewayCaPem())).protocols("TLSv1.3").build();
        return NettyChannelBuilder.forAddress(gateway.host(), gateway.port())
                .sslContext(ssl)
                // a killed gateway resets the connection (noticed at once); one that vanishes silently is given up
                // after ≤ 5 s of connecting or 10 + 5 s of silence. Tighter keep-alive (5 + 3 s) dropped healthy
                // streams at a load of 20 on 2 cores.
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .build();
    }

    private static InputStream pem(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    private void shutdownChannel() {
        ManagedChannel c = channel;
        channel = null;
        if (c != null) {
            c.shutdownNow();
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        shutdownChannel();
        commands.shutdown();
    }
}
