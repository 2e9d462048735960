-- Failback: where the replica's data goes back to, and the tenant's request to cancel a running transfer.
-- failback_target_name is null for the original VM; failback_target_vm_id is the tenant-site VM being written.
alter table replica_status add column failback_target_name varchar(200);
alter table replica_status add column failback_target_vm_id varchar(100);
alter table replica_status add column cancel_requested boolean default false not null;

-- A line under a task's progress bar (bytes, rate, time left of a transfer).
alter table task add column progress_detail varchar(300);
