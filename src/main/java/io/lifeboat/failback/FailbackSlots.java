package io.lifeboat.failback;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How many failbacks copy disks at once on this node. A copy can take hours and holds one of Quartz's threads (8 per
 * node), which every failover, undo and drill of every tenant also needs: a disaster's worth of failbacks must not leave
 * a failover waiting behind them. Failbacks beyond the slots wait without a thread (their job runs again later).
 */
@Component
class FailbackSlots {

    private final Semaphore slots;
    /** Tasks whose waiting was said in their log on this node, so that it is said once, not at every look. */
    private final Set<Long> toldWaiting = ConcurrentHashMap.newKeySet();

    FailbackSlots(@Value("${lifeboat.failback.concurrent-copies:4}") int concurrentCopies) {
        this.slots = new Semaphore(concurrentCopies);
    }

    /** A slot for task {@code taskId}, or empty when every slot is taken; release it when the failback ends. */
    boolean tryTake(long taskId) {
        boolean taken = slots.tryAcquire();
        if (taken) {
            toldWaiting.remove(taskId);
        }
        return taken;
    }

    void release() {
        slots.release();
    }

    /** Whether the task's waiting still has to be said (true once per task and node). */
    boolean firstWait(long taskId) {
        return toldWaiting.add(taskId);
    }
}
