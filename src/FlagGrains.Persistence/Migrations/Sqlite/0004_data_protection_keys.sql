-- The ASP.NET Core data-protection key ring of the silo, kept with its data so console cookies and
-- antiforgery tokens survive a restart or a recreated container. Rows are only inserted.

CREATE TABLE IF NOT EXISTS flaggrains_data_protection_keys
(
    friendly_name TEXT NOT NULL PRIMARY KEY,
    xml           TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
