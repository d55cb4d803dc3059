CREATE TABLE IF NOT EXISTS orders (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer_id    BIGINT      NOT NULL,
    amount_cents   BIGINT      NOT NULL,
    payment_status VARCHAR(16) NOT NULL
);

-- the new home of unpaid orders, backfilled from orders before the migration starts
CREATE TABLE IF NOT EXISTS pending_payments (
    order_id     BIGINT PRIMARY KEY,
    customer_id  BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL
);
