-- Analytics people drive: live figures asked of a platform (one cache for every instance) and
-- collections asked for now (at most one per workspace every ANALYTICS_COLLECT_NOW_MINUTES).

-- One row per account that was ever asked for live figures. The figures themselves are stored in
-- Cosmos DB like any collection's; this row says how fresh they are and keeps two viewers from asking
-- the platform at the same time (`claimed_until`), or asking a platform that just failed (`retry_at`).
CREATE TABLE analytics_live_fetches (
    social_account_id  uuid PRIMARY KEY REFERENCES social_accounts (id) ON DELETE CASCADE,
    -- A fetch in flight holds the claim until it finishes or this passes (it died).
    claimed_until      timestamptz,
    fetched_at         timestamptz,
    -- The last failure (rate limit, outage, expired or revoked token), shown with the stored figures.
    failed_at          timestamptz,
    error_code         text,
    error_message      text,
    -- The platform is not asked again before this (its rate-limit reset, or a pause after a failure).
    retry_at           timestamptz
);

CREATE TABLE analytics_collect_requests (
    workspace_id  uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    requested_at  timestamptz NOT NULL,
    requested_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    mode          text NOT NULL CHECK (mode IN ('all', 'accounts', 'posts'))
);
CREATE INDEX analytics_collect_requests_requested_by_idx ON analytics_collect_requests (requested_by);
