-- The tunnel flows the Cloud Gateway hosts relay (ADR 0013). Any node sends each gateway host connected to it this
-- whole set, on every change, when the host connects and at every heartbeat, so the set outlives a portal restart.
create table gateway_relay_flow (
    tunnel_name varchar(40) primary key,
    relay_port integer not null,
    upstream varchar(64) not null,
    opened_at timestamp with time zone not null
);

-- The gateway hosts connected to some node, where tenant NEAs reach their relay, when a node last saw each, and the
-- serial (hex) of the certificate it connected with, which removing the host revokes.
create table gateway_host (
    name varchar(80) primary key,
    relay_address varchar(64) not null,
    seen_at timestamp with time zone not null,
    certificate_serial varchar(64)
);

-- Each gateway host's counters per flow, as the node holding its stream read them at its last heartbeat: any node
-- answers for a network's relay counters, whichever node the hosts are connected to.
create table gateway_relay_counter (
    host_name varchar(80) not null,
    tunnel_name varchar(40) not null,
    packets_in bigint not null,
    bytes_in bigint not null,
    packets_out bigint not null,
    bytes_out bigint not null,
    dropped bigint not null,
    read_at timestamp with time zone not null,
    primary key (host_name, tunnel_name)
);

-- Raised by every change to gateway_relay_flow: each node polls it and sends the new set to the hosts connected to it
-- at once, not at its next heartbeat (a host connected to another node than the one that opened a flow).
create table gateway_relay_set (
    id integer primary key,
    version bigint not null
);
insert into gateway_relay_set (id, version) values (1, 0);
