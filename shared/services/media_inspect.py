"""What an uploaded file really is: declared-type rules, magic-byte sniffing, decoding, thumbnails.

Nothing a client says about a file is trusted. Its declared type and size only decide whether an
upload may start; once the bytes are here, their real size, their leading bytes and what the
decoders make of them decide what the media is. Every refusal is an `InvalidInput` with a stable
code, stored on the media row and returned to the client.

These functions touch only local bytes and files. The decoding and hashing ones are CPU-bound and
synchronous: callers run them in a worker thread, never on the event loop.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from shared.domain.errors import DomainError, InvalidInput

if TYPE_CHECKING:
    import av.container
    import av.video.frame
    import av.video.stream

Source = Path | IO[bytes]


class Family(StrEnum):
    IMAGE = "image"
    VIDEO = "video"


class MediaKind(StrEnum):
    """How the library and the platforms treat a file: an animated GIF is neither image nor video."""

    IMAGE = "image"
    GIF = "gif"
    VIDEO = "video"


ALLOWED_TYPES: dict[str, Family] = {
    "image/jpeg": Family.IMAGE,
    "image/png": Family.IMAGE,
    "image/gif": Family.IMAGE,
    "image/webp": Family.IMAGE,
    "video/mp4": Family.VIDEO,
    "video/quicktime": Family.VIDEO,
}
ALLOWED_LIST = ", ".join(ALLOWED_TYPES)

# Enough leading bytes for every signature below, an ISO-BMFF `ftyp` box with its brands included.
SNIFF_BYTES = 256
# Checked from the header, before a single pixel is decoded: a 100 KB PNG can claim 40000x40000
# pixels and need gigabytes once decoded (a "decompression bomb").
MAX_PIXELS = 50_000_000
THUMBNAIL_EDGE = 480
POSTER_EDGE = 1280
POSTER_AT_SECONDS = 1.0
# Frames decoded at most while looking for the poster frame after a seek (keyframes can be sparse).
POSTER_MAX_FRAMES = 300
WEBP_QUALITY = 80
FILENAME_MAX_LENGTH = 255

_PIL_FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
# The MP4 and QuickTime demuxer of FFmpeg. Naming it stops FFmpeg from probing the bytes as any of
# the other formats it knows (playlists that fetch URLs among them).
_FFMPEG_FORMAT = "mov"
# Major or compatible brands of an `ftyp` box that mean an MP4 video (HEIF images and M4A audio
# share the container and must not pass as video).
_MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso8", b"iso9", b"mp41", b"mp42", b"avc1"}
    | {b"M4V ", b"M4VH", b"M4VP", b"MSNV", b"dash", b"XAVC", b"mmp4", b"hvc1"}
)
# Top-level boxes a QuickTime file written without `ftyp` (older cameras and encoders) starts with.
_QUICKTIME_FIRST_BOXES = frozenset({b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"})
_EXIF_ORIENTATION_TRANSPOSED = frozenset({5, 6, 7, 8})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Limits:
    max_image_bytes: int
    max_video_bytes: int

    def max_bytes(self, family: Family) -> int:
        return self.max_image_bytes if family is Family.IMAGE else self.max_video_bytes


@dataclass(frozen=True)
class Facts:
    """What inspection established about an accepted file."""

    content_type: str
    kind: MediaKind
    size: int
    sha256: str
    width: int
    height: int
    duration_ms: int | None = None
    codec: str | None = None
    animated: bool = False
    thumbnail: bytes | None = None  # WebP, longest edge THUMBNAIL_EDGE
    poster: bytes | None = None  # WebP frame of a video, longest edge POSTER_EDGE


# --- before the upload ---------------------------------------------------------------------------


def normalize_type(content_type: str) -> str:
    """`Image/JPEG; charset=x` and `image/jpeg` are the same declaration."""
    return content_type.split(";", 1)[0].strip().lower()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MiB"


def family_of(content_type: str) -> Family:
    family = ALLOWED_TYPES.get(content_type)
    if family is None:
        raise InvalidInput(
            f"{content_type[:100]!r} is not accepted; upload one of {ALLOWED_LIST}.",
            code="unsupported_type",
            details={"allowed": list(ALLOWED_TYPES)},
        )
    return family


def check_declared(content_type: str, size: int, limits: Limits) -> str:
    """Refuse what cannot succeed before any byte is sent; return the normalised type."""
    content_type = normalize_type(content_type)
    family = family_of(content_type)
    check_size(family, size, limits)
    return content_type


def check_size(family: Family, size: int, limits: Limits) -> None:
    if size <= 0:
        raise InvalidInput("The file is empty.", code="empty_file")
    limit = limits.max_bytes(family)
    if size > limit:
        raise InvalidInput(
            f"A {family.value} may be at most {_megabytes(limit)}; this one is {_megabytes(size)}.",
            code="file_too_large",
            details={"max_bytes": limit, "size": size},
        )


def clean_filename(filename: str) -> str:
    """A display name only (blob names never use it): no path, no control characters, bounded."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    name = _CONTROL.sub("", unicodedata.normalize("NFC", name)).strip()
    return name[:FILENAME_MAX_LENGTH] or "upload"


