-- The process that lost an appliance's stream because it did not answer while another process with its certificate
-- dialled (ADR 0005): it was wedged, not gone, if it dials again within two minutes, and takes its stream back on
-- whichever node it dials; the process that took the stream is then the copy. One row per appliance, the latest.
create table appliance_silenced (
    appliance_id varchar(200) not null primary key,
    instance_id varchar(64) not null,
    silenced_at timestamp not null
);
