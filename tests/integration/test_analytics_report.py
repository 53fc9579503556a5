"""The analytics PDF report, against the Cosmos emulator and the demo workspace's seeded history.

Each report is rendered to PNG pages under .local/reports/ (pypdfium2) for people to look at, and read
back: its page count, the logical text it carries for copying and searching (ActualText), the order
its glyphs are laid out in (right to left in Arabic, with figures and dates still left to right),
the top posts it lists and the totals, against the analytics endpoints for the same period.
"""

from __future__ import annotations

import re
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from shared.services import analytics_report, analytics_views, report_pdf, seed
from shared.services.analytics_views import Filters
from tests.conftest import ROOT
from tests.integration.test_analytics_views import World, fakes, world  # noqa: F401 - fixtures

REPORTS = ROOT / ".local" / "reports"


def actual_texts(pdf: bytes) -> list[str]:
    """The logical text of every marked span, from the page content streams."""
    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for encoded in re.findall(rb"/ActualText <([0-9A-F]+)>", content):
            found.append(bytes.fromhex(encoded.decode()).decode("utf-16").lstrip("\ufeff"))
    return found


def glyph_lines(pdf: bytes, page_index: int) -> list[str]:
    """Each line of a page as its glyphs are laid out, left to right (what the reader sees)."""
    page = pdfium.PdfDocument(pdf)[page_index]
    text = page.get_textpage()
    placed = []
    for index in range(text.count_chars()):
        left, bottom, _, top = text.get_charbox(index, loose=True)
        placed.append(((bottom + top) / 2, left, chr(pdfium_raw.FPDFText_GetUnicode(text, index))))
    placed.sort(key=lambda p: -p[0])
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for middle, left, char in placed:
        if lines and abs(lines[-1][0] - middle) < 2:
            lines[-1][1].append((left, char))
        else:
            lines.append((middle, [(left, char)]))
    return [
        "".join(c for _, c in sorted(chars, key=lambda p: p[0])).replace("\u200e", "").replace("\u200f", "")
        for _, chars in lines
    ]


def in_order(wanted: list[str], found: list[str]) -> bool:
    """Whether `wanted` appears in `found` in this order (each a whole token, or glued to a stray)."""
    tokens = iter(found)
    return all(any(t == w or t.startswith(w) or t.endswith(w) for t in tokens) for w in wanted)


def save_pngs(pdf: bytes, name: str) -> list[Path]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    paths = []
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        path = REPORTS / f"{name}-page{index + 1}.png"
        document[index].render(scale=1.6).to_pil().save(path)
        paths.append(path)
    return paths


@pytest.fixture
async def demo(world: World) -> dict[str, Any]:
    """The demo workspace with its weeks of history; the signed-in user is one of its admins."""
    result = await seed.seed_demo(world.container)
    await seed.connect_demo_accounts(world.container, result)
    await seed.seed_history(world.container, result)
    pool = await world.container.db()
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO memberships (workspace_id, user_id, role) SELECT %s, id, 'admin' FROM users"
            " WHERE id = (SELECT user_id FROM memberships WHERE workspace_id = %s AND role = 'owner')",
            (result.workspace_id, world.signed_in.workspace),
        )
    return {"result": result, "url": f"/api/v1/workspaces/{result.workspace_id}/analytics"}


async def get(world: World, url: str, **params: Any) -> Any:
    return await world.signed_in.api.get(url, params=params, headers=world.signed_in.headers)


async def test_the_report_in_english_and_arabic(world: World, demo: dict[str, Any]) -> None:
    url = demo["url"]
    summary = (await get(world, f"{url}/summary")).json()
    first, last = summary["period"]["from"], summary["period"]["to"]
    top = (await get(world, f"{url}/posts", metric="engagements", limit=10)).json()
    assert len(top["items"]) == 10

    pdfs = {}
    for lang in ("en", "ar"):
        response = await get(world, f"{url}/report.pdf", lang=lang)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"] == (
            f'attachment; filename="analytics-report-{first}-to-{last}-{lang}.pdf"'
        )
        pdfs[lang] = response.content
        document = pdfium.PdfDocument(response.content)
        assert 2 <= len(document) <= 4
        save_pngs(response.content, f"demo-{lang}")

    english, arabic = actual_texts(pdfs["en"]), actual_texts(pdfs["ar"])
    # The header, then the totals: the summary endpoint's figures.
    assert english[:2] == ["clickKloudy", "Analytics report"]
    assert arabic[:2] == ["clickKloudy", "تقرير التحليلات"]
    followers, posts = summary["followers"]["value"], summary["posts"]["value"]
    impressions = next(m for m in summary["metrics"] if m["metric"] == "impressions")["value"]
    rate = summary["engagement_rate"]["value"]
    for texts in (english, arabic):
        assert f"{followers:,}" in texts
        assert f"{posts:,}" in texts
        assert f"{impressions:,}" in texts
        assert f"{rate * 100:.2f}%" in texts
    for label in ("Followers", "Posts published", "Impressions", "Engagement rate"):
        assert label in english
    for label in ("المتابعون", "المنشورات المنشورة", "مرات الظهور", "معدل التفاعل"):
        assert label in arabic
    for heading in ("المتابعون عبر الزمن", "التفاعل حسب المنصة", "المنشورات يوميًا", "أفضل أوقات النشر"):
        assert heading in arabic
    assert "أفضل المنشورات حسب التفاعلات" in arabic
    # The top posts in order, each with its engagements, as analytics/posts ranks them.
    for texts, heading in ((english, "Top posts by engagements"), (arabic, "أفضل المنشورات حسب التفاعلات")):
        header = texts.index("#", texts.index(heading))
        rows = [texts[header + 7 * n : header + 7 * (n + 1)] for n in range(1, 11)]
        for n, (row, item) in enumerate(zip(rows, top["items"], strict=True), start=1):
            rank, text, _, _, _, engagements, _ = row
            assert rank == str(n)
            assert item["text"].startswith(text.rstrip("…"))
            assert engagements == f"{item['engagements']:,}"
    # The best times the endpoint finds are named.
    best = (await get(world, f"{url}/best-times", to=last)).json()
    (sandbox,) = [g for g in best["platforms"] if g["platform"] == "sandbox"]
    weekday = report_pdf.WEEKDAYS_AR[sandbox["best"][0]["weekday"]]
    assert any(t.startswith("Sandbox:") and weekday in t for t in arabic)


