-- When the control certificate each NEA last connected with expires (ADR 0014, point 6), by appliance id
-- ('<tenant>/n<network>/<t|p>'), written by the node its stream opened on. NEAs renew at two thirds of its life, so one
-- that expires within 30 days did not, and one past it is refused until it enrols again: the provider is told.
create table nea_certificate (
    appliance_id varchar(200) not null primary key,
    expires_at timestamp with time zone not null,
    connected_at timestamp with time zone not null
);
