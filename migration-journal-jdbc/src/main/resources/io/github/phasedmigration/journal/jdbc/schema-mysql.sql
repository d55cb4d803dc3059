-- Reconciliation journal of phased-migration (MySQL; 8.0 or later claims with SKIP LOCKED).
-- Safe to run at every start. Times are epoch milliseconds UTC. The indexes are declared inline
-- because MySQL has no CREATE INDEX IF NOT EXISTS. The binary collation makes keys compare as
-- the application compares them: with a case-insensitive default, a and A would be one key.
CREATE TABLE IF NOT EXISTS migration_journal (
	id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
	migration VARCHAR(100) NOT NULL,
	impl VARCHAR(8) NOT NULL,
	method VARCHAR(500) NOT NULL,
	entity_key VARCHAR(255),
	arguments LONGTEXT NOT NULL,
	cause VARCHAR(8) NOT NULL,
	last_error VARCHAR(2000) NOT NULL,
	attempts INT NOT NULL,
	status VARCHAR(10) NOT NULL,
	next_attempt_at BIGINT NOT NULL,
	lease_until BIGINT,
	claimed_by VARCHAR(100),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	INDEX migration_journal_due (status, next_attempt_at),
	INDEX migration_journal_key (migration, entity_key, id)
) ENGINE=InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
