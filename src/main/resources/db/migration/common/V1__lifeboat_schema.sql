-- Lifeboat's own tables. Plain SQL that H2 and PostgreSQL both accept.
-- Sequences step by 50 so Hibernate's pooled optimizer can batch inserts (inventory sync writes thousands of rows).

create sequence tenant_seq start with 1 increment by 50;
create sequence user_account_seq start with 1 increment by 50;
create sequence tenant_network_seq start with 1 increment by 50;
create sequence site_seq start with 1 increment by 50;
create sequence replica_seq start with 1 increment by 50;
create sequence restore_point_seq start with 1 increment by 50;
create sequence task_seq start with 1 increment by 50;
create sequence task_log_seq start with 1 increment by 50;

-- tenancy ---------------------------------------------------------------------------------------
create table tenant (
    id               bigint primary key,
    name             varchar(64)  not null unique,
    display_name     varchar(200) not null,
    quota_cpus       integer      not null,
    quota_memory_mb  integer      not null
);

create table user_account (
    id            bigint primary key,
    username      varchar(100) not null unique,
    password_hash varchar(200),
    role          varchar(32)  not null,
    tenant_id     bigint references tenant (id),
    enabled       boolean      not null
);

-- network ---------------------------------------------------------------------------------------
create table tenant_network (
    id                  bigint primary key,
    tenant_id           bigint       not null references tenant (id),
    name                varchar(100) not null,
    subnet              varchar(43)  not null,
    gateway             varchar(39)  not null,
    vlan                integer      not null,
    provider_port_group varchar(200) not null,
    unique (tenant_id, name)
);

-- inventory -------------------------------------------------------------------------------------
create table site (
    id                 bigint primary key,
    name               varchar(100)  not null unique,
    url                varchar(500)  not null,
    username           varchar(200)  not null,
    password_encrypted varchar(1000) not null,
    trust_all_certs    boolean       not null
);

-- Where a tenant's production VMs (tenant site) and replicas (provider site) live.
create table tenant_placement (
    tenant_id        bigint primary key references tenant (id),
    tenant_site_id   bigint       not null references site (id),
    tenant_folder    varchar(500) not null,
    provider_site_id bigint       not null references site (id),
    provider_folder  varchar(500) not null
);

create table replica (
    id                     bigint primary key,
    tenant_id              bigint       not null references tenant (id),
    vm_id                  varchar(100) not null,
    vm_name                varchar(200) not null,
    replica_name           varchar(200) not null,
    ip_address             varchar(39),
    network_id             bigint references tenant_network (id),
    network_name           varchar(200),
    cpus                   integer      not null,
    memory_mb              integer      not null,
    production_vm_id       varchar(100),
    production_power_state varchar(20),
    present                boolean      not null,
    restore_point_count    integer      not null,
    latest_restore_point   timestamp with time zone,
    synced_at              timestamp with time zone not null,
    unique (tenant_id, vm_id)
);
create index replica_tenant_name on replica (tenant_id, vm_name);

create table restore_point (
    id          bigint primary key,
    replica_id  bigint       not null references replica (id) on delete cascade,
    snapshot_id varchar(100) not null,
    name        varchar(300) not null,
    description varchar(1000),
    created_at  timestamp with time zone not null,
    unique (replica_id, snapshot_id)
);

-- tasks -----------------------------------------------------------------------------------------
create table task (
    id          bigint primary key,
    tenant_id   bigint references tenant (id),
    type        varchar(40)  not null,
    state       varchar(20)  not null,
    title       varchar(300) not null,
    started_by  varchar(100) not null,
    started_at  timestamp with time zone not null,
    ended_at    timestamp with time zone,
    progress    integer      not null,
    summary     varchar(2000),
    subject_key varchar(200),
    version     bigint       not null
);
create index task_tenant_started on task (tenant_id, started_at);

create table task_log (
    id      bigint primary key,
    task_id bigint        not null references task (id) on delete cascade,
    at      timestamp with time zone not null,
    level   varchar(10)   not null,
    subject varchar(200),
    message varchar(2000) not null
);
create index task_log_task on task_log (task_id, id);

-- failover --------------------------------------------------------------------------------------
-- Owned by the failover state machine alone; kept apart from replica so that inventory syncs never
-- collide with a failover's optimistic lock.
create table replica_status (
    replica_id         bigint primary key references replica (id) on delete cascade,
    tenant_id          bigint       not null references tenant (id),
    state              varchar(30)  not null,
    version            bigint       not null,
    restore_point_id   bigint,
    marker_snapshot_id varchar(100),
    state_since        timestamp with time zone not null,
    error_message      varchar(2000),
    failed_operation   varchar(30),
    task_id            bigint,
    started_by         varchar(100),
    failed_over_at     timestamp with time zone
);
create index replica_status_tenant_state on replica_status (tenant_id, state);
