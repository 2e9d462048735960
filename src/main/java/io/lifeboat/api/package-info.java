/**
 * The REST API's common surface: one place that turns every error into an RFC 9457 problem detail with the same
 * message the pages show, and the OpenAPI description (served at /api/v1/openapi.json, browsable at /api/v1/docs).
 * It depends on the features whose refusals it translates; nothing depends on it. The endpoints live in each
 * feature's {@code web} package.
 */
package io.lifeboat.api;
