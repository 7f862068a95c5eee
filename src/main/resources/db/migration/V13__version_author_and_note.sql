-- Who submitted each version of a job, and why (issue #13).
alter table job_version add column author varchar(100) default 'anonymous' not null;
alter table job_version add column note varchar(2000);
