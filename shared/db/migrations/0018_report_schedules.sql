-- Scheduled analytics reports: a weekly or monthly email with the report's PDF attached, to the members
-- an owner or admin picks (shared/services/report_schedules.py).

CREATE TABLE report_schedules (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    frequency     text NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
    -- weekly: the weekday it is sent on (0 Monday … 6 Sunday); monthly: the day of the month (1 to 28,
    -- a day every month has). Both at `hour` in the workspace's zone.
    weekday       smallint CHECK (weekday BETWEEN 0 AND 6),
    day_of_month  smallint CHECK (day_of_month BETWEEN 1 AND 28),
    hour          smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
    language      text NOT NULL CHECK (language IN ('en', 'ar')),
    -- The report's filters; empty: every account and platform.
    account_ids   uuid[] NOT NULL DEFAULT '{}',
    platforms     text[] NOT NULL DEFAULT '{}',
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (
        (frequency = 'weekly' AND weekday IS NOT NULL AND day_of_month IS NULL)
        OR (frequency = 'monthly' AND day_of_month IS NOT NULL AND weekday IS NULL)
    )
);
CREATE INDEX report_schedules_workspace_idx ON report_schedules (workspace_id);
CREATE INDEX report_schedules_created_by_idx ON report_schedules (created_by);

-- Who receives it: members of the workspace when picked; one who leaves is skipped, not emailed.
CREATE TABLE report_schedule_recipients (
    schedule_id  uuid NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (schedule_id, user_id)
);
CREATE INDEX report_schedule_recipients_user_idx ON report_schedule_recipients (user_id);

-- One row per schedule and period: whoever inserts it (or takes it over after `claimed_until`, when
-- the run that held it died) sends that period's report; `sent_at` closes it for good.
CREATE TABLE report_deliveries (
    schedule_id    uuid NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
    period_start   date NOT NULL,
    period_end     date NOT NULL,
    claimed_until  timestamptz NOT NULL,
    sent_at        timestamptz,
    PRIMARY KEY (schedule_id, period_start)
);

-- Each recipient's copy, written as it is sent: a period retried after a failure goes only to those
-- who did not get it.
CREATE TABLE report_delivery_recipients (
    schedule_id   uuid NOT NULL,
    period_start  date NOT NULL,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sent_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule_id, period_start, user_id),
    FOREIGN KEY (schedule_id, period_start) REFERENCES report_deliveries (schedule_id, period_start)
        ON DELETE CASCADE
);
CREATE INDEX report_delivery_recipients_user_idx ON report_delivery_recipients (user_id);

-- The dev outbox keeps attachments too (filename, content type, size, base64 content).
ALTER TABLE dev_outbox ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';
