package io.lifeboat.inventory;

import org.springframework.data.jpa.repository.JpaRepository;

interface TenantPlacementRepository extends JpaRepository<TenantPlacement, Long> {
}
