-- Hand-written (issue 7): accent- and case-insensitive full-text search over messages for managers.
-- An external-content FTS5 table kept in step with "Message" by triggers; message_fts is declared
-- external in src/db/schema-engine.ts so that schema diffs leave it alone.
CREATE VIRTUAL TABLE message_fts USING fts5(text, content='Message', content_rowid='id', tokenize='unicode61 remove_diacritics 2');

INSERT INTO message_fts(rowid, text) SELECT id, text FROM "Message";

CREATE TRIGGER message_fts_after_insert AFTER INSERT ON "Message" BEGIN
  INSERT INTO message_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER message_fts_after_delete AFTER DELETE ON "Message" BEGIN
  INSERT INTO message_fts(message_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER message_fts_after_update AFTER UPDATE OF text ON "Message" BEGIN
  INSERT INTO message_fts(message_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO message_fts(rowid, text) VALUES (new.id, new.text);
END;
