-- Platform connectors: slow platforms, account details, OAuth connections in flight, per-instance apps.

-- A target the platform accepted and is still processing (a video, an Instagram container). The
-- status-check queue asks the platform again at next_check_at until it is published or failed.
ALTER TABLE post_targets DROP CONSTRAINT post_targets_status_check;
ALTER TABLE post_targets ADD CONSTRAINT post_targets_status_check CHECK (status IN (
    'draft', 'pending_approval', 'scheduled', 'queued', 'publishing', 'processing', 'published',
    'retry_wait', 'failed', 'unconfirmed', 'cancelled'));
ALTER TABLE post_targets
    ADD COLUMN processing_started_at timestamptz,
    ADD COLUMN next_check_at         timestamptz;
CREATE INDEX post_targets_processing_idx ON post_targets (next_check_at) WHERE status = 'processing';

-- Non-secret facts a connector needs later (page id, author URN, chat id, instance and its limits).
ALTER TABLE social_accounts
    ADD COLUMN metadata    jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN profile_url text;
-- Search by handle or name within a workspace's (up to 1,000) accounts; keyset order for paging.
CREATE INDEX social_accounts_workspace_order_idx ON social_accounts (workspace_id, platform, created_at, id);

-- An authorization started by a person, waiting for the platform's callback. Only a hash of the
-- state is stored; the PKCE verifier is sealed like a token. One use: the callback deletes it.
CREATE TABLE oauth_states (
    state_hash            bytea PRIMARY KEY,
    platform              text NOT NULL,
    workspace_id          uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id               uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reconnect_account_id  uuid REFERENCES social_accounts (id) ON DELETE CASCADE,
    verifier_ciphertext   bytea NOT NULL,
    key_id                text NOT NULL,
    redirect_uri          text NOT NULL,
    context               jsonb NOT NULL DEFAULT '{}',
    expires_at            timestamptz NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_states_workspace_idx ON oauth_states (workspace_id);
CREATE INDEX oauth_states_user_idx ON oauth_states (user_id);
CREATE INDEX oauth_states_reconnect_idx ON oauth_states (reconnect_account_id);
CREATE INDEX oauth_states_expires_idx ON oauth_states (expires_at);

-- Apps registered on federated servers (Mastodon registers one app per instance), reused by every
-- workspace that connects an account there. The client secret is sealed.
CREATE TABLE platform_apps (
    platform           text NOT NULL,
    instance           text NOT NULL,
    client_id          text NOT NULL,
    secret_ciphertext  bytea NOT NULL,
    key_id             text NOT NULL,
    -- Endpoints and the redirect URI it was registered with (non-secret).
    details            jsonb NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, instance)
);
