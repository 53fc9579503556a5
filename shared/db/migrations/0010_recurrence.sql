-- Recurring posts: the first post of a series carries the rule (RFC 5545 RRULE, in the post's time
-- zone); each later occurrence is its own post, created ahead of time, pointing at the first.

ALTER TABLE posts
    ADD COLUMN series_id uuid REFERENCES posts (id) ON DELETE SET NULL;
CREATE INDEX posts_series_idx ON posts (series_id, scheduled_at);
CREATE INDEX posts_recurring_idx ON posts (id) WHERE recurrence IS NOT NULL;
