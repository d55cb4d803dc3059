INSERT INTO orders (customer_id, amount_cents, payment_status) VALUES
    (101, 2599, 'PAID'),
    (102, 1999, 'PENDING'),
    (103, 4595, 'PENDING'),
    (101, 149, 'PENDING'),
    (104, 24900, 'PAID'),
    (105, 3998, 'PENDING');

-- the backfill: every pending order of the orders table
INSERT INTO pending_payments (order_id, customer_id, amount_cents)
    SELECT id, customer_id, amount_cents FROM orders WHERE payment_status = 'PENDING';
