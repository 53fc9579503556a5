"""Sniffing, limits and decoding of uploaded media, on bytes built in memory."""

import hashlib
import io
from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image

from shared.domain.errors import InvalidInput
from shared.services.media_inspect import (
    MAX_PIXELS,
    THUMBNAIL_EDGE,
    Limits,
    MediaKind,
    Spool,
    check_content,
    check_declared,
    clean_filename,
    inspect,
    inspect_image,
    inspect_video,
    sniff,
)

LIMITS = Limits(max_image_bytes=1000, max_video_bytes=5000)


def image_bytes(fmt: str, size: tuple[int, int] = (64, 48), mode: str = "RGB", **save: object) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "red" if mode != "1" else 0).save(out, fmt, **save)
    return out.getvalue()


def animated_gif(frames: int = 3) -> bytes:
    images = [Image.new("RGB", (40, 30), (i * 60, 0, 0)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return out.getvalue()


def make_mp4(
    *, frames: int = 25, fps: int = 10, size: tuple[int, int] = (64, 48), rotation: int = 0
) -> bytes:
    """A real H.264 (or MPEG-4 Part 2, when libx264 is missing) MP4 of coloured frames."""
    codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream(codec, rate=fps)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        if rotation:
            stream.set_display_rotation(rotation)
        for i in range(frames):
            image = Image.new("RGB", size, (i * 9 % 256, 120, 40))
            frame = av.VideoFrame.from_image(image)  # type: ignore[no-untyped-call]
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x02\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\x00\x00\x00\x08free"


def code_of(exc: pytest.ExceptionInfo[InvalidInput]) -> str:
    return exc.value.code


# --- declared type and size ----------------------------------------------------------------------


def test_declared_types_are_normalised() -> None:
    assert check_declared("Image/PNG; charset=binary", 10, LIMITS) == "image/png"
    assert check_declared("video/quicktime", 5000, LIMITS) == "video/quicktime"


@pytest.mark.parametrize(
    ("content_type", "size", "code"),
    [
        ("image/svg+xml", 10, "unsupported_type"),
        ("text/plain", 10, "unsupported_type"),
        ("image/heic", 10, "unsupported_type"),
        ("image/png", 1001, "file_too_large"),
        ("video/mp4", 5001, "file_too_large"),
        ("image/png", 0, "empty_file"),
    ],
)
def test_declarations_that_cannot_succeed_are_refused(content_type: str, size: int, code: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        check_declared(content_type, size, LIMITS)
    assert code_of(exc) == code


def test_the_cap_follows_the_family() -> None:
    assert check_declared("video/mp4", 4000, LIMITS) == "video/mp4"  # over the image cap, fine for video


def test_filenames_lose_paths_and_control_characters() -> None:
    assert clean_filename("C:\\Users\\me\\holiday.jpg") == "holiday.jpg"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("a\x00b\nc.png") == "abc.png"
    assert clean_filename("   ") == "upload"
    assert len(clean_filename("x" * 400 + ".png")) == 255


# --- sniffing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (image_bytes("JPEG"), "image/jpeg"),
        (image_bytes("PNG"), "image/png"),
        (image_bytes("GIF"), "image/gif"),
        (image_bytes("WEBP"), "image/webp"),
        (ftyp(b"isom", b"isom", b"avc1"), "video/mp4"),
        (ftyp(b"mp42", b"mp41"), "video/mp4"),
        (ftyp(b"qt  ", b"qt  "), "video/quicktime"),
        (b"\x00\x00\x00\x08wide\x00\x00\x10\x00mdat", "video/quicktime"),
        (ftyp(b"heic", b"mif1", b"heic"), None),  # a HEIF image is ISO-BMFF but no video
        (ftyp(b"M4A ", b"M4A "), None),  # audio only
        (b"just some text, pretending", None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
        (b"\xff\xd8", None),  # too short to be anything
        (b"", None),
    ],
)
def test_sniff_reads_the_magic_bytes(data: bytes, expected: str | None) -> None:
    assert sniff(data[:256]) == expected


def test_sniff_uses_the_real_mp4_from_pyav() -> None:
    assert sniff(make_mp4(frames=2)[:256]) == "video/mp4"


def test_content_must_match_the_declared_image_format() -> None:
    png = image_bytes("PNG")
    with pytest.raises(InvalidInput) as exc:
        check_content("image/jpeg", len(png), len(png), png[:256], LIMITS)
    assert code_of(exc) == "type_mismatch"
    assert exc.value.details == {"declared_type": "image/jpeg", "content_type": "image/png"}


def test_video_containers_are_one_family() -> None:
    head = ftyp(b"isom", b"avc1")
    assert check_content("video/quicktime", 100, 100, head, LIMITS) == "video/mp4"
    with pytest.raises(InvalidInput) as exc:
        check_content("image/png", 100, 100, head, LIMITS)
    assert code_of(exc) == "type_mismatch"


@pytest.mark.parametrize(
    ("declared_size", "size", "head", "code"),
    [
        (12, 12, b"hello world!", "unrecognized_content"),
        (100, 90, image_bytes("PNG"), "size_mismatch"),
        (2000, 2000, image_bytes("PNG"), "file_too_large"),
    ],
)
def test_received_content_is_checked(declared_size: int, size: int, head: bytes, code: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        check_content("image/png", declared_size, size, head[:256], LIMITS)
    assert code_of(exc) == code


def test_spool_hashes_and_measures_what_it_writes(tmp_path: Path) -> None:
    data = bytes(range(256)) * 1000
    spool = Spool(tmp_path / "f")
    for i in range(0, len(data), 7000):
        spool.write(data[i : i + 7000])
    spool.close()
    assert spool.size == len(data)
    assert spool.sha256 == hashlib.sha256(data).hexdigest()
    assert spool.head == data[:256]
    assert (tmp_path / "f").read_bytes() == data


# --- images --------------------------------------------------------------------------------------


def test_image_dimensions_and_a_webp_thumbnail() -> None:
    facts = inspect_image(io.BytesIO(image_bytes("PNG", (1600, 900))), "image/png")
    assert (facts.width, facts.height, facts.animated) == (1600, 900, False)
    with Image.open(io.BytesIO(facts.thumbnail)) as thumb:
        assert thumb.format == "WEBP"
        assert thumb.size == (THUMBNAIL_EDGE, 270)


def test_exif_orientation_gives_the_displayed_dimensions() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    Image.new("RGB", (200, 100), "blue").save(out, "JPEG", exif=exif)
    facts = inspect_image(io.BytesIO(out.getvalue()), "image/jpeg")
    assert (facts.width, facts.height) == (100, 200)
    with Image.open(io.BytesIO(facts.thumbnail)) as thumb:
        assert thumb.size == (100, 200)


def test_transparency_survives_in_the_thumbnail() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (64, 48), (255, 0, 0, 0)).save(out, "PNG")
    facts = inspect_image(io.BytesIO(out.getvalue()), "image/png")
    with Image.open(io.BytesIO(facts.thumbnail)) as thumb:
        assert thumb.mode == "RGBA"


def test_animated_and_still_gifs() -> None:
    moving = inspect_image(io.BytesIO(animated_gif()), "image/gif")
    still = inspect_image(io.BytesIO(image_bytes("GIF")), "image/gif")
    assert moving.animated
    assert not still.animated


def test_decompression_bomb_is_refused_before_decoding() -> None:
    side = int(MAX_PIXELS**0.5) + 100
    bomb = image_bytes("PNG", (side, side), mode="1")
    assert len(bomb) < 100_000  # tiny file, huge image
    with pytest.raises(InvalidInput) as exc:
        inspect_image(io.BytesIO(bomb), "image/png")
    assert code_of(exc) == "image_dimensions_too_large"


def test_truncated_image_is_invalid() -> None:
    jpeg = image_bytes("JPEG", (300, 300))
    with pytest.raises(InvalidInput) as exc:
        inspect_image(io.BytesIO(jpeg[: len(jpeg) // 2]), "image/jpeg")
    assert code_of(exc) == "invalid_image"


def test_image_is_read_only_as_the_sniffed_format() -> None:
    with pytest.raises(InvalidInput) as exc:
        inspect_image(io.BytesIO(image_bytes("PNG")), "image/gif")
    assert code_of(exc) == "invalid_image"


# --- videos --------------------------------------------------------------------------------------


def test_video_facts_and_poster() -> None:
    facts = inspect_video(io.BytesIO(make_mp4(frames=25, fps=10, size=(64, 48))))
    assert 2400 <= facts.duration_ms <= 2600
    assert (facts.width, facts.height) == (64, 48)
    assert facts.codec in {"h264", "mpeg4"}
    assert facts.poster is not None
    assert facts.thumbnail is not None
    with Image.open(io.BytesIO(facts.poster)) as poster:
        assert poster.format == "WEBP"
        assert poster.size == (64, 48)
        # The frame about one second in (index 10 of a 10 fps clip), not the first one.
        red = poster.convert("RGB").getpixel((32, 24))
        assert isinstance(red, tuple)
        assert abs(red[0] - 90) < 30


def test_rotated_video_reports_the_displayed_size() -> None:
    facts = inspect_video(io.BytesIO(make_mp4(frames=5, size=(64, 48), rotation=90)))
    assert (facts.width, facts.height) == (48, 64)
    assert facts.poster is not None
    with Image.open(io.BytesIO(facts.poster)) as poster:
        assert poster.size == (48, 64)


def test_short_video_takes_its_poster_from_the_middle() -> None:
    facts = inspect_video(io.BytesIO(make_mp4(frames=3, fps=10)))
    assert facts.duration_ms < 1000
    assert facts.poster is not None


def test_damaged_video_is_invalid() -> None:
    data = make_mp4(frames=5)
    with pytest.raises(InvalidInput) as exc:
        inspect_video(io.BytesIO(data[:200]))
    assert code_of(exc) == "invalid_video"
    with pytest.raises(InvalidInput) as exc:
        inspect_video(io.BytesIO(ftyp(b"isom", b"avc1") + b"\x00" * 500))
    assert code_of(exc) == "invalid_video"


def test_inspect_names_the_kind(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    path.write_bytes(animated_gif())
    gif = inspect(path, content_type="image/gif", size=path.stat().st_size, sha256="0" * 64)
    assert (gif.kind, gif.animated) == (MediaKind.GIF, True)
    path = tmp_path / "clip.mp4"
    path.write_bytes(make_mp4(frames=12))
    video = inspect(path, content_type="video/mp4", size=path.stat().st_size, sha256="1" * 64)
    assert video.kind is MediaKind.VIDEO
    assert video.duration_ms is not None
    assert video.poster is not None


def test_pyav_frame_rate_is_what_the_helper_asked_for() -> None:
    """Guards the duration assertions above against a helper that silently changed its timing."""
    with av.open(io.BytesIO(make_mp4(frames=10, fps=10)), mode="r") as container:
        assert container.streams.video[0].average_rate == Fraction(10)
