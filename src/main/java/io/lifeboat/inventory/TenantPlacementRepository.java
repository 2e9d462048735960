package io.lifeboat.inventory;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface TenantPlacementRepository extends JpaRepository<TenantPlacement, Long> {

    /** How many tenants have their production VMs or their replicas at the site. */
    @Query("select count(p) from TenantPlacement p where p.tenantSite.id = :siteId or p.providerSite.id = :siteId")
    long countUsing(@Param("siteId") long siteId);

    /** Each placement's two sites, {tenant site id, provider site id}: every site's count in one query. */
    @Query("select p.tenantSite.id, p.providerSite.id from TenantPlacement p")
    List<Object[]> sitePairs();
}
