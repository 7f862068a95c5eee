-- Stored comparison reports of A/B experiments and what-if replays (issue #14), so a finished comparison stays
-- readable: one JSON report per owner ("experiment:12", "replay:3"), replaced as the comparison goes on.
create table comparison_report (
    owner       varchar(64)      not null primary key,
    report_json varchar(1000000) not null,
    updated_at  timestamp with time zone not null
);
