package io.lifeboat.lab;

import io.lifeboat.tenancy.Role;

/** A demo login of the lab; printed at start-up. */
public record LabAccount(String username, String password, Role role, String tenant) {
}