# --- sniffing ------------------------------------------------------------------------------------


def _iso_bmff_type(head: bytes) -> str | None:
    box_type = head[4:8]
    if box_type in _QUICKTIME_FIRST_BOXES:
        return "video/quicktime"
    if box_type != b"ftyp":
        return None
    box_size = int.from_bytes(head[0:4], "big")
    end = min(box_size, len(head)) if box_size >= 16 else len(head)
    major = head[8:12]
    if major == b"qt  ":
        return "video/quicktime"
    brands = {major} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    return "video/mp4" if brands & _MP4_BRANDS else None


def sniff(head: bytes) -> str | None:
    """The content type the leading bytes prove, or None when they match no accepted format."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if len(head) >= 12:
        return _iso_bmff_type(head)
    return None


def unrecognized() -> InvalidInput:
    return InvalidInput(
        f"The file is not any of {ALLOWED_LIST} (judged by its content, not its name).",
        code="unrecognized_content",
    )


def check_received_size(declared_type: str, declared_size: int, size: int, limits: Limits) -> None:
    """The real size against the cap and the announcement; needs only the blob's properties, so a
    blob far over the cap is refused without being downloaded."""
    check_size(family_of(declared_type), size, limits)
    if size != declared_size:
        raise InvalidInput(
            f"{size} bytes arrived but {declared_size} were announced.",
            code="size_mismatch",
            details={"declared_size": declared_size, "size": size},
        )


def check_content(declared_type: str, declared_size: int, size: int, head: bytes, limits: Limits) -> str:
    """The real type of received bytes, refusing anything that is not what was declared.

    Images must be exactly the declared format (platforms and browsers treat each differently).
    MP4 and QuickTime share one container and browsers label them inconsistently, so a video only
    has to be a video; the sniffed type is what gets stored.
    """
    check_received_size(declared_type, declared_size, size, limits)
    actual = sniff(head)
    if actual is None:
        raise unrecognized()
    if actual != declared_type and not (
        ALLOWED_TYPES[declared_type] is Family.VIDEO and ALLOWED_TYPES[actual] is Family.VIDEO
    ):
        raise InvalidInput(
            f"The file was declared as {declared_type} but its content is {actual}.",
            code="type_mismatch",
            details={"declared_type": declared_type, "content_type": actual},
        )
    return actual


# --- hashing -------------------------------------------------------------------------------------


class Spool:
    """A local copy of an upload, hashed and measured while it is written.

    One pass over the bytes as they arrive: a 1 GB video is read once from storage, never held in
    memory and never re-read just to hash it. Not thread-safe; feed it from one thread at a time.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = 0
        self.head = b""
        self._hash = hashlib.sha256()
        self._file = path.open("wb")

    def write(self, chunk: bytes) -> None:
        if len(self.head) < SNIFF_BYTES:
            self.head += chunk[: SNIFF_BYTES - len(self.head)]
        self._hash.update(chunk)
        self._file.write(chunk)
        self.size += len(chunk)

    def close(self) -> None:
        self._file.close()

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


# --- decoding ------------------------------------------------------------------------------------


def _check_pixels(width: int, height: int, what: str) -> None:
    if width * height > MAX_PIXELS:
        raise InvalidInput(
            f"The {what} is {width}x{height} pixels; at most {MAX_PIXELS // 1_000_000} megapixels are "
            "accepted.",
            code=f"{what}_dimensions_too_large",
            details={"width": width, "height": height, "max_pixels": MAX_PIXELS},
        )


def _webp(image: Image.Image, edge: int) -> bytes:
    """A WebP no larger than edge x edge, keeping transparency only when the image has some."""
    image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY)
    return out.getvalue()


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    animated: bool
    thumbnail: bytes


