package io.lifeboat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.ControlRpc;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One appliance's open {@code Connect} stream at the control server, and the commands waiting for its replies. Logs
 * under the control server's name.
 */
final class ControlSession {

    private static final Logger LOG = Logger.getLogger(ApplianceControlServer.class.getName());

    final String id;
    /** The link's process and the MAC of its LAN NIC (each null for a link that sends none), and where it connected from. */
    final String instance;
    final String lanMac;
    final String remote;
    final X509Certificate certificate;
    private final ServerCallStreamObserver<ControlRpc.Command> out;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    /** The process lost this stream for its silence before and dialled again: the original, wherever its copy is. */
    private volatile boolean reclaimed;

    private final Duration commandTimeout;

    ControlSession(String id, String instance, String lanMac, String remote, X509Certificate certificate,
                   ServerCallStreamObserver<ControlRpc.Command> out, Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
        this.id = id;
        this.instance = instance;
        this.lanMac = lanMac;
        this.remote = remote;
        this.certificate = certificate;
        this.out = out;
    }

    /** The process lost this stream for its silence before, and took it back by dialling again. */
    boolean reclaimed() {
        return reclaimed;
    }

    void markReclaimed() {
        reclaimed = true;
    }

    /** {@code ended} runs when the stream is cancelled (the appliance or its path went away). */
    void onCancel(Runnable ended) {
        out.setOnCancelHandler(ended);
    }

    /** The appliance closed its side: this side is closed too. */
    void complete() {
        synchronized (out) {
            out.onCompleted();
        }
    }

    /**
     * Another process presenting the very certificate {@code held} holds: a copy, unless the held stream is dead.
     * A new certificate for the name (enrolled again) is no copy, and a link that sends no instance id never is.
     */
    boolean isCopyOf(ControlSession held) {
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
