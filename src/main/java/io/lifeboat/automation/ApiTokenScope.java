package io.lifeboat.automation;

/** What a token may do: READ only looks (like a viewer), OPERATE may also act, within the owner's own role. */
public enum ApiTokenScope {
    READ, OPERATE
}
