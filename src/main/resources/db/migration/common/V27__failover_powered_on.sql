-- A failover records that it powered the replica on: a resumed run must then neither revert the running replica to its
-- restore point (throwing away what it wrote since) nor power it on again.
alter table replica_status add column failover_powered_on boolean default false not null;
