-- The latest results of each job, kept across stop, restore and restart of its runs (at most a few thousand rows
-- as JSON; see ResultHistory).
create table kept_results (
    job_id    bigint  not null primary key references job (id),
    rows_json varchar(1000000) not null,
    saved_at  timestamp with time zone not null
);
