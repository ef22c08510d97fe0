-- Hand-written (issue 7): accent- and case-insensitive full-text search over messages for managers.
-- unaccent() is only STABLE, so an IMMUTABLE wrapper with the dictionary named explicitly is what
-- an index expression can use (the usual PostgreSQL recipe).
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE OR REPLACE FUNCTION assistant_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE INDEX "message_fts" ON "Message" USING GIN (to_tsvector('simple', assistant_unaccent("text")));
