-- The Flink runner (issue #16): where a deployment runs (the embedded engine or the configured Flink cluster)
-- and the Flink job id of its run; which engine took a catalog entry, with the Flink version, the job jar's
-- SHA-256 and Flink's location of the savepoint (a path Flink restores from).
alter table deployment add column target varchar(16) default 'EMBEDDED' not null;
alter table deployment add column flink_job_id varchar(32);

alter table savepoint_catalog add column engine varchar(16) default 'embedded' not null;
alter table savepoint_catalog add column flink_version varchar(32);
alter table savepoint_catalog add column jar_sha256 varchar(64);
alter table savepoint_catalog add column location varchar(1000);
