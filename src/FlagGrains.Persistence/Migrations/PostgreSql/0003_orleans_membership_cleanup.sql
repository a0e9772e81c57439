-- Safer removal of defunct silos, for Orleans ADO.NET clustering 10.4+.
--
-- Since 10.4 the provider looks for an optional CleanupDefunctSiloEntryKey. When it exists, the
-- provider reads the table, picks Dead silos whose start, last heartbeat and every suspicion vote
-- are older than the cutoff, and deletes each one with the values it read. The delete only
-- happens if the row still holds exactly those values, so a row that changed in between (for
-- example a late status update) survives until the next cleanup round.
--
-- CleanupDefunctSiloEntriesKey remains the fallback for providers that do not know the new key.
-- It now removes Dead silos only, matching the new rule: a silo in any other state is still part
-- of the membership protocol (other silos may yet vote it dead), so its row must stay.
--
-- Additive only: no table changes; silos on the previous build keep working with these texts.

-- Status 6 = SiloStatus.Dead. SuspectTimes is compared with NULL and '' as equal because the
-- provider turns a stored empty list into NULL when it reads the row back.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', $query$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6
  AND StartTime = @StartTime
  AND IAmAliveTime = @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = 6
  AND GREATEST(IAmAliveTime, StartTime) < @IAmAliveTime;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
