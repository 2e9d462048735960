/** The provider's dashboard: every tenant with its quota use, every VM not Ready, every tunnel. Provider role only. */
package io.lifeboat.provider;
