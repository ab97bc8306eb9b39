-- ratui registry, schema 16: an import fills the organisation search index (schema 9) once a
-- batch instead of once a form. FTS5 writes what it holds in memory to disk at every statement
-- that changes it, so the row-by-row trigger made a new index segment (and merges) per form:
-- about 140 k instructions a form more than one INSERT ... SELECT for the whole batch.
--
-- While organisation_search_deferral holds its one row (only ever inside an import batch's
-- transaction: `OrganisationStore.deferringSearchIndex` adds it, then fills the index and empties
-- both tables before the transaction commits), a new current version queues its organisation in
-- organisation_search_pending instead of replacing its search row. Outside that, the schema 9
-- trigger works as before. What the index holds once a transaction commits is the same either way.
CREATE TABLE organisation_search_deferral (id INTEGER PRIMARY KEY CHECK (id = 1));
CREATE TABLE organisation_search_pending (organisation_id INTEGER PRIMARY KEY);

DROP TRIGGER organisation_search_insert;

CREATE TRIGGER organisation_search_insert AFTER INSERT ON organisation_version
WHEN NEW.is_current = 1 AND NOT EXISTS (SELECT 1 FROM organisation_search_deferral)
BEGIN
    DELETE FROM organisation_search WHERE rowid = NEW.organisation_id;
    INSERT INTO organisation_search(rowid, name, company_number, sec_party_id)
    VALUES (NEW.organisation_id, NEW.name, coalesce(json_extract(NEW.fields, '$.companyNumber'), ''),
            coalesce(json_extract(NEW.fields, '$.secPartyId'), ''));
END;

CREATE TRIGGER organisation_search_queue AFTER INSERT ON organisation_version
WHEN NEW.is_current = 1 AND EXISTS (SELECT 1 FROM organisation_search_deferral)
BEGIN
    INSERT OR IGNORE INTO organisation_search_pending(organisation_id) VALUES (NEW.organisation_id);
END;
