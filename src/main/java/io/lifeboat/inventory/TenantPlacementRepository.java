package io.lifeboat.inventory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface TenantPlacementRepository extends JpaRepository<TenantPlacement, Long> {

    /** How many tenants have their production VMs or their replicas at the site. */
    @Query("select count(p) from TenantPlacement p where p.tenantSite.id = :siteId or p.providerSite.id = :siteId")
    long countUsing(@Param("siteId") long siteId);

    /** {@link #countUsing} of every site used at all, in one query. */
    @Query("select new io.lifeboat.inventory.SiteUse(s.id, count(p)) from Site s, TenantPlacement p"
            + " where p.tenantSite = s or p.providerSite = s group by s.id")
    List<SiteUse> siteUses();

    /** {@link #countUsing} for every site at once, by site id; a site no tenant uses is absent. */
    default Map<Long, Long> countUsingEachSite() {
        return siteUses().stream().collect(Collectors.toMap(SiteUse::siteId, SiteUse::tenants));
    }
}
