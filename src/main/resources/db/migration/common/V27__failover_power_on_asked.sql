-- A failover records that it reverted the replica and asks for its power-on: a resumed run must then neither revert the
-- replica again (it may run, and hold what it wrote since) nor reconnect its NIC; it only makes sure the replica is on.
alter table replica_status add column failover_power_on_asked boolean default false not null;
