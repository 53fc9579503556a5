-- Workspaces, members and invitations: the list paths, and one pending invitation per address.

-- "My workspaces" pages through a user's memberships in join order (keyset on created_at, workspace_id).
-- It serves the user_id foreign key too, so the single-column index from 0001 goes.
CREATE INDEX memberships_user_joined_idx ON memberships (user_id, created_at, workspace_id);
DROP INDEX memberships_user_id_idx;

-- A workspace's members page in join order.
CREATE INDEX memberships_workspace_joined_idx ON memberships (workspace_id, created_at, user_id);

-- Inviting an address again revokes its pending invitation first; this keeps that true when two
-- invitations race, and serves the "is there a pending invitation for this address" lookup.
CREATE UNIQUE INDEX invitations_one_pending_key ON invitations (workspace_id, email_normalized)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
