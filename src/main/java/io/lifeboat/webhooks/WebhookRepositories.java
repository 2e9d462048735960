package io.lifeboat.webhooks;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface WebhookEndpointRepository extends JpaRepository<WebhookEndpoint, Long> {

    /** The tenant's endpoints and the provider's (which receive every tenant's events). */
    @Query("select e from WebhookEndpoint e where e.tenantId = :tenantId or e.tenantId is null")
    List<WebhookEndpoint> receiversOf(long tenantId);

    @Query("select e from WebhookEndpoint e where (:tenantId is null and e.tenantId is null) or e.tenantId = :tenantId order by e.id")
    List<WebhookEndpoint> ownedBy(Long tenantId);
}

interface WebhookDeliveryRepository extends JpaRepository<WebhookDelivery, Long> {

    @Query("select d from WebhookDelivery d where d.state = io.lifeboat.webhooks.DeliveryState.PENDING and d.nextAttemptAt <= :now order by d.nextAttemptAt")
    List<WebhookDelivery> due(Instant now, Pageable page);

    @Query("select d from WebhookDelivery d where d.endpointId in :endpointIds order by d.id desc")
    List<WebhookDelivery> ofEndpoints(Collection<Long> endpointIds, Pageable page);
}
