-- Drills: the checks a tenant names per VM (ping, TCP port) with each one's outcome, and the seal of the evidence report.
create sequence drill_vm_check_seq start with 1 increment by 50;

create table drill_vm_check (
    id               bigint primary key,
    drill_vm_id      bigint      not null references drill_vm (id),
    position         integer     not null,
    kind             varchar(10) not null,
    port             integer     not null,
    passed           boolean,
    first_success_at timestamp with time zone,
    note             varchar(2000)
);
create index drill_vm_check_vm on drill_vm_check (drill_vm_id, position);

alter table drill add column report_sha256 varchar(64);
