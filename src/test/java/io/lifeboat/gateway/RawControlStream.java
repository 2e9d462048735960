package io.lifeboat.gateway;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.ControlRpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A raw {@code Connect} stream with the certificate an enrolled link saved in {@code stateDir}, for a process whose
 * instance id a test chooses: {@link #silent} answers nothing (a restarted process's old stream left half-open, or a
 * wedged one), {@link #answering} answers every command with an empty reply.
 */
public final class RawControlStream implements AutoCloseable {

    private final ManagedChannel channel;
    private final AtomicReference<Status> end = new AtomicReference<>();

    /** How the server ended the stream; null while it is open. */
    public record Status(io.grpc.Status.Code code, String description) {
    }

    public static RawControlStream silent(int port, String gatewayCaPem, Path stateDir, String id, String instance) throws IOException {
        return new RawControlStream(port, gatewayCaPem, stateDir, id, instance, false);
    }

    public static RawControlStream answering(int port, String gatewayCaPem, Path stateDir, String id, String instance) throws IOException {
        return new RawControlStream(port, gatewayCaPem, stateDir, id, instance, true);
    }

    private RawControlStream(int port, String gatewayCaPem, Path stateDir, String id, String instance, boolean answers) throws IOException {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(GrpcSslContexts.forClient()
                        .keyManager(stateDir.resolve("control-cert.pem").toFile(), stateDir.resolve("control-key.pem").toFile())
                        .trustManager(new ByteArrayInputStream(gatewayCaPem.getBytes(StandardCharsets.US_ASCII)))
                        .protocols("TLSv1.3").build())
                .build();
        Metadata headers = new Metadata();
        headers.put(ControlRpc.APPLIANCE_ID, id);
        headers.put(ControlRpc.INSTANCE, instance);
        AtomicReference<StreamObserver<ControlRpc.Reply>> replies = new AtomicReference<>();
        replies.set(ClientCalls.asyncBidiStreamingCall(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(ControlRpc.CONNECT, CallOptions.DEFAULT), new StreamObserver<ControlRpc.Command>() {
            @Override
            public void onNext(ControlRpc.Command command) {
                if (answers) {
                    synchronized (replies) {
                        replies.get().onNext(new ControlRpc.Reply(command.id(), ControlProtocol.JSON.createObjectNode()));
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                io.grpc.Status status = io.grpc.Status.fromThrowable(t);
                end.set(new Status(status.getCode(), status.getDescription()));
            }

            @Override
            public void onCompleted() {
                end.set(new Status(io.grpc.Status.Code.OK, null));
            }
        }));
    }

    /** How the server ended this stream; null while it is open. */
    public Status end() {
        return end.get();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
