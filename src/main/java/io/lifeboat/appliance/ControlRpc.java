package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The control channel's contract (ADR 0005), a gRPC service the Cloud Gateway serves and every appliance dials:
 * <ul>
 *   <li>{@code Enrol} (unary, no client certificate yet): a one-time token and a PKCS#10 request in, a client
 *       certificate signed by the tenant's appliance CA out.</li>
 *   <li>{@code Connect} (bidirectional stream that the appliance opens with its client certificate and its id in the
 *       {@value #APPLIANCE_HEADER} header): the portal sends {@link Command}s, the appliance answers each with a
 *       {@link Reply} carrying the same id. A command's body is the request object of {@link ControlProtocol}
 *       ({@code {"op":"apply","desired":{…}}}), a reply's body its response, so both transports share one meaning.</li>
 * </ul>
 * Messages are JSON (Jackson) rather than protobuf: the appliance already speaks these records, and no protoc binary
 * is needed to build. The descriptors are the contract; a {@code .proto} can replace the marshaller without changing
 * either side's code.
 */
public final class ControlRpc {

    public static final String SERVICE = "lifeboat.appliance.v1.ApplianceControl";
    public static final String APPLIANCE_HEADER = "lifeboat-appliance";
    public static final String GATEWAY_HOST_PREFIX = "gateway:";
    public static final Metadata.Key<String> APPLIANCE_ID = Metadata.Key.of(APPLIANCE_HEADER, Metadata.ASCII_STRING_MARSHALLER);
    /** A random id per appliance process: tells a restart (a new one) from a copy of the appliance (another live one). */
    public static final Metadata.Key<String> INSTANCE = Metadata.Key.of("lifeboat-instance", Metadata.ASCII_STRING_MARSHALLER);
    /**
     * The MAC of the appliance's LAN NIC, as its process reads it: a copied VM has NICs of its own (vSphere gives a clone
     * new MACs), so the portal tells a copy from the NEA VM it made even while the original does not answer.
     */
    public static final Metadata.Key<String> LAN_MAC = Metadata.Key.of("lifeboat-lan-mac", Metadata.ASCII_STRING_MARSHALLER);
    /** The command a link answers itself, at once, even while another runs: whether the process holding a stream is alive. */
    public static final String ALIVE_OP = "alive";

    /** {@code applianceId} is {@code <tenant>/<network>/<role>}; the token binds to it. */
    public record EnrolRequest(String applianceId, String token, String csrPem) {
        @Override
        public String toString() {
            return "EnrolRequest[" + applianceId + ", token=<hidden>]";
        }
    }

    public record EnrolReply(String certPem, String tenantCaPem) {
    }

    /** A new key's request, sent with the certificate the appliance holds, before that one expires (ADR 0014). */
    public record RenewRequest(String csrPem) {
    }

    public record Command(long id, JsonNode body) {
    }

    public record Reply(long id, JsonNode body) {
    }

    public static final MethodDescriptor<EnrolRequest, EnrolReply> ENROL = MethodDescriptor.<EnrolRequest, EnrolReply>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Enrol"))
            .setRequestMarshaller(json(EnrolRequest.class))
            .setResponseMarshaller(json(EnrolReply.class))
            .build();

    /** Answered like an enrolment; authenticated like {@link #CONNECT}, by the certificate being renewed. */
    public static final MethodDescriptor<RenewRequest, EnrolReply> RENEW = MethodDescriptor.<RenewRequest, EnrolReply>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Renew"))
            .setRequestMarshaller(json(RenewRequest.class))
            .setResponseMarshaller(json(EnrolReply.class))
            .build();

    /** The appliance sends replies, the gateway commands. */
    public static final MethodDescriptor<Reply, Command> CONNECT = MethodDescriptor.<Reply, Command>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Connect"))
            .setRequestMarshaller(json(Reply.class))
            .setResponseMarshaller(json(Command.class))
            .build();

    private ControlRpc() {
    }

    /**
     * The control-channel id of Cloud Gateway host {@code name} (ADR 0013). The colon keeps it apart from every appliance
     * id: tenant names cannot hold one.
     */
    public static String gatewayHostId(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9.-]{0,62}")) {
            throw new IllegalArgumentException("a gateway host's name is 1-63 characters a-z, 0-9, '.' and '-', not " + name);
        }
        return GATEWAY_HOST_PREFIX + name;
    }

    public static boolean isGatewayHost(String id) {
        return id != null && id.startsWith(GATEWAY_HOST_PREFIX);
    }

    /** The tenant part of an appliance id ({@code acme/lan/t} → {@code acme}). */
    public static String tenantOf(String applianceId) {
        int slash = applianceId.indexOf('/');
        return slash < 0 ? applianceId : applianceId.substring(0, slash);
    }

    static <T> MethodDescriptor.Marshaller<T> json(Class<T> type) {
        return new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(T value) {
                try {
                    return new ByteArrayInputStream(ControlProtocol.JSON.writeValueAsBytes(value));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public T parse(InputStream stream) {
                try {
                    return ControlProtocol.JSON.readValue(stream, type);
                } catch (IOException e) {
                    throw new UncheckedIOException("unreadable " + type.getSimpleName(), e);
                }
            }
        };
    }
}
