-- When Lifeboat last checked each site's vCenter and, while it fails (no answer, login refused, certificate changed),
-- since when and why: the Sites page's status. Written by every inventory sync (each minute), so every node of a
-- cluster shows the same.
alter table site add column contact_checked_at timestamp with time zone;
alter table site add column failing_since timestamp with time zone;
alter table site add column contact_error varchar(2000);
