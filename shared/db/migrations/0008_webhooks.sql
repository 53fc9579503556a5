-- Outbound webhooks and publish-failure emails.
--
-- Deliveries are a transactional outbox: a row is written in the same transaction as the state change
-- it announces, so an event is never announced for a change that rolled back, nor lost for one that
-- committed. Queue messages only wake the sender; the row is the truth.

CREATE TABLE webhooks (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id       uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    url                text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    events             text[] NOT NULL CHECK (
                           cardinality(events) >= 1
                           AND events <@ ARRAY['post.published', 'post.failed', 'account.needs_reauth']),
    -- AES-256-GCM ciphertext of the signing secret and the id of the data key that sealed it.
    secret_ciphertext  bytea NOT NULL,
    secret_key_id      text NOT NULL,
    active             boolean NOT NULL DEFAULT true,
    -- Why it stopped receiving events when we turned it off (e.g. the receiver answered 410 Gone).
    disabled_reason    text,
    created_by         uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_workspace_idx ON webhooks (workspace_id, created_at, id);
CREATE INDEX webhooks_created_by_idx ON webhooks (created_by);

CREATE TABLE webhook_deliveries (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    webhook_id        uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    -- The same for every webhook that receives one event: receivers deduplicate on it.
    event_id          uuid NOT NULL,
    event             text NOT NULL,
    payload           jsonb NOT NULL,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'delivering', 'delivered', 'failed', 'cancelled')),
    attempt_count     integer NOT NULL DEFAULT 0,
    -- When the delivery next needs a worker: the retry time while pending, the end of the worker's
    -- lease while delivering (past it the worker is presumed dead). NULL once final.
    next_attempt_at   timestamptz DEFAULT now(),
    -- When a queue message was last sent for it; NULL between the commit and the first message.
    enqueued_at       timestamptz,
    last_status_code  integer,
    last_error        text,
    delivered_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
-- The delivery log of one webhook, newest first (keyset paging).
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
-- Written but not yet announced on the queue: what the after-commit flush picks up.
CREATE INDEX webhook_deliveries_unannounced_idx ON webhook_deliveries (webhook_id) WHERE enqueued_at IS NULL;
-- The sweep's path: unfinished deliveries whose message may have been lost.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'delivering');
-- Retention.
CREATE INDEX webhook_deliveries_created_idx ON webhook_deliveries (created_at);

-- Every attempt to deliver, successful or not: what the receiver's owner looks at to debug it.
CREATE TABLE webhook_delivery_attempts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id    uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt_no     integer NOT NULL,
    started_at     timestamptz NOT NULL,
    duration_ms    integer NOT NULL,
    status_code    integer,
    -- The failure's class when there was no usable answer (ReadTimeout, ConnectError, ...).
    error          text,
    outcome        text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed', 'disabled')),
    next_retry_at  timestamptz
);
CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, attempt_no);

-- Emails sent to a post's author about its failed targets. Enforces "at most one per post per
-- batching window" across instances, and remembers which failures were reported.
CREATE TABLE publish_failure_emails (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id       uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    -- NULL when nobody could be told (no author any more, or a disabled one): the failures still count
    -- as reported so they are not looked at again.
    recipient_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    -- The targets this email reported; a target that fails again later (after a retry) is newer than
    -- sent_at and is reported again.
    target_ids    uuid[] NOT NULL,
    sent_at       timestamptz NOT NULL
);
CREATE INDEX publish_failure_emails_post_idx ON publish_failure_emails (post_id, sent_at DESC);
CREATE INDEX publish_failure_emails_recipient_idx ON publish_failure_emails (recipient_id);
CREATE INDEX publish_failure_emails_sent_idx ON publish_failure_emails (sent_at);
-- The failure-email sweep's path: recent failures.
CREATE INDEX post_targets_failed_idx ON post_targets (updated_at) WHERE status IN ('failed', 'unconfirmed');
