-- The ASP.NET Core data-protection key ring shared by every silo of the cluster, so a console
-- cookie or antiforgery token made by one silo is accepted by the others and survives restarts.
--
-- One row per key (the framework's XML element, keyed by its friendly name); rows are only
-- inserted, never changed: the framework expires keys by writing revocation elements as new rows.
-- Silos need SELECT and INSERT on this table.

CREATE TABLE IF NOT EXISTS flaggrains_data_protection_keys
(
    friendly_name text        NOT NULL PRIMARY KEY,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
