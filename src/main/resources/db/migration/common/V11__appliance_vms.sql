-- The port group of a tenant network at the tenant's own site: where the tenant NEA VM's first NIC goes.
alter table tenant_network add column tenant_port_group varchar(200);
