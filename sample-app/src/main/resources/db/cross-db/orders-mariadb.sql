-- The old side of customer-source on MariaDB: the orders table, whose payment_status column is the
-- ledger being migrated away from. Run at every start (spring.sql.init.mode=always), so idempotent.
CREATE TABLE IF NOT EXISTS orders (
    id             BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id    BIGINT      NOT NULL,
    amount_cents   BIGINT      NOT NULL,
    payment_status VARCHAR(16) NOT NULL
) ENGINE=InnoDB;
