-- Provider administration in the portal (first run, sites, tenants, users).
-- managed_by: 'configuration' when lifeboat.setup.* declares the row; the pages show it read-only and the portal never
-- overwrites it (nor does the configuration overwrite a row the portal created). Null: managed in the portal.

alter table site add column certificate_sha256 varchar(95);
alter table site add column managed_by varchar(20);
-- What the Network Extension Appliances need at this site.
alter table site add column appliance_template varchar(200);
alter table site add column appliance_uplink_network varchar(200);

alter table tenant add column enabled boolean default true not null;
alter table tenant add column managed_by varchar(20);

alter table user_account add column last_login_at timestamp with time zone;
alter table user_account add column created_by varchar(100);

-- One-time links (first administrator, password set/reset). Only a SHA-256 of the token is stored.
create table one_time_token (
    token_sha256 varchar(64) primary key,
    purpose      varchar(20)  not null,
    username     varchar(100),
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone
);
