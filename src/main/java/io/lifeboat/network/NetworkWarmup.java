package io.lifeboat.network;

import io.lifeboat.shared.DaemonThreads;
import jakarta.annotation.PreDestroy;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Warms tenant networks in the background ({@link NetworkExtensionService#warmUp}): the caller (the wizard opening, an
 * API client announcing a failover) never waits for appliances to boot. A network already warming is not started twice;
 * a failure is logged only, since the failover that may follow brings the network up itself and reports any error in
 * its task.
 */
@Service
public class NetworkWarmup {

    private static final Logger log = LoggerFactory.getLogger(NetworkWarmup.class);

    private final NetworkExtensionService extensions;
    private final Set<Long> warming = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = DaemonThreads.pool("network-warmup", 2);

    NetworkWarmup(NetworkExtensionService extensions) {
        this.extensions = extensions;
    }

    /** Starts warming {@code networkIds} of {@code tenantId} (the caller checked the tenant) and returns at once. */
    public void warmUp(long tenantId, Collection<Long> networkIds, String startedBy, WarmUpFor occasion) {
        for (long networkId : networkIds) {
            if (warming.add(networkId)) {
                workers.execute(() -> warmOne(tenantId, networkId, startedBy, occasion));
            }
        }
    }

    private void warmOne(long tenantId, long networkId, String startedBy, WarmUpFor occasion) {
        try {
            extensions.warmUp(tenantId, networkId, startedBy, occasion);
        } catch (RuntimeException e) {
            log.warn("Warming network {} of tenant {} for {} failed (a failover brings it up itself): {}",
                    networkId, tenantId, occasion.label(), e.getMessage(), e);
        } finally {
            warming.remove(networkId);
        }
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}
