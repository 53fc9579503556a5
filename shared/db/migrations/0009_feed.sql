-- The clickKloudy feed: the in-app channel every workspace has.
--
-- Each workspace owns one social account with platform 'feed', so posting to the feed goes through
-- the same pipeline as any platform (targets, queue, worker, exactly once). Its connector writes
-- `feed_posts` instead of calling an outside API, and the public feed pages read them.

-- A feed account's handle is the workspace's public name in URLs (/@handle/posts/...): the same
-- rule the application derives handles with, checked here so no path can store another shape.
ALTER TABLE social_accounts ADD CONSTRAINT social_accounts_feed_handle_check
    CHECK (platform <> 'feed' OR handle ~ '^[a-z0-9_]{3,30}$');
-- Handles are unique among feed accounts (other platforms' handles belong to those platforms);
-- this also serves the profile page's lookup by handle.
CREATE UNIQUE INDEX social_accounts_feed_handle_key ON social_accounts (handle_normalized)
    WHERE platform = 'feed';
-- Exactly one feed account per workspace, whatever creates it.
CREATE UNIQUE INDEX social_accounts_one_feed_key ON social_accounts (workspace_id) WHERE platform = 'feed';

-- Feed accounts for the workspaces that exist already. The handle rule mirrors
-- shared/platforms/feed.py (handle_base, handle_candidate): NFKD, lowercase, accents dropped, every
-- run of other characters one '_', 3 to 30 characters, then _2, _3... until it is free.
DO $$
DECLARE
    ws record;
    base text;
    candidate text;
    n integer;
BEGIN
    FOR ws IN
        SELECT w.id, w.name FROM workspaces w
        WHERE NOT EXISTS (SELECT 1 FROM social_accounts a WHERE a.workspace_id = w.id AND a.platform = 'feed')
        ORDER BY w.created_at, w.id
    LOOP
        base := regexp_replace(lower(normalize(ws.name, NFKD)), '[\u0300-\u036f]', '', 'g');
        base := trim(BOTH '_' FROM regexp_replace(base, '[^a-z0-9]+', '_', 'g'));
        base := rtrim(left(base, 30), '_');
        IF base = '' THEN
            base := 'workspace';
        ELSIF length(base) < 3 THEN
            base := base || '_workspace';
        END IF;
        candidate := base;
        n := 1;
        WHILE EXISTS (
            SELECT 1 FROM social_accounts WHERE platform = 'feed' AND handle_normalized = candidate
        ) LOOP
            n := n + 1;
            candidate := rtrim(left(base, 30 - length('_' || n)), '_') || '_' || n;
        END LOOP;
        INSERT INTO social_accounts (workspace_id, platform, external_id, handle, display_name, status)
        VALUES (ws.id, 'feed', ws.id::text, candidate, ws.name, 'active');
    END LOOP;
END
$$;

-- What the feed shows. A feed post outlives the clickKloudy post it came from, as a post on any
-- platform does: deleting the post (and its target) only unlinks it.
CREATE TABLE feed_posts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    account_id    uuid NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
    -- The target that published it: publishing the same target again finds this row instead of
    -- adding another (the connector's idempotency key).
    target_id     uuid UNIQUE REFERENCES post_targets (id) ON DELETE SET NULL,
    author_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    text          text NOT NULL,
    media_ids     uuid[] NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz
);
-- The public feed, newest first (keyset on created_at, id); deleted posts are never read there.
CREATE INDEX feed_posts_public_idx ON feed_posts (created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- A profile's posts newest first; not partial, so it also serves the account foreign key.
CREATE INDEX feed_posts_account_idx ON feed_posts (account_id, created_at DESC, id DESC);
CREATE INDEX feed_posts_workspace_idx ON feed_posts (workspace_id);
CREATE INDEX feed_posts_author_idx ON feed_posts (author_id);
