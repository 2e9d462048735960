-- The appliances' control-channel trust, kept so that a restarted portal (or another node) still recognises every
-- appliance certificate it issued, every revocation and every enrolment token written into an NEA VM's guestinfo.
-- CA keys are sealed under the master key; tokens are kept as SHA-256 hashes only.
create table appliance_authority (
    name            varchar(200)  primary key,
    certificate_pem varchar(4000) not null,
    sealed_key      varchar(4000) not null,
    created_at      timestamp with time zone not null
);

create table appliance_revocation (
    serial     varchar(40) primary key,
    revoked_at timestamp with time zone not null
);

create table enrolment_token (
    token_hash   varchar(64)  primary key,
    appliance_id varchar(300) not null,
    expires_at   timestamp with time zone not null,
    used_at      timestamp with time zone,
    used_for_key varchar(64)
);
