package io.lifeboat.gateway;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ClientCalls;
import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.pki.ApplianceCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dials a control server it belongs to once, right after the server started, as an appliance would: TLS 1.3 trusting
 * the gateway CA, then one call of a method the service does not have, which the server answers UNIMPLEMENTED before
 * any of its checks (nothing is enrolled, refused or logged as a refusal). Without it, the first appliances to connect
 * after a start paid for loading and initialising the server's TLS, HTTP/2 and gRPC classes: 2.4 s in one event loop
 * thread, in series for all of them, when a wizard's warm-up booted four NEAs on 2 busy cores.
 */
final class ControlServerWarmUp {

    private static final Logger LOG = Logger.getLogger(ControlServerWarmUp.class.getName());
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final MethodDescriptor<byte[], byte[]> NO_SUCH_METHOD = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(ControlRpc.SERVICE, "WarmUp"))
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private ControlServerWarmUp() {
    }

    /**
     * Starts the dial on a thread of its own; completes with how long it took once the server answered as expected, or
     * exceptionally (logged, harmless: the first appliance only connects slower).
     *
     * @param address the server's own address: its TCP port or its Unix socket
     * @param udsLoop the event loop a Unix socket is dialled with; null for TCP
     */
    static CompletableFuture<Duration> start(SocketAddress address, EventLoopGroup udsLoop, X509Certificate serverCert, String gatewayCaPem) {
        CompletableFuture<Duration> done = new CompletableFuture<>();
        Thread dial = new Thread(() -> {
            long started = System.nanoTime();
            try {
                dial(address, udsLoop, serverCert, gatewayCaPem);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                LOG.info("appliance control channel warmed up in " + took.toMillis() + " ms");
                done.complete(took);
            } catch (Exception e) {
                LOG.log(Level.INFO, "appliance control channel not warmed up (the first appliance connects slower): " + e.getMessage(), e);
                done.completeExceptionally(e);
            }
        }, "appliance-control-warm-up");
        dial.setDaemon(true);
        dial.start();
        return done;
    }

    private static void dial(SocketAddress address, EventLoopGroup udsLoop, X509Certificate serverCert, String gatewayCaPem) throws Exception {
        NettyChannelBuilder builder = udsLoop == null
                ? NettyChannelBuilder.forAddress(reachable((InetSocketAddress) address))
                : NettyChannelBuilder.forAddress(address).channelType(EpollDomainSocketChannel.class).eventLoopGroup(udsLoop)
                        .withOption(ChannelOption.SO_KEEPALIVE, null);   // a TCP option: Netty warns on a domain socket
        ManagedChannel channel = builder
                .sslContext(GrpcSslContexts.forClient().trustManager(ApplianceControlServer.pem(gatewayCaPem)).protocols("TLSv1.3").build())
                .overrideAuthority(nameOf(serverCert))
                .build();
        try {
            CallOptions within = CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            ClientCalls.blockingUnaryCall(channel, NO_SUCH_METHOD, within, new byte[0]);
            throw new IllegalStateException("the control server answered a method it does not have");
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A server bound to every address is dialled on loopback. */
    private static InetSocketAddress reachable(InetSocketAddress bound) {
        return bound.getAddress() == null || bound.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort()) : bound;
    }

    /** A name the certificate is issued to, so that the client's host name check passes as an appliance's does. */
    private static String nameOf(X509Certificate cert) throws CertificateParsingException {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        return names == null || names.isEmpty() ? ApplianceCertificates.commonName(cert) : names.iterator().next().get(1).toString();
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
