/**
 * The replica read model and Retry in the REST API, and what every operation endpoint shares
 * ({@link io.lifeboat.replica.web.OperationAnswers}: 404 for another tenant's replica, the Idempotency-Key, 202 with the
 * task), used by the failover and failback rooms' endpoints.
 */
@NamedInterface("web")
package io.lifeboat.replica.web;

import org.springframework.modulith.NamedInterface;
