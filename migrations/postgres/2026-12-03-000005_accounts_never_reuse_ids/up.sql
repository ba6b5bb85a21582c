-- On SQLite this migration makes account ids never reused (AUTOINCREMENT). On
-- PostgreSQL the ids come from an identity column's sequence, which never hands out
-- a number twice, from the first migration on: nothing to change. The migration is
-- here so that both backends carry the same list of versions.
SELECT 1;
