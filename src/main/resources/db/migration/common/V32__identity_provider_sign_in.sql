-- The access an identity provider (Keycloak) gave a user at their latest sign-in to one tenant (tenant_id null: as the
-- provider). Lifeboat cannot ask the identity provider about a user who is not signing in, so the API tokens a user
-- made for that tenant follow this row: its role, and only while it is recent
-- (lifeboat.api.tokens.identity-provider-sign-in-valid-for).
-- sign_in_key: '<tenant id>/<username>', or 'provider/<username>'; one row each, also when two sign-ins meet.
create table identity_provider_sign_in (
    sign_in_key  varchar(130) primary key,
    username     varchar(100) not null,
    tenant_id    bigint references tenant (id),
    role         varchar(32)  not null,
    signed_in_at timestamp with time zone not null
);
create index identity_provider_sign_in_username on identity_provider_sign_in (username);
