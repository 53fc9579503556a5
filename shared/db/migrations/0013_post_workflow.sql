-- The publishing workflow: a post's status kept equal to its targets by the database itself, the
-- review history of each post, and recurring posts as series.

-- 1. A post's status, derived from its targets' states. The rule is `post_status` in
--    shared/domain/posts.py; a test holds this function equal to it for every combination.
CREATE FUNCTION post_status_of(statuses text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN cardinality(statuses) = 0 THEN 'draft'
        WHEN cardinality(live) = 0 THEN 'cancelled'
        WHEN live <@ ARRAY['published', 'failed', 'unconfirmed'] THEN
            CASE WHEN NOT live && ARRAY['published'] THEN 'failed'
                 WHEN live <@ ARRAY['published'] THEN 'published'
                 ELSE 'partially_published' END
        WHEN live && ARRAY['publishing', 'processing', 'retry_wait'] THEN 'publishing'
        WHEN live && ARRAY['scheduled', 'queued']
             AND live && ARRAY['published', 'failed', 'unconfirmed'] THEN 'publishing'
        WHEN live && ARRAY['pending_approval'] THEN 'pending_approval'
        WHEN live && ARRAY['scheduled', 'queued'] THEN 'scheduled'
        ELSE 'draft'
    END
    FROM (SELECT array_remove(statuses, 'cancelled') AS live) AS s
$$;

-- Recompute the status of these posts from their targets. The posts are locked first, in id order
-- (concurrent writers of one post queue up here, and never deadlock on each other); the recount is
-- a new statement, so it sees every target change committed before the lock was granted. Whoever
-- commits last therefore writes a status that counts everyone's change: the stored value cannot
-- disagree with the targets, however the writers interleave.
CREATE FUNCTION refresh_post_statuses(ids uuid[]) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM posts WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
    UPDATE posts p SET status = derived.status, updated_at = now()
    FROM (SELECT q.id,
                 post_status_of(coalesce((SELECT array_agg(DISTINCT t.status) FROM post_targets t
                                          WHERE t.post_id = q.id), '{}')) AS status
          FROM posts q WHERE q.id = ANY (ids)) AS derived
    WHERE p.id = derived.id AND p.status IS DISTINCT FROM derived.status;
END
$$;

CREATE FUNCTION post_targets_refresh_posts() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT post_id) INTO ids FROM new_targets;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT post_id) INTO ids FROM old_targets;
    ELSE
        SELECT array_agg(DISTINCT n.post_id) INTO ids
        FROM new_targets n JOIN old_targets o ON o.id = n.id
        WHERE n.status IS DISTINCT FROM o.status;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM refresh_post_statuses(ids);
    END IF;
    RETURN NULL;
END
$$;

-- Statement-level, so a post written with 1,000 targets or a dispatch claiming 5,000 costs one
-- recount per post, not one per row.
CREATE TRIGGER post_targets_status_inserted AFTER INSERT ON post_targets
    REFERENCING NEW TABLE AS new_targets
    FOR EACH STATEMENT EXECUTE FUNCTION post_targets_refresh_posts();
CREATE TRIGGER post_targets_status_updated AFTER UPDATE ON post_targets
    REFERENCING OLD TABLE AS old_targets NEW TABLE AS new_targets
    FOR EACH STATEMENT EXECUTE FUNCTION post_targets_refresh_posts();
CREATE TRIGGER post_targets_status_deleted AFTER DELETE ON post_targets
    REFERENCING OLD TABLE AS old_targets
    FOR EACH STATEMENT EXECUTE FUNCTION post_targets_refresh_posts();

-- The sweep's repair path: posts whose time has come and that still show an unfinished status.
CREATE INDEX posts_unfinished_idx ON posts (scheduled_at) WHERE status IN ('scheduled', 'publishing');

