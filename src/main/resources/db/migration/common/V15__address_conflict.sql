-- Split-brain watchdog: another machine on the tenant LAN claims a failed-over replica's IP (its MAC, since when).
alter table replica_status add column conflict_mac varchar(17);
alter table replica_status add column conflict_since timestamp with time zone;
