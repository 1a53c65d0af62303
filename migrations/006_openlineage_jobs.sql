-- OpenLineage ingest (issue 20): which job reads which inputs into which outputs. An edge can
-- be claimed by several jobs; a job's latest COMPLETE run replaces its own claims, and an edge
-- the ingest made (sync_source 'openlineage') goes when no job claims it any more. Edges made
-- by hand or by a dbt sync are never removed by it.
CREATE TABLE IF NOT EXISTS core.openlineage_jobs (
    namespace           text NOT NULL,
    name                text NOT NULL,
    -- eventTime of the COMPLETE event that last replaced the job's claims; an older COMPLETE
    -- arriving late changes no edges.
    latest_complete_at  timestamptz,
    PRIMARY KEY (namespace, name)
);

CREATE TABLE IF NOT EXISTS core.openlineage_job_edges (
    job_namespace        text NOT NULL,
    job_name             text NOT NULL,
    dependent_asset_id   uuid NOT NULL REFERENCES core.assets (id),
    dependency_asset_id  uuid NOT NULL REFERENCES core.assets (id),
    PRIMARY KEY (job_namespace, job_name, dependent_asset_id, dependency_asset_id),
    FOREIGN KEY (job_namespace, job_name) REFERENCES core.openlineage_jobs (namespace, name)
);
CREATE INDEX IF NOT EXISTS ix_openlineage_job_edges_pair
    ON core.openlineage_job_edges (dependent_asset_id, dependency_asset_id);