-- 2. Approvals: who released a post, and its review history.
CREATE TABLE post_reviews (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id       uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    -- submitted: sent for approval; approved / rejected: an approver's answer; reopened: an approved
    -- post was changed by someone who cannot approve, so it waits for approval again.
    action        text NOT NULL CHECK (action IN ('submitted', 'approved', 'rejected', 'reopened')),
    actor_id      uuid REFERENCES users (id) ON DELETE SET NULL,
    comment       text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX post_reviews_post_idx ON post_reviews (post_id, created_at, id);
CREATE INDEX post_reviews_workspace_idx ON post_reviews (workspace_id);
CREATE INDEX post_reviews_actor_idx ON post_reviews (actor_id);

-- Approvers' systems can hear that a post waits for them.
ALTER TABLE webhooks DROP CONSTRAINT webhooks_events_check;
ALTER TABLE webhooks ADD CONSTRAINT webhooks_events_check CHECK (
    cardinality(events) >= 1
    AND events <@ ARRAY['post.published', 'post.failed', 'post.pending_approval', 'account.needs_reauth']);

-- Posts an approver released themselves carry their approval too (scheduled by an editor, say).
UPDATE posts p SET approved_by = p.author_id, approved_at = p.created_at
FROM memberships m
WHERE p.approved_by IS NULL AND p.status NOT IN ('draft', 'pending_approval', 'cancelled')
  AND m.workspace_id = p.workspace_id AND m.user_id = p.author_id
  AND m.role IN ('owner', 'admin', 'editor');

-- 3. Recurring posts as series. Each occurrence is an ordinary post carrying the series id; the
--    series holds the rule, the zone, the first occurrence (DTSTART) and the post whose content new
--    occurrences copy. Editing "this and following" ends a series before an occurrence and starts a
--    new one from it (`ends_before`, `previous_series_id`).
CREATE TABLE post_series (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id        uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    author_id           uuid REFERENCES users (id) ON DELETE SET NULL,
    rule                text,
    timezone            text NOT NULL,
    starts_at           timestamptz NOT NULL,
    ends_before         timestamptz,
    template_post_id    uuid REFERENCES posts (id) ON DELETE SET NULL,
    previous_series_id  uuid REFERENCES post_series (id) ON DELETE SET NULL,
    ended_at            timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (rule IS NOT NULL OR ended_at IS NOT NULL)
);
CREATE INDEX post_series_workspace_idx ON post_series (workspace_id, created_at);
CREATE INDEX post_series_template_idx ON post_series (template_post_id);
CREATE INDEX post_series_previous_idx ON post_series (previous_series_id);
CREATE INDEX post_series_author_idx ON post_series (author_id);
CREATE INDEX post_series_active_idx ON post_series (id) WHERE ended_at IS NULL;

-- Existing series: the first post carried the rule (NULL once the series was stopped) and later
-- occurrences pointed at it. The series keeps the first post's id, so those pointers stay valid.
INSERT INTO post_series (id, workspace_id, author_id, rule, timezone, starts_at, template_post_id,
                         ended_at, created_at)
SELECT p.id, p.workspace_id, p.author_id, p.recurrence, p.timezone, coalesce(p.scheduled_at, p.created_at),
       p.id, CASE WHEN p.recurrence IS NULL THEN now() END, p.created_at
FROM posts p
WHERE p.recurrence IS NOT NULL OR EXISTS (SELECT 1 FROM posts o WHERE o.series_id = p.id);

ALTER TABLE posts DROP CONSTRAINT posts_series_id_fkey;
UPDATE posts SET series_id = id WHERE id IN (SELECT id FROM post_series) AND series_id IS NULL;
ALTER TABLE posts ADD CONSTRAINT posts_series_id_fkey
    FOREIGN KEY (series_id) REFERENCES post_series (id) ON DELETE SET NULL;
DROP INDEX posts_recurring_idx;
ALTER TABLE posts DROP COLUMN recurrence;

-- 4. Heal what was written before the database kept statuses itself (posts left "publishing"
--    after every target had finished).
UPDATE posts p SET status = post_status_of(coalesce(
    (SELECT array_agg(DISTINCT t.status) FROM post_targets t WHERE t.post_id = p.id), '{}'))
WHERE p.status IS DISTINCT FROM post_status_of(coalesce(
    (SELECT array_agg(DISTINCT t.status) FROM post_targets t WHERE t.post_id = p.id), '{}'));
