-- Pacing per account for platforms that ask for it (Telegram: about one message a second per chat):
-- the earliest moment the next send to this account may start. Claimed with one guarded UPDATE.
ALTER TABLE social_accounts ADD COLUMN next_send_at timestamptz;
