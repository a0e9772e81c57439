-- Break-glass recovery of admin access (`FlagGrains.Silo admin reset-token`): the command inserts
-- the SHA-256 of a new admin token; the silo applies pending rows through the admin directory
-- grain (which audits the new token) and marks them applied. The token itself is never stored.

CREATE TABLE IF NOT EXISTS flaggrains_admin_recovery
(
    recovery_id  TEXT NOT NULL PRIMARY KEY,
    token_sha256 TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    applied_at   TEXT NULL
);
