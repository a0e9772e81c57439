-- Reminder table for the Orleans ADO.NET reminders provider (invariant "Npgsql").
--
-- Scheduled changes and releases keep their due times in grain state and ask Orleans for a reminder
-- to wake them; this table is where those reminders survive silo loss and cluster restarts.
--
-- The provider loads seven keys from OrleansQuery and refuses to start without them:
-- ReadReminderRowsKey, ReadReminderRowKey, ReadRangeRows1Key, ReadRangeRows2Key,
-- UpsertReminderRowKey, DeleteReminderRowKey, DeleteReminderRowsKey. Parameter names and result
-- column names (GrainId, ReminderName, StartTime, Period, Version) are its contract:
--   * Period is in milliseconds (the provider sends an int, or a bigint for periods past 24 days);
--   * GrainHash is the grain's ring position as a signed integer, and range reads compare in that
--     signed space: (Begin, End] when Begin < End, otherwise the range wraps around;
--   * Version is the row's ETag. It must change on every upsert, and should never come back for a
--     re-created row, because a silo that cached the old row compares ETags to notice a change;
--   * the delete answers one boolean row: true only if that exact version was removed.
--
-- Expand/contract: only additive changes; replacement query texts must stay compatible with
-- silos still running the previous code.

CREATE TABLE IF NOT EXISTS OrleansReminderTable
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,

    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Every silo reads its share of the ring at start and every refresh period.
CREATE INDEX IF NOT EXISTS IX_OrleansReminderTable_Ring ON OrleansReminderTable (ServiceId, GrainHash);

-- One counter for every row: an ETag is never handed out twice (until the counter cycles past
-- two billion), so a deleted and re-created reminder cannot look unchanged.
CREATE SEQUENCE IF NOT EXISTS OrleansReminderVersion AS integer MINVALUE 1 CYCLE;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $query$
INSERT INTO OrleansReminderTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, nextval('OrleansReminderVersion'))
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = excluded.StartTime,
    Period    = excluded.Period,
    GrainHash = excluded.GrainHash,
    Version   = excluded.Version
RETURNING r.Version;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $query$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminderTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $query$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminderTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- A range that does not wrap: (BeginHash, EndHash].
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $query$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminderTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- A range that wraps past the end of the ring (and, with BeginHash = EndHash, the whole ring).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $query$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminderTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $query$
WITH removed AS (
    DELETE FROM OrleansReminderTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM removed);
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $query$
DELETE FROM OrleansReminderTable
WHERE ServiceId = @ServiceId;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
