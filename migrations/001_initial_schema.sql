-- The whole Tessera data model (spec 01 §16 with the layout of 00-decisions):
-- core.* entities, workflow.* proposal flow, audit.events. Enum values are stored lower-case
-- as text with CHECK constraints; ids and timestamps have server-side defaults.
--
-- JSON columns are jsonb, except the JSON-Schema documents (contracts.schema,
-- proposals.proposed_schema): jsonb reorders object keys, and the schema diff reports
-- properties in the order they appear in each schema, so those keep their text as sent (json).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS workflow;
CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE core.teams (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        varchar(255) NOT NULL,
    metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CONSTRAINT teams_name_key UNIQUE (name)
);
CREATE INDEX ix_teams_created_at ON core.teams (created_at, id);
CREATE INDEX ix_teams_name_trgm ON core.teams USING gin (name gin_trgm_ops);

CREATE TABLE core.users (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email                     varchar(255) NOT NULL,
    name                      varchar(255) NOT NULL,
    password_hash             varchar(255),
    role                      text NOT NULL DEFAULT 'user'
                              CHECK (role IN ('admin', 'team_admin', 'user')),
    team_id                   uuid REFERENCES core.teams (id),
    metadata                  jsonb NOT NULL DEFAULT '{}'::jsonb,
    notification_preferences  jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at                timestamptz NOT NULL DEFAULT now(),
    deactivated_at            timestamptz,
    CONSTRAINT users_email_key UNIQUE (email)
);
CREATE INDEX ix_users_team_id ON core.users (team_id);
CREATE INDEX ix_users_name ON core.users (name);

CREATE TABLE core.assets (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    fqn             varchar(1000) NOT NULL,
    owner_team_id   uuid NOT NULL REFERENCES core.teams (id),
    owner_user_id   uuid REFERENCES core.users (id),
    environment     varchar(50) NOT NULL DEFAULT 'production',
    guarantee_mode  text NOT NULL DEFAULT 'notify'
                    CHECK (guarantee_mode IN ('notify', 'strict', 'ignore')),
    metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    CONSTRAINT uq_asset_fqn_environment UNIQUE (fqn, environment)
);
CREATE INDEX ix_assets_owner_team_id ON core.assets (owner_team_id) WHERE deleted_at IS NULL;
CREATE INDEX ix_assets_owner_user_id ON core.assets (owner_user_id);
CREATE INDEX ix_assets_environment ON core.assets (environment);
CREATE INDEX ix_assets_fqn_trgm ON core.assets USING gin (fqn gin_trgm_ops);

CREATE TABLE core.contracts (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    asset_id              uuid NOT NULL REFERENCES core.assets (id),
    version               varchar(50) NOT NULL,
    schema                json NOT NULL,
    compatibility_mode    text NOT NULL DEFAULT 'backward'
                          CHECK (compatibility_mode IN ('backward', 'forward', 'full', 'none',
                                 'backward_transitive', 'forward_transitive', 'full_transitive')),
    guarantees            jsonb,
    status                text NOT NULL DEFAULT 'active'
                          CHECK (status IN ('active', 'deprecated', 'retired')),
    published_at          timestamptz NOT NULL DEFAULT now(),
    published_by          uuid NOT NULL,
    published_by_user_id  uuid REFERENCES core.users (id),
    -- Publishing answers 409 VERSION_EXISTS; the constraint makes concurrent publishes safe too.
    CONSTRAINT uq_contract_asset_version UNIQUE (asset_id, version)
);
CREATE INDEX ix_contracts_asset_status ON core.contracts (asset_id, status, published_at DESC);
CREATE INDEX ix_contracts_status ON core.contracts (status);
CREATE INDEX ix_contracts_published_at ON core.contracts (published_at);
CREATE INDEX ix_contracts_published_by_user_id ON core.contracts (published_by_user_id);

