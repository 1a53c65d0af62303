-- Lineage edges a dbt sync created (issue 15): `sync_source` names the sync and project
-- ('dbt:<project>'), so a later upload of the same project removes the edges its manifest no
-- longer has and never touches edges made by hand (NULL).
ALTER TABLE core.dependencies ADD COLUMN IF NOT EXISTS sync_source text;
CREATE INDEX IF NOT EXISTS ix_dependencies_sync_source ON core.dependencies (sync_source)
    WHERE sync_source IS NOT NULL;
