-- Slack messages go through the same persisted delivery path as webhooks (issue 6): a row per
-- outbound message, retried by the delivery workers. Only 'webhook' rows are the deliveries of
-- spec 04 §3.5 that GET /webhooks/deliveries lists.
ALTER TABLE core.webhook_deliveries
    ADD COLUMN channel text NOT NULL DEFAULT 'webhook' CHECK (channel IN ('webhook', 'slack'));

DROP INDEX core.ix_webhook_deliveries_created_at;
CREATE INDEX ix_webhook_deliveries_channel_created_at
    ON core.webhook_deliveries (channel, created_at DESC);

-- Proposal status counts the acknowledgments of one proposal; the unique constraint's index
-- (proposal_id, consumer_team_id) serves that. Listing filters by status and orders by time.
CREATE INDEX ix_proposals_status_proposed_at ON workflow.proposals (status, proposed_at DESC);
-- Affected consumers: the active registrations of one contract.
CREATE INDEX ix_registrations_contract_status ON core.registrations (contract_id, status);

-- Proposal breaking-change records are shown as stored, keys in record order
-- (type, path, message, old_value, new_value): json keeps the order, jsonb sorts keys.
ALTER TABLE workflow.proposals
    ALTER COLUMN breaking_changes DROP DEFAULT,
    ALTER COLUMN breaking_changes TYPE json USING breaking_changes::json,
    ALTER COLUMN breaking_changes SET DEFAULT '[]'::json;
