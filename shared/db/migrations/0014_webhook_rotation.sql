-- Rotating a webhook's signing secret. For a window after a rotation (WEBHOOK_SECRET_ROTATION_HOURS)
-- every delivery is signed with both secrets, so the receiver can switch to the new one without
-- refusing deliveries in between; after it only the new secret signs.
--
-- The previous secret keeps the ciphertext it had as the current one (same data key, same binding
-- `webhook:<id>`), so rotating never decrypts it, and the key-rotation job re-seals it like the
-- current one. It is cleared once its window is over.
ALTER TABLE webhooks
    ADD COLUMN previous_secret_ciphertext  bytea,
    ADD COLUMN previous_secret_key_id      text,
    ADD COLUMN secret_rotated_at           timestamptz,
    ADD CONSTRAINT webhooks_previous_secret_whole CHECK (
        (previous_secret_ciphertext IS NULL) = (previous_secret_key_id IS NULL)
        AND (previous_secret_ciphertext IS NULL OR secret_rotated_at IS NOT NULL)
    );
