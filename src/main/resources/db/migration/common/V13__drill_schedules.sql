-- Scheduled drills: a tenant's cron schedule of a test failover (VMs with their checks, a time limit). Each run starts
-- from the VMs' newest restore points, ends itself once checked and files its report; the drill remembers its schedule.
create sequence drill_schedule_seq start with 1 increment by 50;

create table drill_schedule (
    id                 bigint primary key,
    tenant_id          bigint       not null references tenant (id),
    cron               varchar(120) not null,
    time_zone          varchar(60)  not null,
    time_limit_minutes integer      not null,
    created_by         varchar(100) not null,
    created_at         timestamp with time zone not null
);
create index drill_schedule_tenant on drill_schedule (tenant_id);

create table drill_schedule_vm (
    schedule_id bigint       not null references drill_schedule (id) on delete cascade,
    position    integer      not null,
    replica_id  bigint       not null,
    checks      varchar(500) not null,
    primary key (schedule_id, position)
);

alter table drill add column schedule_id bigint;
