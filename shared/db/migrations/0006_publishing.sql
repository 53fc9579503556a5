-- Publishing: per-target overrides, the attempt bookkeeping the pipeline needs, approvals,
-- and the status a post shows as a whole.

ALTER TABLE posts
    ADD COLUMN status          text NOT NULL DEFAULT 'draft'
                               CHECK (status IN ('draft', 'pending_approval', 'scheduled', 'publishing',
                                                 'published', 'partially_published', 'failed', 'cancelled')),
    ADD COLUMN publish_now     boolean NOT NULL DEFAULT false,
    ADD COLUMN approved_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN approved_at     timestamptz,
    ADD COLUMN review_comment  text;
CREATE INDEX posts_approved_by_idx ON posts (approved_by);
CREATE INDEX posts_workspace_status_idx ON posts (workspace_id, status, created_at DESC, id DESC);

ALTER TABLE post_targets
    -- What this target publishes when it differs from the post: text, media and platform options.
    ADD COLUMN text_override   text,
    ADD COLUMN media_ids       uuid[],
    ADD COLUMN options         jsonb NOT NULL DEFAULT '{}',
    -- Sent to platforms that honour idempotency keys, so a retried create cannot post twice.
    ADD COLUMN idempotency_key uuid NOT NULL DEFAULT gen_random_uuid(),
    -- The attempt currently allowed to act on this target (fencing: a stale worker's writes fail).
    ADD COLUMN current_attempt uuid,
    ADD COLUMN publishing_started_at timestamptz,
    ADD COLUMN platform_state  jsonb NOT NULL DEFAULT '{}';
CREATE INDEX post_targets_post_idx ON post_targets (post_id);
CREATE INDEX post_targets_retry_idx ON post_targets (next_attempt_at) WHERE status = 'retry_wait';

ALTER TABLE publish_attempts
    ADD COLUMN attempt_id   uuid,
    ADD COLUMN duration_ms  integer;
CREATE INDEX publish_attempts_attempt_idx ON publish_attempts (attempt_id) WHERE attempt_id IS NOT NULL;

ALTER TABLE social_accounts
    -- Per-account rate budget as the platform last reported it.
    ADD COLUMN rate_remaining   integer,
    ADD COLUMN rate_reset_at    timestamptz,
    ADD COLUMN handle_normalized text GENERATED ALWAYS AS (lower(handle)) STORED,
    ADD COLUMN last_error       text,
    ADD COLUMN token_refreshing_until timestamptz;
CREATE INDEX social_accounts_workspace_idx ON social_accounts (workspace_id, platform, created_at);
