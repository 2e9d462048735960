/**
 * Tenancy: tenants with their hardware plan (quota), user accounts and their tenant, and the current
 * tenant of a request ({@link io.lifeboat.tenancy.CurrentTenant}), which every tenant-scoped query uses.
 */
package io.lifeboat.tenancy;
