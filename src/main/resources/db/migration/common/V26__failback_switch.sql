-- A failback records that it switched (disks home, replica off) before it powers the target on: a re-run must then not
-- power the target off nor copy the replica's older disks over what the tenant wrote there since.
alter table replica_status add column failback_switched boolean default false not null;
