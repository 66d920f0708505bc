-- Lean writes (see LOG_MIGRATIONS in src/collector/logSql.ts): de-duplication on (t, id), which
-- lands each insert at the right edge of the index, instead of the random event id; booking ids
-- stay unique on their own; the indexes on receipt time and on account go. D1 bills each event
-- as 2 rows written instead of 4. An event id was unique, so (t, id) is.
CREATE UNIQUE INDEX IF NOT EXISTS events_t_id ON events (t, id);
CREATE UNIQUE INDEX IF NOT EXISTS events_booking_id ON events (id) WHERE type = 'meeting_booked';
DROP INDEX IF EXISTS events_id;
DROP INDEX IF EXISTS events_received;
DROP INDEX IF EXISTS events_account;
