-- Reminder table for the Orleans ADO.NET reminders provider (invariant "System.Data.SQLite").
--
-- Scheduled changes and releases keep their due times in grain state and ask Orleans for a reminder
-- to wake them; this table is where those reminders survive a silo restart.
--
-- The provider loads seven keys from OrleansQuery and refuses to start without them:
-- ReadReminderRowsKey, ReadReminderRowKey, ReadRangeRows1Key, ReadRangeRows2Key,
-- UpsertReminderRowKey, DeleteReminderRowKey, DeleteReminderRowsKey. Parameter names and result
-- column names (GrainId, ReminderName, StartTime, Period, Version) are its contract:
--   * Period is in milliseconds;
--   * GrainHash is the grain's ring position as a signed integer, and range reads compare in that
--     signed space: (Begin, End] when Begin < End, otherwise the range wraps around;
--   * Version is the row's ETag. It must change on every upsert, and should not come back for a
--     re-created row;
--   * the delete answers one boolean row: true only if that exact version was removed.
--
-- StartTime is stored as the provider's parameter text (UTC, "yyyy-MM-dd HH:mm:ss.FFFFFFF"), which
-- sorts and reads back as the same instant.
--
-- Expand/contract: only additive changes. Quotes inside query texts are doubled because they live
-- in SQL string literals.

CREATE TABLE IF NOT EXISTS OrleansReminderTable
(
    ServiceId    TEXT    NOT NULL,
    GrainId      TEXT    NOT NULL,
    ReminderName TEXT    NOT NULL,
    StartTime    TEXT    NOT NULL,
    Period       INTEGER NOT NULL,
    GrainHash    INTEGER NOT NULL,
    Version      INTEGER NOT NULL,

    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS IX_OrleansReminderTable_Ring ON OrleansReminderTable (ServiceId, GrainHash);

-- A new row starts at a random version and each update moves it on, so a deleted and re-created
-- reminder does not get the ETag it had before (SQLite has no sequences; one silo uses this file).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
INSERT INTO OrleansReminderTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1 + abs(random() % 2147483646))
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = excluded.StartTime,
    Period    = excluded.Period,
    GrainHash = excluded.GrainHash,
    Version   = (OrleansReminderTable.Version % 2147483646) + 1
RETURNING Version;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminderTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminderTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminderTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansReminderTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- changes() counts the rows the DELETE just removed on this connection; the provider reads the
-- SELECT, the first statement that yields a row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
DELETE FROM OrleansReminderTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version;
SELECT changes() > 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
DELETE FROM OrleansReminderTable
WHERE ServiceId = @ServiceId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
