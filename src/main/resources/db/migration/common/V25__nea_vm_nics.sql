-- The LAN NIC of each NEA VM as vSphere configured it, read when the portal powers the VM on: a process with the NEA's
-- certificate that dials from behind another NIC runs in a copied VM, and every node refuses it.
create table appliance_vm_nic (
    appliance_id varchar(200) not null primary key,
    lan_mac varchar(17) not null,
    recorded_at timestamp with time zone not null
);
