-- Test failovers (drills): the isolated port group per tenant network, each drill and its VMs' evidence.
alter table tenant_network add column drill_port_group varchar(200);

create sequence drill_seq start with 1 increment by 50;
create sequence drill_vm_seq start with 1 increment by 50;

create table drill (
    id            bigint primary key,
    tenant_id     bigint       not null references tenant (id),
    state         varchar(20)  not null,
    task_id       bigint       not null,
    started_by    varchar(100) not null,
    started_at    timestamp with time zone not null,
    time_limit_at timestamp with time zone not null,
    end_task_id   bigint,
    ended_by      varchar(100),
    ended_at      timestamp with time zone,
    version       bigint       not null
);
create index drill_tenant on drill (tenant_id, started_at);

create table drill_vm (
    id                       bigint primary key,
    drill_id                 bigint       not null references drill (id),
    replica_id               bigint       not null,
    vm_name                  varchar(200) not null,
    ip_address               varchar(39),
    restore_point_id         bigint       not null,
    restore_point_name       varchar(300) not null,
    restore_point_created_at timestamp with time zone not null,
    original_network         varchar(200),
    drill_network            varchar(200),
    powered_on_at            timestamp with time zone,
    start_error              varchar(2000),
    first_check_at           timestamp with time zone,
    check_passed             boolean,
    check_note               varchar(2000),
    cleaned_up_at            timestamp with time zone,
    cleanup_error            varchar(2000)
);
create index drill_vm_drill on drill_vm (drill_id);
create index drill_vm_replica on drill_vm (replica_id);
