-- The campaign a visit came in by (see LOG_MIGRATIONS in src/collector/logSql.ts).
ALTER TABLE events ADD COLUMN campaign TEXT;
