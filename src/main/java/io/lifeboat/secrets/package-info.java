/**
 * Secrets at rest: rotating the master key that seals site passwords, webhook secrets and tunnel private keys
 * ({@code java -jar lifeboat.jar rotate-master-key}). Runs without the portal: nothing depends on this module.
 */
package io.lifeboat.secrets;
