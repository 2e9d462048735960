-- The process holding each appliance's stream, so that a node another process dials with the same certificate (a copy
-- that a gateway relayed to it) can tell a copy from the same process moving nodes (ADR 0005). claimed_at: when such a
-- process last dialled; answered_at: when the holder last answered its node's question whether it is alive.
alter table appliance_connection add column instance_id varchar(64);
alter table appliance_connection add column certificate_serial varchar(64);
alter table appliance_connection add column held_from varchar(200);
alter table appliance_connection add column claimed_at timestamp;
alter table appliance_connection add column answered_at timestamp;
