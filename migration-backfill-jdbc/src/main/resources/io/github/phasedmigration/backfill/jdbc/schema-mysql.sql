-- Backfill checkpoints of phased-migration (MySQL). Safe to run at every start.
-- One row per migration; times are epoch milliseconds UTC. The binary collation keeps two
-- migrations whose names differ only in case apart, as the application does.
CREATE TABLE IF NOT EXISTS migration_backfill (
	migration VARCHAR(100) NOT NULL PRIMARY KEY,
	state VARCHAR(16) NOT NULL,
	last_key VARCHAR(255),
	rows_done BIGINT NOT NULL,
	rows_total BIGINT NOT NULL,
	started_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	finished_at BIGINT,
	last_error VARCHAR(2000),
	lease_owner VARCHAR(100),
	lease_until BIGINT
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
