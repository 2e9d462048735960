-- A second process presenting a gateway host's certificate (a copied VM or disk), as the node that refuses it last saw
-- it: where it dials from and when. The provider is shown it while it keeps dialling (ADR 0013).
alter table gateway_host add column copy_address varchar(200);
alter table gateway_host add column copy_seen_at timestamp;
