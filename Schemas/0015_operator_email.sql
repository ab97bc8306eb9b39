-- ratui registry, schema 15: an operator's contact e-mail address.
-- Where notifications to a request's requester or subject (the holder of a revocation, RAPP
-- 8.3.4) are sent; NULL: none known, those notifications are for delivery by hand. Set when the
-- account is made and changed by `ratui operator email`, each change an audited `operator/N`
-- state, so `audit verify` catches an address changed behind ratui's back. Only a plain address
-- (printable ASCII, no spaces) fits here, whatever wrote it; RAPPModel checks the rest.
ALTER TABLE operator ADD COLUMN email TEXT
    CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email GLOB '?*@?*' AND email NOT GLOB '*[^!-~]*'));
