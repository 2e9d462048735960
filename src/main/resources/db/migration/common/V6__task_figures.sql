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

-- The tenant tunnel's RTT and the tenant NEA's byte counters, sampled while the tunnel is up, so the tenant's network
-- can be drawn over the last hour. Counters are as the NEA reports them (they restart with the NEA); rates are
-- computed from consecutive samples when read. Samples older than a few hours are pruned by the sampler.
create sequence tunnel_sample_seq start with 1 increment by 50;
create table tunnel_sample (
    id          bigint primary key,
    tenant_id   bigint           not null,
    network_id  bigint           not null,
    at          timestamp with time zone not null,
    rtt_ms      double precision,
    bytes_in    bigint           not null,
    bytes_out   bigint           not null
);
create index tunnel_sample_tenant_at on tunnel_sample (tenant_id, at);
