-- Figures an operation measured (a failover's time-to-reachable, a failback's transfer rate over time), kept next to
-- the task log line that tells them, so pages can draw them without parsing log text.
create sequence task_figure_seq start with 1 increment by 50;
create table task_figure (
    id          bigint primary key,
    task_id     bigint           not null references task (id) on delete cascade,
    tenant_id   bigint,
    subject     varchar(200),
    name        varchar(60)      not null,
    at          timestamp with time zone not null,
    figure      double precision not null
);
create index task_figure_name on task_figure (name, tenant_id, subject);
