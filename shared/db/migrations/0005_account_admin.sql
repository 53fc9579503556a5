-- Account deletion and the platform admin's audit view.

-- Deleting an account erases its email from the audit log. Events keep it under the "email" key
-- (failed sign-ins, for instance, have no user id), so that lookup needs an index of its own.
CREATE INDEX audit_log_details_email_idx ON audit_log ((details ->> 'email')) WHERE details ? 'email';

-- GET /admin/audit filters by event, and by a user as actor (indexed in 0002) or as target.
CREATE INDEX audit_log_event_idx ON audit_log (event, id DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, id DESC) WHERE target_id IS NOT NULL;
