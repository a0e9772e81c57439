-- Break-glass recovery of admin access (`FlagGrains.Silo admin reset-token`).
--
-- The command, run by an operator with database access, inserts the SHA-256 of a new admin token
-- here; every silo applies pending rows through the admin directory grain (which audits the new
-- token) and marks them applied. The token itself is never stored.
--
-- Silos need SELECT and UPDATE on this table; the reset command needs INSERT.

CREATE TABLE IF NOT EXISTS flaggrains_admin_recovery
(
    recovery_id  text        NOT NULL PRIMARY KEY,
    token_sha256 text        NOT NULL,
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    applied_at   timestamptz NULL
);
