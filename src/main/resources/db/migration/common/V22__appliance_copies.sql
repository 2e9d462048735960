-- A second process presenting an NEA's certificate (a copied VM or disk), refused by the node holding the NEA's stream,
-- as that node last recorded it at a heartbeat: where each dials from. Shown to the provider while it is fresh.
create table appliance_copy (
    appliance_id varchar(200) not null primary key,
    held_from varchar(200) not null,
    refused_from varchar(200) not null,
    seen_at timestamp with time zone not null
);
