-- The media a feed post was published with, in order, and the blobs the feed serves them from.
--
-- Publishing to the feed copies each file (its original, and the thumbnail and poster made from it)
-- to blobs of the feed post's own ({workspace}/feed/{target}/{position}/...), the way any platform
-- keeps its own copy: deleting the file from the media library later leaves the post whole. The
-- feed serves them through its own URLs, so no short-lived read URL is ever stored.
CREATE TABLE feed_post_media (
    feed_post_id    uuid NOT NULL REFERENCES feed_posts (id) ON DELETE CASCADE,
    position        smallint NOT NULL CHECK (position >= 0),
    -- The library media it came from; it may be deleted since (the copy stays).
    media_id        uuid,
    kind            text NOT NULL CHECK (kind IN ('image', 'gif', 'video')),
    content_type    text NOT NULL,
    size_bytes      bigint CHECK (size_bytes > 0),
    width           integer CHECK (width > 0),
    height          integer CHECK (height > 0),
    duration_ms     integer CHECK (duration_ms >= 0),
    blob_name       text NOT NULL,
    thumbnail_blob  text,
    poster_blob     text,
    PRIMARY KEY (feed_post_id, position)
);

-- Feed posts published before this migration kept their media ids only: point them at the library's
-- blobs, which is all there is of them (they go if the file is deleted from the library).
INSERT INTO feed_post_media (feed_post_id, position, media_id, kind, content_type, size_bytes, width,
                             height, duration_ms, blob_name, thumbnail_blob, poster_blob)
SELECT f.id, (item.ordinality - 1)::smallint, m.id, m.kind, m.content_type, m.size_bytes, m.width,
       m.height, m.duration_ms, m.blob_name, m.thumbnail_blob, m.poster_blob
FROM feed_posts f
CROSS JOIN LATERAL unnest(f.media_ids) WITH ORDINALITY AS item (media_id, ordinality)
JOIN media m ON m.id = item.media_id AND m.workspace_id = f.workspace_id AND m.status = 'ready';
