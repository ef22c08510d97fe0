-- Hand-written: messages are indexed for the managers' search in batches instead of by a trigger at
-- every INSERT, whose statement flushed FTS5's pending terms and merged segments each time (6 % of
-- the web chat's CPU per message, docs/performance.md). message_fts_progress holds the highest
-- Message id in the index; src/db/message-search.ts indexes the ids above it (every second, and
-- before each search). Rows above it are not in the index yet: the delete and update triggers
-- leave them alone (an external-content index must only be told to delete what it holds).
-- Message ids are AUTOINCREMENT, never reused, so no row can appear below the mark unindexed.
CREATE TABLE message_fts_progress (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), indexedUpTo INTEGER NOT NULL);
INSERT INTO message_fts_progress (id, indexedUpTo) SELECT 1, coalesce(max(id), 0) FROM "Message";

DROP TRIGGER message_fts_after_insert;
DROP TRIGGER message_fts_after_delete;
DROP TRIGGER message_fts_after_update;

CREATE TRIGGER message_fts_after_delete AFTER DELETE ON "Message" WHEN old.id <= (SELECT indexedUpTo FROM message_fts_progress) BEGIN
  INSERT INTO message_fts(message_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER message_fts_after_update AFTER UPDATE OF text ON "Message" WHEN old.id <= (SELECT indexedUpTo FROM message_fts_progress) BEGIN
  INSERT INTO message_fts(message_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO message_fts(rowid, text) VALUES (new.id, new.text);
END;
