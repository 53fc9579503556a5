-- Sign in with Microsoft: authorization-code flows waiting for the provider's redirect.
--
-- Kept server-side (not in a cookie) so any instance can finish a flow another one started, each
-- state is usable once (the callback deletes its row) and expires after ten minutes. The row holds
-- MSAL's flow (state, nonce, PKCE verifier); `browser_hash` is the hash of a random value in an
-- HttpOnly cookie set when the flow started, so a callback URL replayed in another browser (login
-- CSRF) finds nothing.
CREATE TABLE microsoft_sign_in_flows (
    state_hash    bytea PRIMARY KEY,
    browser_hash  bytea NOT NULL,
    flow          jsonb NOT NULL,
    next_path     text NOT NULL DEFAULT '/',
    ip            text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX microsoft_sign_in_flows_expires_idx ON microsoft_sign_in_flows (expires_at);
