-- The new side of customer-source on PostgreSQL: one row per unpaid order. Run at every start, so
-- idempotent.
CREATE TABLE IF NOT EXISTS pending_payments (
    order_id     BIGINT PRIMARY KEY,
    customer_id  BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL
);
