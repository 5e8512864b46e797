-- Loading a claim's coverage looks each quote up by (claim_id, item_key).
CREATE INDEX claim_items_claim_key ON claim_items (claim_id, item_key);
DROP INDEX claim_items_claim;