CREATE TABLE core.registrations (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    contract_id       uuid NOT NULL REFERENCES core.contracts (id),
    consumer_team_id  uuid NOT NULL REFERENCES core.teams (id),
    pinned_version    varchar(50),
    status            text NOT NULL DEFAULT 'active'
                      CHECK (status IN ('active', 'migrating', 'inactive')),
    registered_at     timestamptz NOT NULL DEFAULT now(),
    acknowledged_at   timestamptz
);
CREATE INDEX ix_registrations_contract_id ON core.registrations (contract_id);
CREATE INDEX ix_registrations_consumer_team_id ON core.registrations (consumer_team_id);
CREATE INDEX ix_registrations_registered_at ON core.registrations (registered_at);

CREATE TABLE core.dependencies (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    dependent_asset_id   uuid NOT NULL REFERENCES core.assets (id),
    dependency_asset_id  uuid NOT NULL REFERENCES core.assets (id),
    dependency_type      text NOT NULL DEFAULT 'consumes'
                         CHECK (dependency_type IN ('consumes', 'references', 'transforms')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_dependency_not_self CHECK (dependent_asset_id <> dependency_asset_id),
    -- 409 DUPLICATE_DEPENDENCY is per pair whatever the type; the constraint closes the race.
    CONSTRAINT uq_dependency_pair UNIQUE (dependent_asset_id, dependency_asset_id)
);
CREATE INDEX ix_dependencies_dependency_asset_id ON core.dependencies (dependency_asset_id);

CREATE TABLE core.api_keys (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    key_hash      varchar(128) NOT NULL,
    key_prefix    varchar(20) NOT NULL,
    name          varchar(255) NOT NULL,
    team_id       uuid NOT NULL REFERENCES core.teams (id),
    scopes        jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    -- Verification is one lookup on the SHA-256 of the presented key.
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
);
CREATE INDEX ix_api_keys_key_prefix ON core.api_keys (key_prefix);
CREATE INDEX ix_api_keys_team_id ON core.api_keys (team_id, created_at DESC);

CREATE TABLE core.audit_runs (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    asset_id            uuid NOT NULL REFERENCES core.assets (id),
    contract_id         uuid REFERENCES core.contracts (id),
    status              text NOT NULL CHECK (status IN ('passed', 'failed', 'partial')),
    guarantees_checked  integer NOT NULL DEFAULT 0,
    guarantees_passed   integer NOT NULL DEFAULT 0,
    guarantees_failed   integer NOT NULL DEFAULT 0,
    triggered_by        varchar(50) NOT NULL,
    run_id              varchar(255),
    details             jsonb NOT NULL DEFAULT '{}'::jsonb,
    run_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_audit_runs_asset_run_at ON core.audit_runs (asset_id, run_at DESC);
CREATE INDEX ix_audit_runs_contract_id ON core.audit_runs (contract_id);
CREATE INDEX ix_audit_runs_status ON core.audit_runs (status);
CREATE INDEX ix_audit_runs_triggered_by ON core.audit_runs (triggered_by);
CREATE INDEX ix_audit_runs_run_id ON core.audit_runs (run_id);

CREATE TABLE core.webhook_deliveries (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_type        varchar(100) NOT NULL,
    payload           jsonb NOT NULL,
    url               varchar(2000) NOT NULL,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts          integer NOT NULL DEFAULT 0,
    last_attempt_at   timestamptz,
    last_error        text,
    last_status_code  integer,
    created_at        timestamptz NOT NULL DEFAULT now(),
    delivered_at      timestamptz,
    -- Delivery worker state (not exposed): when a pending delivery is next due. Pending rows
    -- survive a restart and are picked up again.
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    -- The exact body bytes to send and sign, so every retry sends the same signed body.
    body              text
);
CREATE INDEX ix_webhook_deliveries_event_type ON core.webhook_deliveries (event_type);
CREATE INDEX ix_webhook_deliveries_status ON core.webhook_deliveries (status);
CREATE INDEX ix_webhook_deliveries_created_at ON core.webhook_deliveries (created_at DESC);
CREATE INDEX ix_webhook_deliveries_due ON core.webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';

-- Derived-state bookkeeping: every write that changes the dependency graph (assets,
-- dependencies, active contracts, registrations) bumps this generation in its transaction and
-- NOTIFYs; replicas compare it with their index to detect a missed notification.
CREATE TABLE core.graph_state (
    id          integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    generation  bigint NOT NULL DEFAULT 0
);
INSERT INTO core.graph_state (id, generation) VALUES (1, 0);

CREATE TABLE workflow.proposals (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    asset_id             uuid NOT NULL REFERENCES core.assets (id),
    proposed_schema      json NOT NULL,
    proposed_guarantees  jsonb,
    change_type          text NOT NULL CHECK (change_type IN ('patch', 'minor', 'major')),
    breaking_changes     jsonb NOT NULL DEFAULT '[]'::jsonb,
    guarantee_changes    jsonb NOT NULL DEFAULT '[]'::jsonb,
    status               text NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    proposed_by          uuid NOT NULL,
    proposed_by_user_id  uuid REFERENCES core.users (id),
    proposed_at          timestamptz NOT NULL DEFAULT now(),
    resolved_at          timestamptz
);
CREATE INDEX ix_proposals_asset_id ON workflow.proposals (asset_id);
CREATE INDEX ix_proposals_status ON workflow.proposals (status);
CREATE INDEX ix_proposals_proposed_at ON workflow.proposals (proposed_at DESC);
CREATE INDEX ix_proposals_proposed_by ON workflow.proposals (proposed_by);
CREATE INDEX ix_proposals_proposed_by_user_id ON workflow.proposals (proposed_by_user_id);

CREATE TABLE workflow.acknowledgments (
    id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    proposal_id              uuid NOT NULL REFERENCES workflow.proposals (id),
    consumer_team_id         uuid NOT NULL REFERENCES core.teams (id),
    acknowledged_by_user_id  uuid REFERENCES core.users (id),
    response                 text NOT NULL CHECK (response IN ('approved', 'blocked', 'migrating')),
    migration_deadline       timestamptz,
    responded_at             timestamptz NOT NULL DEFAULT now(),
    notes                    text,
    -- 409 DUPLICATE_ACKNOWLEDGMENT; the constraint makes two concurrent acknowledgments safe.
    CONSTRAINT uq_acknowledgment_team UNIQUE (proposal_id, consumer_team_id)
);
CREATE INDEX ix_acknowledgments_consumer_team_id ON workflow.acknowledgments (consumer_team_id);
CREATE INDEX ix_acknowledgments_acknowledged_by_user_id
    ON workflow.acknowledgments (acknowledged_by_user_id);

CREATE TABLE audit.events (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    entity_type  varchar(100) NOT NULL,
    entity_id    uuid NOT NULL,
    action       varchar(100) NOT NULL,
    actor_id     uuid,
    payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
    occurred_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ix_audit_events_occurred_at ON audit.events (occurred_at DESC);
CREATE INDEX ix_audit_events_entity ON audit.events (entity_type, entity_id, occurred_at DESC);
CREATE INDEX ix_audit_events_entity_id ON audit.events (entity_id);
CREATE INDEX ix_audit_events_action ON audit.events (action);
CREATE INDEX ix_audit_events_actor_id ON audit.events (actor_id);

-- The append-only rule, enforced by the database itself.
CREATE FUNCTION audit.reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit.events is append-only';
END;
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON audit.events
    FOR EACH ROW EXECUTE FUNCTION audit.reject_change();

-- Timestamps leave the database as microseconds since the epoch; the server renders them.
CREATE FUNCTION core.epoch_us(ts timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (extract(epoch FROM ts) * 1000000)::bigint $$;
