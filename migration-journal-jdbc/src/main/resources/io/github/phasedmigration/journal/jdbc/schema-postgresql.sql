-- Reconciliation journal of phased-migration (PostgreSQL 9.5 or later). Safe to run at every start.
-- Times are epoch milliseconds UTC.
CREATE TABLE IF NOT EXISTS migration_journal (
	id BIGSERIAL PRIMARY KEY,
	migration VARCHAR(100) NOT NULL,
	impl VARCHAR(8) NOT NULL,
	method VARCHAR(500) NOT NULL,
	entity_key VARCHAR(255),
	arguments TEXT NOT NULL,
	cause VARCHAR(8) NOT NULL,
	last_error VARCHAR(2000) NOT NULL,
	attempts INT NOT NULL,
	status VARCHAR(10) NOT NULL,
	next_attempt_at BIGINT NOT NULL,
	lease_until BIGINT,
	claimed_by VARCHAR(100),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS migration_journal_due ON migration_journal (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS migration_journal_key ON migration_journal (migration, entity_key, id);
