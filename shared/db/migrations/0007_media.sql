-- Media: images and videos of a workspace, what inspecting them found, and where their blobs are.
--
-- A row starts 'pending' when the browser is handed an upload URL, is 'processing' while the API
-- inspects the uploaded bytes (the claim keeps two completions from racing), and ends 'ready' or
-- 'rejected' (with a stable error_code). Declared values are what the client claimed; the
-- inspected columns are what the bytes turned out to be, and only those are trusted.

CREATE TABLE media (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id           uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    uploaded_by            uuid REFERENCES users (id) ON DELETE SET NULL,
    status                 text NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'processing', 'ready', 'rejected')),
    filename               text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    declared_content_type  text NOT NULL,
    declared_size          bigint NOT NULL CHECK (declared_size > 0),
    -- {workspace}/{media id}/original in MEDIA_CONTAINER; derived images sit next to it.
    blob_name              text NOT NULL UNIQUE,
    thumbnail_blob         text,
    poster_blob            text,
    kind                   text CHECK (kind IN ('image', 'gif', 'video')),
    content_type           text,
    size_bytes             bigint CHECK (size_bytes > 0),
    width                  integer CHECK (width > 0),
    height                 integer CHECK (height > 0),
    duration_ms            integer CHECK (duration_ms >= 0),
    codec                  text,
    animated               boolean NOT NULL DEFAULT false,
    sha256                 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    error_code             text,
    error_message          text,
    processing_started_at  timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    ready_at               timestamptz,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'ready' OR (kind IS NOT NULL AND content_type IS NOT NULL AND size_bytes IS NOT NULL
                                 AND sha256 IS NOT NULL AND ready_at IS NOT NULL)),
    CHECK (status <> 'rejected' OR error_code IS NOT NULL),
    CHECK (status <> 'processing' OR processing_started_at IS NOT NULL)
);
-- Foreign keys (workspace deletion cascades through every status).
CREATE INDEX media_workspace_status_idx ON media (workspace_id, status);
CREATE INDEX media_uploaded_by_idx ON media (uploaded_by);
-- The library: ready media newest first, all kinds or one kind (keyset paging).
CREATE INDEX media_library_idx ON media (workspace_id, created_at DESC, id DESC) WHERE status = 'ready';
CREATE INDEX media_library_kind_idx ON media (workspace_id, kind, created_at DESC, id DESC)
    WHERE status = 'ready';
-- One ready copy of the same bytes per workspace: a second upload completes as the first.
CREATE UNIQUE INDEX media_workspace_sha256_key ON media (workspace_id, sha256) WHERE status = 'ready';

-- "Is this media used by a post that has not finished?" is asked before every media deletion.
CREATE INDEX IF NOT EXISTS posts_media_ids_gin_idx ON posts USING gin (media_ids);
CREATE INDEX IF NOT EXISTS post_targets_media_ids_gin_idx ON post_targets USING gin (media_ids)
    WHERE media_ids IS NOT NULL;
