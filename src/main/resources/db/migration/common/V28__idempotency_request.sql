-- What the first request with an Idempotency-Key asked for (SHA-256 of its method, path and body), so that the key
-- sent again with another request is refused rather than answered with the first request's task. Null for keys kept
-- from before this column, which match any request until they expire.
alter table idempotency_key add column request_sha256 varchar(64);

-- Keys expire after a day: the purge finds them by age.
create index idempotency_key_age on idempotency_key (created_at);
