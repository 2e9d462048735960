-- Which portal node holds each appliance's control stream, refreshed by that node while it does (ADR 0008: only that
-- node reaches the appliance). A row not refreshed for three heartbeats is of a node that is gone.
create table appliance_connection (
    appliance_id varchar(200) not null primary key,
    node_id varchar(200) not null,
    seen_at timestamp not null
);

-- Since when an appliance expected to be connected (a kept tenant NEA whose VM is on) was found connected to no node:
-- the check that power-cycles a silent one may run on any node, so the first sighting is shared.
create table appliance_silence (
    appliance_id varchar(200) not null primary key,
    since timestamp not null
);
