package io.lifeboat.inventory;

import io.lifeboat.hypervisor.HypervisorException;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records whether a site's vCenter could be used, after the call (never around it). An update query, not the entity: a
 * provider editing the site on the Sites page at the same moment loses nothing.
 */
@Component
class SiteContacts {

    static final int ERROR_LENGTH = 2000;
    /** A vCenter that answered "no such folder" or "task failed" works; these say Lifeboat cannot use it. */
    private static final Set<HypervisorException.Kind> FAILURES = Set.of(HypervisorException.Kind.UNREACHABLE,
            HypervisorException.Kind.TIMEOUT, HypervisorException.Kind.AUTHENTICATION, HypervisorException.Kind.UNTRUSTED);

    private final SiteRepository sites;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    SiteContacts(SiteRepository sites, Clock clock, PlatformTransactionManager transactionManager, ApplicationEventPublisher events) {
        this.sites = sites;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
    }

    /** Whether {@code failure} says Lifeboat cannot use the site (unlike "no such folder" or "task failed"). */
    static boolean saysUnusable(HypervisorException failure) {
        return FAILURES.contains(failure.kind());
    }

    /** The call's answer, with the site recorded as working; a failure that says the site cannot be used is recorded, then rethrown. */
    <T> T check(long siteId, Supplier<T> call) {
        T answer;
        try {
            answer = call.get();
        } catch (HypervisorException e) {
            if (saysUnusable(e)) {
                failed(siteId, e.getMessage());
            } else {
                worked(siteId);
            }
            throw e;
        }
        worked(siteId);
        return answer;
    }

    private void worked(long siteId) {
        record(siteId, false, () -> sites.recordSuccess(siteId, clock.instant()));
    }

    /** Records the site as failing: a call's failure said so, or one of its calls has gone unanswered too long. */
    void failed(long siteId, String error) {
        String why = error == null || error.isBlank() ? "no reason given" : error;
        String kept = why.length() > ERROR_LENGTH ? why.substring(0, ERROR_LENGTH) : why;
        record(siteId, true, () -> sites.recordFailure(siteId, clock.instant(), kept));
    }

    /** Records the check; when the site changed between working and failing, the open screens are told. */
    private void record(long siteId, boolean failing, Runnable update) {
        transactions.executeWithoutResult(status -> {
            boolean wasFailing = sites.isFailing(siteId);
            update.run();
            if (wasFailing != failing) {
                sites.findById(siteId).ifPresent(site -> events.publishEvent(new SiteContactChanged(site.getName(), site.contact())));
            }
        });
    }
}
