package io.lifeboat.automation;

/** What a token may do: READ only looks (like a viewer), OPERATE may also act, within the owner's own role. */
public enum ApiTokenScope {
    READ, OPERATE;

    /** As the portal shows it: "Read", "Operate". */
    public String label() {
        return this == READ ? "Read" : "Operate";
    }
}
