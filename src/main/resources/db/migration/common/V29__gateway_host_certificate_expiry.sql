-- When the control certificate a gateway host connected with expires (ADR 0014): it renews itself at two thirds of its
-- life, so one that expires within 30 days did not, and the provider is told. Null until a node reads it at a heartbeat.
alter table gateway_host add column certificate_expires timestamp with time zone;
