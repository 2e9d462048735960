-- The certificate each gateway host holds now (ADR 0013), by control-channel id ('gateway:<name>'), recorded when it is
-- issued: re-enrolling a name revokes the serial held before, and removing a host revokes the one held now, whether or
-- not the host ever connected with it.
create table certificate_holder (
    holder varchar(80) primary key,
    serial varchar(40) not null,
    issued_at timestamp with time zone not null
);

-- Until now the serial a host connected with was kept on its record; it is the one it holds.
insert into certificate_holder (holder, serial, issued_at)
    select 'gateway:' || name, certificate_serial, seen_at from gateway_host where certificate_serial is not null;

alter table gateway_host drop column certificate_serial;
