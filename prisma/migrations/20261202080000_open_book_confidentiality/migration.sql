-- Whether providers may read the open book's partnership-level figures in reports: the investment
-- (every provider's allowable cost) and every figure worked from it (ratios, net present value,
-- payback, break-even points). Closed by default: a provider could otherwise subtract its own
-- costs from the total and learn its rivals'.
ALTER TABLE partnerships ADD COLUMN share_open_book_with_providers boolean NOT NULL DEFAULT false;
