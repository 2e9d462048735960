-- A tenant may keep its network's tenant NEA running between failovers (its own hosts' cost): a failover without the
-- wizard then boots only the provider NEA.
alter table tenant_network add column tenant_nea_kept_running boolean default false not null;
