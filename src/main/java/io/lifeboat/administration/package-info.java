/**
 * Provider administration: the pages where a provider sets Lifeboat up (first administrator, sites, tenants with their
 * plan, placement and networks, users). The rules live in the modules that own the data (tenancy, inventory, network);
 * this module composes a tenant's set-up from them, validating everything before saving anything.
 */
package io.lifeboat.administration;
