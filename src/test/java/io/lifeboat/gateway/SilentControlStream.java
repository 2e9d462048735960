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
import io.lifeboat.appliance.ControlRpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A restarted process's old control stream, left open and answering nothing (a VM reset under a half-open TCP
 * connection): a raw {@code Connect} with the certificate an enrolled link saved in {@code stateDir}.
 */
public final class SilentControlStream implements AutoCloseable {

    private final ManagedChannel channel;

    public SilentControlStream(int port, String gatewayCaPem, Path stateDir, String id) throws IOException {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(GrpcSslContexts.forClient()
                        .keyManager(stateDir.resolve("control-cert.pem").toFile(), stateDir.resolve("control-key.pem").toFile())
                        .trustManager(new ByteArrayInputStream(gatewayCaPem.getBytes(StandardCharsets.US_ASCII)))
                        .protocols("TLSv1.3").build())
                .build();
        Metadata headers = new Metadata();
        headers.put(ControlRpc.APPLIANCE_ID, id);
        headers.put(ControlRpc.INSTANCE, "the-old-process");
        ClientCalls.asyncBidiStreamingCall(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(ControlRpc.CONNECT, CallOptions.DEFAULT), new StreamObserver<ControlRpc.Command>() {
            @Override
            public void onNext(ControlRpc.Command command) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
