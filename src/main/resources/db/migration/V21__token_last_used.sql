-- When each API token was last used (to within a minute), so an unused or unexpectedly busy token shows (issue #15).
alter table api_token add column last_used_at timestamp with time zone;