async def test_arabic_is_laid_out_right_to_left_with_figures_left_to_right(
    world: World, demo: dict[str, Any]
) -> None:
    access = seed._owner(demo["result"])
    data = await analytics_report.gather(world.container, access, None, None, Filters())
    span = data.summary.period
    plain = {lang: report_pdf.render(data, lang, actual_text=False) for lang in ("en", "ar")}
    arabic = glyph_lines(plain["ar"], 0)
    english = glyph_lines(plain["en"], 0)

    # "من 1 نوفمبر 2026 إلى 30 نوفمبر 2026 (30 يومًا)" is read from the right: its numbers, seen left to
    # right, come last to first, while each number's own digits still run left to right.
    logical = [span.first.day, span.first.year, span.last.day, span.last.year, span.length]
    (period,) = [line for line in arabic if f"{span.last.year}" in line and "(" in line][:1]
    # (Some shaped Arabic glyphs read back as stray ASCII characters, digits among them, since their
    # glyph has no character of its own: the numbers are looked for in order among what is read.)
    assert in_order([str(n) for n in reversed(logical)], re.findall(r"\d+", period))
    (english_period,) = [line for line in english if " to " in line and "(" in line][:1]
    assert [int(n) for n in re.findall(r"\d+", english_period)] == logical
    # Figures keep their digits' order in both.
    followers = f"{data.summary.followers.value:,}"
    assert any(followers in line for line in arabic)
    assert any(followers in line for line in english)
    # Mirrored: the title starts on the right in Arabic and on the left in English.
    document = {lang: pdfium.PdfDocument(plain[lang])[0] for lang in ("en", "ar")}
    widths = document["en"].get_width()
    title_en = _box_of(document["en"], "A")
    assert title_en < widths / 2
    assert _rightmost_glyph(document["ar"], top=True) > widths * 0.8


def _box_of(page: Any, char: str) -> float:
    text = page.get_textpage()
    for index in range(text.count_chars()):
        if chr(pdfium_raw.FPDFText_GetUnicode(text, index)) == char:
            return float(text.get_charbox(index)[0])
    raise AssertionError(char)


def _rightmost_glyph(page: Any, *, top: bool) -> float:
    """The right edge of the title line (the largest text near the top)."""
    text = page.get_textpage()
    height = page.get_height()
    rights = [
        text.get_charbox(i)[2]
        for i in range(text.count_chars())
        if height - 80 < text.get_charbox(i)[3] < height - 40
    ]
    return max(rights)


async def test_the_report_takes_the_views_period_and_filters(world: World, demo: dict[str, Any]) -> None:
    url = demo["url"]
    response = await get(world, f"{url}/report.pdf", **{"from": "2026-02-10", "to": "2026-02-01"})
    assert (response.status_code, response.json()["error"]["code"]) == (422, "invalid_range")
    response = await get(world, f"{url}/report.pdf", **{"from": "2024-01-01", "to": "2025-06-01"})
    assert (response.status_code, response.json()["error"]["code"]) == (422, "range_too_long")
    response = await get(world, f"{url}/report.pdf", lang="fr")
    assert response.status_code == 422
    # A platform with nothing: the report still reads, saying so.
    response = await get(world, f"{url}/report.pdf", platform="mastodon", lang="ar")
    assert response.status_code == 200
    texts = actual_texts(response.content)
    assert "المنصات: Mastodon" in texts
    assert "لا أرقام لهذه الفترة بعد." in texts
    save_pngs(response.content, "empty-ar")
    # Someone outside the workspace gets nothing.
    access = seed._owner(demo["result"])
    today = (await analytics_views.workspace(world.container, access)).today()
    week = await get(world, f"{url}/report.pdf", **{"from": (today - timedelta(days=6)).isoformat()})
    assert week.status_code == 200
    other = await world.signed_in.api.get(
        f"/api/v1/workspaces/{world.signed_in.workspace}/analytics/report.pdf",
        headers={"Authorization": "Bearer nonsense"},
    )
    assert other.status_code == 401
