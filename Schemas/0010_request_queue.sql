-- ratui registry, schema 10: the requests an operator entered, in order, for the short Home of
-- those who only follow their own requests (a PMA member): one seek, a page at a time.
CREATE INDEX request_submitter ON request(submitted_by, id);
