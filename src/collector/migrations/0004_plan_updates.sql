-- Visitors' updates to their account's mutual action plan (see LOG_MIGRATIONS in src/collector/logSql.ts
-- and src/collector/planUpdates.ts): a step done, another date proposed, a comment.
CREATE TABLE IF NOT EXISTS plan_updates ( id TEXT NOT NULL, received_at INTEGER NOT NULL, account TEXT NOT NULL, stakeholder TEXT NOT NULL, step INTEGER NOT NULL, step_title TEXT, kind TEXT NOT NULL, value TEXT );
CREATE UNIQUE INDEX IF NOT EXISTS plan_updates_key ON plan_updates (account, stakeholder, id);
CREATE INDEX IF NOT EXISTS plan_updates_person_time ON plan_updates (account, stakeholder, received_at);
