-- The conversion log as first made; later files change it (the current schema: CREATE_LOG_SQL in src/collector/logSql.ts).
CREATE TABLE IF NOT EXISTS events (
    id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    t INTEGER NOT NULL,
    type TEXT NOT NULL,
    account TEXT NOT NULL,
    persona TEXT,
    piece TEXT,
    stakeholder TEXT,
    visitor TEXT,
    session TEXT,
    path TEXT NOT NULL,
    ref TEXT,
    value REAL,
    label TEXT
  );
CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
CREATE INDEX IF NOT EXISTS events_received ON events (received_at);
CREATE INDEX IF NOT EXISTS events_account ON events (account, received_at);