def inspect_image(source: Source, content_type: str) -> ImageFacts:
    """Dimensions as displayed (EXIF orientation applied), animation, and a WebP thumbnail.

    Only the header is parsed before the pixel budget is checked; Pillow is told the one format
    the bytes were sniffed as, so no other decoder ever sees them.
    """
    try:
        with Image.open(source, formats=[_PIL_FORMAT[content_type]]) as image:
            width, height = image.size
            _check_pixels(width, height, "image")
            if image.getexif().get(ExifTags.Base.Orientation) in _EXIF_ORIENTATION_TRANSPOSED:
                width, height = height, width
            animated = bool(getattr(image, "is_animated", False))
            # JPEG only: decode at the smallest scale that is still larger than the thumbnail.
            image.draft("RGB", (THUMBNAIL_EDGE * 2, THUMBNAIL_EDGE * 2))
            upright = ImageOps.exif_transpose(image)
            thumbnail = _webp(upright, THUMBNAIL_EDGE)
    except DomainError:
        raise
    except Image.DecompressionBombError as exc:
        raise InvalidInput(
            "The image's dimensions are too large.", code="image_dimensions_too_large"
        ) from exc
    except UnidentifiedImageError as exc:
        raise InvalidInput("The image could not be read; it may be damaged.", code="invalid_image") from exc
    except Exception as exc:
        # Malformed input makes Pillow raise almost anything (OSError, SyntaxError, struct.error...).
        raise InvalidInput("The image could not be read; it may be damaged.", code="invalid_image") from exc
    return ImageFacts(width=width, height=height, animated=animated, thumbnail=thumbnail)


@dataclass(frozen=True)
class VideoFacts:
    duration_ms: int
    width: int
    height: int
    codec: str
    poster: bytes | None
    thumbnail: bytes | None


def _invalid_video(message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_video")


def _poster_frame(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, at_seconds: float
) -> av.video.frame.VideoFrame | None:
    """The first frame at or after `at_seconds` (or the last one decoded before giving up)."""
    import av

    if at_seconds > 0 and stream.time_base:
        try:
            container.seek(int(at_seconds / stream.time_base), stream=stream)
        except av.FFmpegError:
            container.seek(0)
    chosen = None
    for count, frame in enumerate(container.decode(stream)):
        chosen = frame
        if frame.time is None or frame.time >= at_seconds or count >= POSTER_MAX_FRAMES:
            break
    return chosen


def _upright(frame: av.video.frame.VideoFrame) -> Image.Image:
    """The frame as a viewer shows it: phones record sideways and flag the rotation in metadata."""
    image: Image.Image = frame.to_image()  # type: ignore[no-untyped-call]  # untyped in PyAV's stubs
    turn = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}
    transpose = turn.get(round(frame.rotation) % 360)
    return image.transpose(transpose) if transpose is not None else image


def inspect_video(source: Source) -> VideoFacts:
    """Duration, display size, codec and a poster frame near one second in, read with FFmpeg.

    The poster is best effort (a codec FFmpeg can parse but not decode still makes a valid
    upload); a file without a readable video track is refused.
    """
    import av

    try:
        opened = str(source) if isinstance(source, Path) else source
        with av.open(opened, mode="r", format=_FFMPEG_FORMAT) as c:
            if not c.streams.video:
                raise _invalid_video("The file has no video track.")
            stream = c.streams.video[0]
            width, height = stream.codec_context.width, stream.codec_context.height
            if not width or not height:
                raise _invalid_video("The video's dimensions could not be read.")
            _check_pixels(width, height, "video")
            if c.duration is not None and c.duration > 0:
                duration_ms = c.duration * 1000 // av.time_base
            elif stream.duration and stream.time_base:
                duration_ms = int(stream.duration * stream.time_base * 1000)
            else:
                raise _invalid_video("The video's duration could not be read.")
            codec = stream.codec_context.name
            try:
                frame = _poster_frame(c, stream, min(POSTER_AT_SECONDS, duration_ms / 2000))
            except av.FFmpegError:
                frame = None
    except DomainError:
        raise
    except Exception as exc:
        # FFmpeg errors (InvalidDataError and friends) and anything else a damaged file provokes.
        raise _invalid_video("The video could not be read; it may be damaged.") from exc
    if frame is None:
        return VideoFacts(duration_ms, width, height, codec, poster=None, thumbnail=None)
    if round(frame.rotation) % 180 == 90:
        width, height = height, width
    picture = _upright(frame)
    return VideoFacts(
        duration_ms,
        width,
        height,
        codec,
        poster=_webp(picture, POSTER_EDGE),
        thumbnail=_webp(picture, THUMBNAIL_EDGE),
    )


def inspect(path: Path, *, content_type: str, size: int, sha256: str) -> Facts:
    """The facts of a file whose bytes already passed `check_content` as `content_type`."""
    if ALLOWED_TYPES[content_type] is Family.VIDEO:
        video = inspect_video(path)
        return Facts(
            content_type=content_type,
            kind=MediaKind.VIDEO,
            size=size,
            sha256=sha256,
            width=video.width,
            height=video.height,
            duration_ms=video.duration_ms,
            codec=video.codec,
            thumbnail=video.thumbnail,
            poster=video.poster,
        )
    image = inspect_image(path, content_type)
    animated_gif = content_type == "image/gif" and image.animated
    return Facts(
        content_type=content_type,
        kind=MediaKind.GIF if animated_gif else MediaKind.IMAGE,
        size=size,
        sha256=sha256,
        width=image.width,
        height=image.height,
        animated=image.animated,
        thumbnail=image.thumbnail,
    )
