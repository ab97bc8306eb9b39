-- ratui registry, schema 9: find organisations by text anywhere in their current name, company
-- number or SEC Party identifier. An FTS5 trigram index (SQLite 3.34 or later; ratui checks on
-- opening) holds one row per organisation, its rowid the organisation's id, kept in step with
-- organisation_version by the triggers below, inside the transaction that changes a version.
-- The trigram tokenizer folds case; a search of fewer than three characters cannot use it, and
-- the list searches the start of the name instead (organisation_version_current_name).
CREATE VIRTUAL TABLE organisation_search USING fts5(name, company_number, sec_party_id, tokenize = 'trigram');

-- A new current version (a registration or an amendment) replaces the organisation's row.
CREATE TRIGGER organisation_search_insert AFTER INSERT ON organisation_version WHEN NEW.is_current = 1
BEGIN
    DELETE FROM organisation_search WHERE rowid = NEW.organisation_id;
    INSERT INTO organisation_search(rowid, name, company_number, sec_party_id)
    VALUES (NEW.organisation_id, NEW.name, coalesce(json_extract(NEW.fields, '$.companyNumber'), ''),
            coalesce(json_extract(NEW.fields, '$.secPartyId'), ''));
END;

-- A version superseded (or, in a registry changed behind ratui's back, edited): the row follows
-- whatever version is current now, if any.
CREATE TRIGGER organisation_search_update AFTER UPDATE ON organisation_version
BEGIN
    DELETE FROM organisation_search WHERE rowid = OLD.organisation_id;
    INSERT INTO organisation_search(rowid, name, company_number, sec_party_id)
    SELECT organisation_id, name, coalesce(json_extract(fields, '$.companyNumber'), ''),
           coalesce(json_extract(fields, '$.secPartyId'), '')
    FROM organisation_version WHERE organisation_id = NEW.organisation_id AND is_current = 1;
END;

-- Existing registries: every organisation's current version.
INSERT INTO organisation_search(rowid, name, company_number, sec_party_id)
SELECT organisation_id, name, coalesce(json_extract(fields, '$.companyNumber'), ''),
       coalesce(json_extract(fields, '$.secPartyId'), '')
FROM organisation_version WHERE is_current = 1;
