-- Identity and access: sessions, one-time tokens, API keys, external identities, invitations,
-- audit log, rate limiting and lockout, mail outbox, contact messages.

ALTER TABLE users
    ADD COLUMN disabled_at          timestamptz,
    ADD COLUMN password_changed_at  timestamptz,
    -- Access tokens issued before this instant are refused (password reset, disabling, sign-out everywhere).
    ADD COLUMN tokens_valid_after   timestamptz NOT NULL DEFAULT 'epoch';

-- Sign-in through an outside identity provider (Microsoft Entra ID / External ID).
CREATE TABLE user_identities (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider    text NOT NULL,
    tenant_id   text NOT NULL DEFAULT '',
    subject     text NOT NULL,
    email       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    UNIQUE (provider, tenant_id, subject)
);
CREATE INDEX user_identities_user_id_idx ON user_identities (user_id);

-- Opaque refresh tokens, stored as SHA-256 hashes. Each use rotates the token within its family;
-- presenting a rotated token again revokes the whole family (theft detection).
CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    family_id   uuid NOT NULL,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz,
    user_agent  text NOT NULL DEFAULT '',
    ip          text NOT NULL DEFAULT ''
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

-- Single-use tokens sent by email (verification, password reset), stored hashed.
CREATE TABLE email_tokens (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose);

CREATE TABLE api_keys (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- The visible part ("ck_" + 8 chars), shown in lists so people can tell keys apart.
    prefix        text NOT NULL UNIQUE,
    key_hash      bytea NOT NULL,
    scopes        text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'write']::text[] AND cardinality(scopes) > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at);

CREATE TABLE invitations (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id      uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email_normalized  text NOT NULL,
    role              text NOT NULL CHECK (role IN ('admin', 'editor', 'contributor', 'viewer')),
    token_hash        bytea NOT NULL UNIQUE,
    invited_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    accepted_at       timestamptz,
    accepted_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    revoked_at        timestamptz
);
CREATE INDEX invitations_workspace_idx ON invitations (workspace_id, created_at);
CREATE INDEX invitations_invited_by_idx ON invitations (invited_by);
CREATE INDEX invitations_accepted_by_idx ON invitations (accepted_by);

-- Security events. Kept when users or workspaces go (ids stay as plain values for the record).
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    event          text NOT NULL,
    workspace_id   uuid,
    actor_user_id  uuid,
    target_type    text,
    target_id      text,
    ip             text NOT NULL DEFAULT '',
    details        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_workspace_idx ON audit_log (workspace_id, id DESC) WHERE workspace_id IS NOT NULL;
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, id DESC);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);

-- Fixed-window counters shared by every instance: one row per (limit key, window).
CREATE TABLE rate_limit_counters (
    key           text NOT NULL,
    window_start  timestamptz NOT NULL,
    count         integer NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limit_counters_window_idx ON rate_limit_counters (window_start);

-- Failed sign-ins per account and per IP, with a lock that grows with each failure past the threshold.
CREATE TABLE login_failures (
    key           text PRIMARY KEY,
    failures      integer NOT NULL,
    last_failed_at timestamptz NOT NULL,
    locked_until  timestamptz
);

-- Mail delivered in development instead of being sent (listed at /api/dev/outbox).
CREATE TABLE dev_outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    to_address  text NOT NULL,
    subject     text NOT NULL,
    template    text NOT NULL,
    text_body   text NOT NULL,
    html_body   text NOT NULL
);

CREATE TABLE contact_messages (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at  timestamptz NOT NULL DEFAULT now(),
    name        text NOT NULL,
    email       text NOT NULL,
    subject     text NOT NULL,
    message     text NOT NULL,
    ip          text NOT NULL DEFAULT '',
    user_id     uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX contact_messages_created_idx ON contact_messages (created_at);
CREATE INDEX contact_messages_user_idx ON contact_messages (user_id);
