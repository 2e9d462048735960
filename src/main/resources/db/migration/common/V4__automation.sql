-- Automation: API tokens, idempotency keys of API requests, webhooks and the hash-chained audit log.
-- Plain SQL that H2 and PostgreSQL both accept.

create sequence api_token_seq start with 1 increment by 50;
create sequence webhook_endpoint_seq start with 1 increment by 50;
create sequence webhook_delivery_seq start with 1 increment by 50;

-- A personal API token: only the SHA-256 of its secret is kept; the prefix finds the row without a scan.
create table api_token (
    id           bigint primary key,
    prefix       varchar(16)  not null unique,
    secret_hash  varchar(64)  not null,
    name         varchar(100) not null,
    username     varchar(100) not null,
    role         varchar(32)  not null,
    tenant_id    bigint references tenant (id),
    scope        varchar(16)  not null,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone
);
create index api_token_owner on api_token (username);

-- The task an Idempotency-Key started, so that a repeated POST answers the same task. task_id is null while the
-- first request is still starting its operation.
create table idempotency_key (
    tenant_id  bigint       not null,
    idem_key   varchar(200) not null,
    task_id    bigint,
    created_at timestamp with time zone not null,
    primary key (tenant_id, idem_key)
);

-- Webhooks: endpoints of a tenant (tenant_id set) or of the provider (null), and each delivery with its outcome.
create table webhook_endpoint (
    id            bigint primary key,
    tenant_id     bigint references tenant (id),
    url           varchar(2000) not null,
    secret_sealed varchar(500)  not null,
    events        varchar(1000) not null,
    created_by    varchar(100)  not null,
    created_at    timestamp with time zone not null
);

create table webhook_delivery (
    id              bigint primary key,
    endpoint_id     bigint        not null references webhook_endpoint (id) on delete cascade,
    event_type      varchar(64)   not null,
    payload         varchar(4000) not null,
    state           varchar(16)   not null,
    attempts        integer       not null,
    next_attempt_at timestamp with time zone,
    last_status     integer,
    last_error      varchar(500),
    created_at      timestamp with time zone not null,
    delivered_at    timestamp with time zone,
    version         bigint        not null
);
create index webhook_delivery_due on webhook_delivery (state, next_attempt_at);
create index webhook_delivery_endpoint on webhook_delivery (endpoint_id, id);

-- The audit log: append-only, each row carries the SHA-256 over the previous row's hash and its own content.
-- audit_head holds the last row's sequence number and hash, and is locked while a row is appended.
create table audit_entry (
    seq         bigint primary key,
    at          timestamp with time zone not null,
    username    varchar(100)  not null,
    tenant_id   bigint,
    action      varchar(100)  not null,
    target      varchar(1000) not null,
    outcome     varchar(16)   not null,
    detail      varchar(1000) not null,
    source_ip   varchar(64)   not null,
    credential  varchar(200)  not null,
    prev_hash   varchar(64)   not null,
    hash        varchar(64)   not null
);
create index audit_entry_tenant on audit_entry (tenant_id, seq);

create table audit_head (
    id        integer primary key,
    last_seq  bigint      not null,
    last_hash varchar(64) not null
);
insert into audit_head (id, last_seq, last_hash) values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
