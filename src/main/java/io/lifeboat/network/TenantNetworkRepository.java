package io.lifeboat.network;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface TenantNetworkRepository extends JpaRepository<TenantNetwork, Long> {

    List<TenantNetwork> findByTenantIdOrderByName(Long tenantId);

    Optional<TenantNetwork> findByTenantIdAndName(Long tenantId, String name);

    List<TenantNetwork> findByTenantNeaKeptRunningTrue();
}
