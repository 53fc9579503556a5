-- Identity, workspaces, social accounts and the publishing pipeline's core tables.
-- All times are timestamptz (UTC in storage). Every foreign key and list path is indexed.

CREATE TABLE users (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email              text NOT NULL,
    -- Lower-cased, trimmed form: the one we look people up by.
    email_normalized   text NOT NULL,
    name               text NOT NULL DEFAULT '',
    password_hash      text,
    bio                text NOT NULL DEFAULT '',
    timezone           text NOT NULL DEFAULT 'UTC',
    locale             text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'ar')),
    avatar_blob        text,
    email_verified_at  timestamptz,
    is_platform_admin  boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_normalized_key ON users (email_normalized);
CREATE INDEX users_created_at_idx ON users (created_at, id);

CREATE TABLE workspaces (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                      text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    default_timezone          text NOT NULL DEFAULT 'UTC',
    approval_required         boolean NOT NULL DEFAULT true,
    missed_post_policy        text NOT NULL DEFAULT 'publish_late'
                              CHECK (missed_post_policy IN ('publish_late', 'fail')),
    missed_post_grace_seconds integer NOT NULL DEFAULT 3600 CHECK (missed_post_grace_seconds >= 0),
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'contributor', 'viewer')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);
-- At most one owner per workspace; the service keeps it at exactly one.
CREATE UNIQUE INDEX memberships_one_owner_key ON memberships (workspace_id) WHERE role = 'owner';

CREATE TABLE social_accounts (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id      uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    platform          text NOT NULL,
    external_id       text NOT NULL,
    display_name      text NOT NULL DEFAULT '',
    handle            text NOT NULL DEFAULT '',
    avatar_url        text,
    status            text NOT NULL DEFAULT 'active'
                      CHECK (status IN ('active', 'needs_reauth', 'disconnected')),
    -- AES-256-GCM ciphertext of the token bundle and the id of the data key that sealed it.
    token_ciphertext  bytea,
    token_key_id      text,
    token_expires_at  timestamptz,
    scopes            text[] NOT NULL DEFAULT '{}',
    connected_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, platform, external_id)
);
CREATE INDEX social_accounts_connected_by_idx ON social_accounts (connected_by);
CREATE INDEX social_accounts_token_expiry_idx ON social_accounts (token_expires_at) WHERE status = 'active';

CREATE TABLE posts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    author_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    body          text NOT NULL DEFAULT '',
    -- Per-platform overrides of the body and options, keyed by platform.
    overrides     jsonb NOT NULL DEFAULT '{}',
    media_ids     uuid[] NOT NULL DEFAULT '{}',
    scheduled_at  timestamptz,
    timezone      text NOT NULL DEFAULT 'UTC',
    recurrence    text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_workspace_created_idx ON posts (workspace_id, created_at DESC, id DESC);
CREATE INDEX posts_workspace_scheduled_idx ON posts (workspace_id, scheduled_at, id);
CREATE INDEX posts_author_id_idx ON posts (author_id);

CREATE TABLE post_targets (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    post_id            uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    workspace_id       uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    social_account_id  uuid NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
    status             text NOT NULL DEFAULT 'draft' CHECK (status IN (
                           'draft', 'pending_approval', 'scheduled', 'queued', 'publishing', 'published',
                           'retry_wait', 'failed', 'unconfirmed', 'cancelled')),
    scheduled_at       timestamptz,
    attempt_count      integer NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz,
    external_id        text,
    external_url       text,
    error_code         text,
    error_message      text,
    queued_at          timestamptz,
    published_at       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (post_id, social_account_id)
);
-- The dispatcher's claim path: only rows still waiting for their second.
CREATE INDEX post_targets_due_idx ON post_targets (scheduled_at) WHERE status = 'scheduled';
-- The sweeper's path: rows that may be stuck mid-flight.
CREATE INDEX post_targets_inflight_idx ON post_targets (updated_at)
    WHERE status IN ('queued', 'publishing', 'retry_wait');
CREATE INDEX post_targets_account_idx ON post_targets (social_account_id, scheduled_at);
CREATE INDEX post_targets_workspace_status_idx ON post_targets (workspace_id, status, scheduled_at);

CREATE TABLE publish_attempts (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    target_id            uuid NOT NULL REFERENCES post_targets (id) ON DELETE CASCADE,
    attempt_no           integer NOT NULL,
    from_status          text NOT NULL,
    to_status            text NOT NULL,
    outcome              text,
    error_code           text,
    error_message        text,
    http_status          integer,
    platform_request_id  text,
    started_at           timestamptz NOT NULL DEFAULT now(),
    finished_at          timestamptz
);
CREATE INDEX publish_attempts_target_idx ON publish_attempts (target_id, started_at);

-- Last run of each scheduler heartbeat, so health can tell that timers still fire.
CREATE TABLE host_heartbeats (
    name         text PRIMARY KEY,
    last_run_at  timestamptz NOT NULL,
    runs         bigint NOT NULL DEFAULT 1
);
