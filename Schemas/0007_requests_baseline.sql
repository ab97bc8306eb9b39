-- ratui registry, schema 7: the audit trail accounts for the request engine's rows too.
-- Requests and their steps (`request/N`), credentials (`credential/N`), their holders
-- (`credential-holder/N`) and organisations' allocations and entry tests (`preconditions/N`) are
-- reconciled with the states their events record, as organisations, operators and policy
-- versions are since schema 5; personal data by its salted digest only.
-- Events of schema 6 recorded no state for these records, so a registry migrated to this schema
-- gets one `audit.baseline` event holding the state of every such record as it stood, and of no
-- other (written by ratui after migrating, see `Registry.writeBaseline`); its details list the
-- record kinds it covers. A registry migrated from before schema 5 gets one baseline of every kind.

-- Entry tests by organisation, in order: how reconciliation reads them next to the allocations.
CREATE INDEX organisation_entry_tests_organisation ON organisation_entry_tests(organisation_id, id);
