package io.lifeboat.cluster;

import io.lifeboat.shared.TenantDataChanged;

/** A change another node committed, announced here so this node's browsers refresh too; never relayed onwards. */
record ChangeFromAnotherNode(Long tenantId) implements TenantDataChanged {
}
