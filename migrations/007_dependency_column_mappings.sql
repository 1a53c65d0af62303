-- Column mappings on dependency edges (issue 20 item 2): which columns of the dependency each
-- column of the dependent reads, as a JSON array of {target_column (null: every column),
-- source_column, kind (DIRECT | INDIRECT), subtype}. NULL: none known, the edge counts as "all
-- columns". From OpenLineage's columnLineage facet or POST /assets/{id}/dependencies.
ALTER TABLE core.dependencies ADD COLUMN IF NOT EXISTS column_mappings jsonb;
