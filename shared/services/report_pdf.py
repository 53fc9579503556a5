"""Drawing the analytics report (shared/services/analytics_report.py) as an A4 PDF with fpdf2.

Text is shaped by HarfBuzz (fpdf2's `set_text_shaping`, through uharfbuzz), which joins Arabic
letters in their contextual forms, and laid out by fpdf2's Unicode bidirectional algorithm: an Arabic
report's paragraphs run right to left. Figures, dates, handles and other left-to-right pieces inside
Arabic sentences are wrapped in LEFT-TO-RIGHT MARKs, so a number keeps its direction and its sign,
and a date or "@handle" is not split into runs that read backwards.

In Arabic the layout mirrors: the text starts on the right, table columns run from the right and
bars of the per-platform chart grow leftwards. Time does not mirror: on every chart (followers over
time, posts per day, the best-times grid's hours) it still runs left to right.

The fonts (Noto Sans, Noto Sans Arabic) are bundled in shared/services/data/fonts.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from shared.domain.metrics import ENGAGEMENT_RATE_DEFINITION, POST_METRICS
from shared.services.analytics_report import Language, ReportData
from shared.services.analytics_views import Figure

FONTS = Path(__file__).resolve().parent / "data" / "fonts"
LRM = "\u200e"
RLM = "\u200f"

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 15.0
CONTENT_W = PAGE_W - 2 * MARGIN
BOTTOM = PAGE_H - 18.0

Color = tuple[int, int, int]
INK: Color = (33, 37, 41)
MUTED: Color = (96, 101, 107)
GRID: Color = (222, 226, 230)
CARD: Color = (244, 246, 250)
ACCENT: Color = (0, 90, 156)
UP: Color = (25, 118, 62)
DOWN: Color = (190, 40, 40)
NO_DATA: Color = (214, 214, 214)
EMPTY: Color = (246, 247, 249)
HEAT_LOW: Color = (222, 235, 247)
HEAT_HIGH: Color = (8, 69, 148)
# Okabe and Ito's palette, told apart with colour-blindness too.
PALETTE: tuple[Color, ...] = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (213, 94, 0),
    (86, 180, 233),
    (204, 121, 167),
    (120, 120, 120),
    (240, 228, 66),
)

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")

ENGAGEMENT_RATE_DEFINITION_AR = (
    "معدل التفاعل = (ردود الفعل + التعليقات + المشاركات + مرات الحفظ) ÷ مرات الظهور. وتُقسم المنصة "
    "التي لا تذكر مرات الظهور على الوصول، والتي لا تذكر أيًّا منهما على مشاهدات الفيديو؛ ولا يُضاف "
    "رقم تفاعل لا تذكره المنصة. والمنصة التي لا تذكر أيًّا من أرقام التفاعل الأربعة، أو أيًّا من أرقام "
    "الجمهور الثلاثة، ليس لها معدل تفاعل. وعلى عدة منشورات أو منصات يكون مجموع تفاعلاتها مقسومًا على "
    "مجموع أرقام جمهورها، لا متوسط معدلاتها. والنقرات ليست تفاعلًا."
)

STRINGS: dict[Language, dict[str, str]] = {
    "en": {
        "title": "Analytics report",
        "period": "{first} to {last} ({days})",
        "previous": "Compared with the previous {count}: {first} to {last}",
        "zone": "Days in {zone}",
        "generated": "Generated {when} UTC from the figures collected up to {as_of}",
        "generated_nothing": "Generated {when} UTC; no figures collected for this period yet",
        "scope_all": "All accounts and platforms",
        "scope_accounts": "Accounts: {names}",
        "scope_platforms": "Platforms: {names}",
        "totals": "Totals",
        "followers": "Followers",
        "followers_gained": "Followers gained",
        "posts": "Posts published",
        "engagements": "Engagements",
        "engagement_rate": "Engagement rate",
        "impressions": "Impressions",
        "reach": "Reach",
        "views": "Video views",
        "reactions": "Reactions",
        "comments": "Comments",
        "shares": "Shares",
        "saves": "Saves",
        "clicks": "Clicks",
        "vs_previous": "{change} vs previous",
        "no_change": "no change vs previous",
        "previous_na": "previous not available",
        "na": "not available",
        "points": "pt",
        "metric": "Metric",
        "this_period": "This period",
        "previous_period": "Previous period",
        "change": "Change",
        "all_metrics": "Every metric",
        "followers_chart": "Followers over time",
        "followers_by_week": "Followers over time, week by week",
        "engagement_chart": "Engagement by platform",
        "engagement_note": "Engagements of the posts published in the period, and their engagement rate",
        "posts_chart": "Posts per day",
        "no_figures": "No figures for this period yet.",
        "top_posts": "Top posts by engagements",
        "rank": "#",
        "post": "Post",
        "account": "Account",
        "published": "Published",
        "rate": "Rate",
        "no_posts": "No post published in this period has engagement figures yet.",
        "best_times": "Best times to post",
        "best_note": "From the posts published {first} to {last}, by the hour they were published ({zone}). "
        "A time shows a rate once {minimum} posts with figures rest on it; nothing is estimated.",
        "best_cell": "{weekday} {hour} ({rate}, {posts})",
        "posts_count": "{n} posts",
        "post_count_one": "1 post",
        "not_enough": "not enough data yet",
        "heat_legend": "Darker: higher engagement rate. Grey: posts, but not enough data yet. "
        "Outlined: the best times.",
        "hour": "Hour",
        "about": "About these figures",
        "about_na": "A platform that does not report a figure shows it as not available, never as 0, and "
        "totals add a metric only across the platforms that report it.",
        "definition": ENGAGEMENT_RATE_DEFINITION,
        "page": "Page {n} of {total}",
        "days_one": "1 day",
        "days_many": "{n} days",
    },
    "ar": {
        "title": "تقرير التحليلات",
        "period": "من {first} إلى {last} ({days})",
        "previous": "مقارنةً بالفترة السابقة ({count}): من {first} إلى {last}",
        "zone": "الأيام بتوقيت {zone}",
        "generated": "أُعدّ في {when} بالتوقيت العالمي من الأرقام المجموعة حتى {as_of}",
        "generated_nothing": "أُعدّ في {when} بالتوقيت العالمي، ولم تُجمع أرقام لهذه الفترة بعد",
        "scope_all": "كل الحسابات والمنصات",
        "scope_accounts": "الحسابات: {names}",
        "scope_platforms": "المنصات: {names}",
        "totals": "الإجماليات",
        "followers": "المتابعون",
        "followers_gained": "المتابعون الجدد",
        "posts": "المنشورات المنشورة",
        "engagements": "التفاعلات",
        "engagement_rate": "معدل التفاعل",
        "impressions": "مرات الظهور",
        "reach": "الوصول",
        "views": "مشاهدات الفيديو",
        "reactions": "ردود الفعل",
        "comments": "التعليقات",
        "shares": "المشاركات",
        "saves": "مرات الحفظ",
        "clicks": "النقرات",
        "vs_previous": "{change} مقارنةً بالسابقة",
        "no_change": "بلا تغيّر عن السابقة",
        "previous_na": "السابقة غير متاحة",
        "na": "غير متاح",
        "points": "نقطة",
        "metric": "المقياس",
        "this_period": "هذه الفترة",
        "previous_period": "الفترة السابقة",
        "change": "التغيّر",
        "all_metrics": "كل المقاييس",
        "followers_chart": "المتابعون عبر الزمن",
        "followers_by_week": "المتابعون عبر الزمن، أسبوعًا بأسبوع",
        "engagement_chart": "التفاعل حسب المنصة",
        "engagement_note": "تفاعلات المنشورات المنشورة في الفترة، ومعدل تفاعلها",
        "posts_chart": "المنشورات يوميًا",
        "no_figures": "لا أرقام لهذه الفترة بعد.",
        "top_posts": "أفضل المنشورات حسب التفاعلات",
        "rank": "#",
        "post": "المنشور",
        "account": "الحساب",
        "published": "تاريخ النشر",
        "rate": "المعدل",
        "no_posts": "لا أرقام تفاعل بعد لأي منشور نُشر في هذه الفترة.",
        "best_times": "أفضل أوقات النشر",
        "best_note": "من المنشورات المنشورة من {first} إلى {last}، حسب ساعة نشرها (بتوقيت {zone}). "
        "لا يظهر معدل لوقت قبل أن تستند إليه {minimum} منشورات لها أرقام، ولا يُقدَّر شيء.",
        "best_cell": "{weekday} {hour} ({rate}، {posts})",
        "posts_count": "{n} منشورات",
        "post_count_one": "منشور واحد",
        "not_enough": "لا تكفي البيانات بعد",
        "heat_legend": "الأغمق: معدل تفاعل أعلى. الرمادي: منشورات لا تكفي بياناتها بعد. المحاط بإطار: "
        "أفضل الأوقات.",
        "hour": "الساعة",
        "about": "عن هذه الأرقام",
        "about_na": "الرقم الذي لا تذكره المنصة يظهر «غير متاح» لا صفرًا، ولا تجمع الإجماليات مقياسًا إلا "
        "من المنصات التي تذكره.",
        "definition": ENGAGEMENT_RATE_DEFINITION_AR,
        "page": "صفحة {n} من {total}",
        "days_one": "يوم واحد",
        "days_many": "{n} يومًا",
    },
}


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """Every character the bundled fonts can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    found: set[int] = set()
    for name in ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf"):
        found.update(TTFont(FONTS / name, lazy=True).getBestCmap())
    return frozenset(found)


def printable(text: str) -> str:
    """Text a person wrote, as one line the fonts can draw: characters no bundled font has (emoji,
    scripts other than Latin, Greek, Cyrillic and Arabic) are left out rather than drawn as boxes."""
    covered = _covered()
    kept = []
    for char in " ".join(text.split()):
        if ord(char) in covered or char == LRM:
            kept.append(char)
        elif unicodedata.category(char) == "Zs":
            kept.append(" ")
    return "".join(kept).strip()


def _arabic_count(n: int, one: str, two: str, few: str, many: str) -> str:
    """Arabic counted nouns: 1 and 2 have their own words; then the plural for 3 to 10 and the
    singular accusative for 11 to 99 (by the last two digits)."""
    if n == 1:
        return one
    if n == 2:
        return two
    rest = n % 100
    word = few if 3 <= rest <= 10 else many
    return f"{LRM}{n:,}{LRM} {word}"


def nice_step(span: float, ticks: int) -> float:
    raw = span / max(ticks, 1)
    if raw <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def axis(low: float, high: float, ticks: int = 4, *, whole: bool = True) -> list[float]:
    """Round tick values covering low..high."""
    if high <= low:
        high = low + (1 if whole else 0.01)
        low = max(0.0, low - 1) if whole else low
    step = nice_step(high - low, ticks)
    if whole:
        step = max(1.0, round(step))
    start = math.floor(low / step) * step
    values = [start]
    while values[-1] < high:
        values.append(values[-1] + step)
    return values


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: str  # "start" or "end" (numbers)


class _Pdf(FPDF):
    report: Report | None = None

    def footer(self) -> None:
        if self.report is not None:
            self.report.footer()


class Report:
    def __init__(self, data: ReportData, language: Language, *, actual_text: bool = True) -> None:
        self.data = data
        self.marks = actual_text
        self.language = language
        self.rtl = language == "ar"
        self.s = STRINGS[language]
        pdf = _Pdf(unit="mm", format="A4")
        pdf.report = self
        # The page count is written in when the document closes, in place of this one character, as
        # wide as a digit (FIGURE SPACE), so the footer laid out around it keeps its place.
        pdf.alias_nb_pages("\u2007")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        for family, stem in (("latin", "NotoSans"), ("arabic", "NotoSansArabic")):
            pdf.add_font(family, "", FONTS / f"{stem}-Regular.ttf")
            pdf.add_font(family, "B", FONTS / f"{stem}-Bold.ttf")
        self.family = "arabic" if self.rtl else "latin"
        pdf.set_fallback_fonts(["latin" if self.rtl else "arabic"])
        pdf.set_title(f"{self.s['title']} · {data.workspace_name}")
        pdf.set_author("clickKloudy")
        pdf.set_creator("clickKloudy")
        pdf.set_lang(language)
        self.pdf = pdf
        self.y = MARGIN
        self.colors = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(sorted(data.platform_names))}

    # --- words and numbers ------------------------------------------------------------------------

    def ltr(self, text: str) -> str:
        """A left-to-right piece (a figure, a date, a handle) inside the report's sentences."""
        # The marks outside keep two such pieces separated only by punctuation ("7.98%، 3") from
        # merging into one left-to-right run that would read in the wrong order.
        return f"{RLM}{LRM}{text}{LRM}{RLM}" if self.rtl else text

    def number(self, value: float | None) -> str:
        if value is None:
            return self.s["na"]
        if isinstance(value, float) and not value.is_integer():
            return self.ltr(f"{value:,.1f}")
        return self.ltr(f"{int(value):,}")

    def percent(self, fraction: float | None, digits: int = 2) -> str:
        if fraction is None:
            return self.s["na"]
        return self.ltr(f"{fraction * 100:.{digits}f}%")

    def signed(self, value: float, suffix: str = "", digits: int = 0) -> str:
        sign = "+" if value > 0 else "\u2212" if value < 0 else ""
        body = f"{abs(value):,.{digits}f}" if digits else f"{round(abs(value)):,}"
        return self.ltr(f"{sign}{body}{suffix}")

    def day(self, value: date, *, year: bool = True) -> str:
        if self.rtl:
            text = f"{self.ltr(str(value.day))} {MONTHS_AR[value.month - 1]}"
            return f"{text} {self.ltr(str(value.year))}" if year else text
        text = f"{value.day} {MONTHS_EN[value.month - 1]}"
        return f"{text} {value.year}" if year else text

    def moment(self, value: datetime) -> str:
        return f"{self.day(value.date())} {self.ltr(value.strftime('%H:%M'))}"

    def days(self, n: int) -> str:
        if self.rtl:
            return _arabic_count(n, "يوم واحد", "يومان", "أيام", "يومًا")
        return self.s["days_one"] if n == 1 else self.s["days_many"].format(n=f"{n:,}")

    def posts_count(self, n: int) -> str:
        if self.rtl:
            return _arabic_count(n, "منشور واحد", "منشوران", "منشورات", "منشورًا")
        return self.s["post_count_one"] if n == 1 else self.s["posts_count"].format(n=f"{n:,}")

    def platform(self, platform: str) -> str:
        return self.ltr(self.data.platform_names.get(platform, platform))

    # --- drawing primitives -----------------------------------------------------------------------

    def x(self, offset: float, width: float, *, left: float = MARGIN, span: float = CONTENT_W) -> float:
        """The page x of a box `offset` from the start side of [left, left + span]: from the left in
        English, from the right in Arabic (the layout mirrors)."""
        return left + offset if not self.rtl else left + span - offset - width

    def align(self, where: str) -> str:
        if where == "center":
            return "C"
        start = where == "start"
        return "L" if start != self.rtl else "R"

    def text(  # noqa: PLR0917 - one drawing call, every property of it
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        size: float = 9,
        *,
        bold: bool = False,
        color: Color = INK,
        align: str = "start",
        written: bool = False,
    ) -> None:
        """One line of text in the box. `written`: text a person wrote (a post, a name), laid out in
        its own direction (detected), whatever the report's language."""
        pdf = self.pdf
        pdf.set_font(self.family, "B" if bold else "", size)
        pdf.set_text_color(*color)
        if written:
            pdf.set_text_shaping(True)
        else:
            pdf.set_text_shaping(True, direction="rtl" if self.rtl else "ltr")
        pdf.set_xy(x, y)
        with self.actual_text(text):
            pdf.cell(w, h, text, align=self.align(align), new_x=XPos.RIGHT, new_y=YPos.TOP)

    @contextmanager
    def actual_text(self, text: str) -> Iterator[None]:
        """Mark the drawn text with what it says, in logical order (PDF 14.9.4 ActualText): readers
        that copy or extract text take it instead of guessing from the shaped glyphs."""
        if not self.marks:
            yield
            return
        spoken = text.replace(LRM, "").replace(RLM, "")
        encoded = ("\ufeff" + spoken).encode("utf-16-be").hex().upper()
        self.pdf._out(f"/Span <</ActualText <{encoded}>>> BDC")
        yield
        self.pdf._out("EMC")

    def fit(self, text: str, width: float, size: float, *, bold: bool = False) -> str:
        """The text cut (with an ellipsis) to fit `width`."""
        pdf = self.pdf
        pdf.set_font(self.family, "B" if bold else "", size)
        pdf.set_text_shaping(True)
        if pdf.get_string_width(text) <= width:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if pdf.get_string_width(text[:middle].rstrip() + "…") <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    def paragraph(self, text: str, size: float = 8, color: Color = MUTED, line: float = 4.2) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, "", size)
        pdf.set_text_color(*color)
        pdf.set_text_shaping(True, direction="rtl" if self.rtl else "ltr")
        pdf.set_xy(MARGIN, self.y)
        pdf.multi_cell(CONTENT_W, line, text, align=self.align("start"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.y = pdf.get_y()

    def fill(self, color: Color) -> None:
        self.pdf.set_fill_color(*color)

    def stroke(self, color: Color, width: float = 0.2) -> None:
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(width)

    def need(self, height: float) -> None:
        if self.y + height > BOTTOM:
            self.pdf.add_page()
            self.y = MARGIN

    def heading(self, title: str, note: str | None = None) -> None:
        self.need(16)
        self.text(MARGIN, self.y, CONTENT_W, 7, title, 12.5, bold=True)
        self.y += 7.5
        if note:
            self.text(MARGIN, self.y, CONTENT_W, 4.5, note, 8, color=MUTED)
            self.y += 5
        self.y += 1

    # --- the report -------------------------------------------------------------------------------

    def build(self) -> bytes:
        self.pdf.add_page()
        self.header()
        self.totals()
        self.metrics_table()
        self.followers_chart()
        self.engagement_chart()
        self.posts_chart()
        self.top_posts()
        self.best_times()
        self.about()
        return bytes(self.pdf.output())

    def header(self) -> None:
        data, s = self.data, self.s
        span, before = data.summary.period, data.summary.previous
        self.text(MARGIN, self.y, CONTENT_W, 5, "clickKloudy", 9, bold=True, color=ACCENT)
        self.y += 6
        self.text(MARGIN, self.y, CONTENT_W, 10, s["title"], 20, bold=True)
        self.y += 11
        self.text(
            MARGIN, self.y, CONTENT_W, 6, printable(data.workspace_name), 12, written=True, align="start"
        )
        self.y += 8
        period = s["period"].format(
            first=self.day(span.first), last=self.day(span.last), days=self.days(span.length)
        )
        self.text(MARGIN, self.y, CONTENT_W, 5.5, period, 10.5, bold=True)
        self.y += 6
        previous = s["previous"].format(
            count=self.days(before.length), first=self.day(before.first), last=self.day(before.last)
        )
        self.text(MARGIN, self.y, CONTENT_W, 4.5, previous, 8.5, color=MUTED)
        self.y += 5
        self.text(
            MARGIN,
            self.y,
            CONTENT_W,
            4.5,
            s["zone"].format(zone=self.ltr(data.summary.zone)),
            8.5,
            color=MUTED,
        )
        self.y += 5
        as_of = data.summary.stamp.as_of
        generated = (
            s["generated"].format(when=self.moment(data.generated_at), as_of=self.moment(as_of))
            if as_of
            else s["generated_nothing"].format(when=self.moment(data.generated_at))
        )
        self.text(MARGIN, self.y, CONTENT_W, 4.5, generated, 8.5, color=MUTED)
        self.y += 5
        for line in self.scope():
            self.text(MARGIN, self.y, CONTENT_W, 4.5, line, 8.5, color=MUTED)
            self.y += 5
        self.y += 3

    def scope(self) -> list[str]:
        data, s = self.data, self.s
        lines = []
        separator = "، " if self.rtl else ", "
        if data.filters.accounts:
            names = separator.join(
                self.ltr(f"{self.data.platform_names.get(p, p)} {printable(h)}")
                for p, h in data.account_names
            )
            lines.append(self.fit(s["scope_accounts"].format(names=names), CONTENT_W, 8.5))
        if data.filters.platforms:
            names = separator.join(self.platform(p) for p in sorted(data.filters.platforms))
            lines.append(s["scope_platforms"].format(names=names))
        return lines or [s["scope_all"]]

    def change_line(self, figure: Figure, *, rate: bool = False) -> tuple[str, Color]:
        s = self.s
        if figure.value is None:
            return "", MUTED
        if figure.previous is None or figure.change is None:
            return s["previous_na"], MUTED
        if figure.change == 0:
            return s["no_change"], MUTED
        if rate:
            text = self.signed(figure.change * 100, f" {s['points']}" if not self.rtl else "", 2)
            if self.rtl:
                text = f"{text} {s['points']}"
        elif figure.change_percent is not None:
            text = self.signed(figure.change_percent, "%", 1)
        else:
            text = self.signed(figure.change)
        return s["vs_previous"].format(change=text), UP if figure.change > 0 else DOWN

    def totals(self) -> None:
        summary = self.summary
        self.heading(self.s["totals"])
        cards: list[tuple[str, Figure, Callable[[float | None], str], bool]] = [
            ("followers", summary.followers, self.number, False),
            ("followers_gained", summary.follower_change, self.number, False),
            ("posts", summary.posts, self.number, False),
            ("engagement_rate", summary.engagement_rate, self.percent, True),
            ("impressions", summary.metrics["impressions"], self.number, False),
            ("reach", summary.metrics["reach"], self.number, False),
            ("engagements", summary.engagements, self.number, False),
            ("clicks", summary.metrics["clicks"], self.number, False),
        ]
        gap, per_row, height = 4.0, 4, 21.0
        width = (CONTENT_W - gap * (per_row - 1)) / per_row
        for index, (key, figure, show, is_rate) in enumerate(cards):
            row, column = divmod(index, per_row)
            x = self.x(column * (width + gap), width)
            y = self.y + row * (height + gap)
            self.fill(CARD)
            self.pdf.rect(x, y, width, height, style="F")
            self.text(x + 3, y + 2.5, width - 6, 4.5, self.s[key], 8, color=MUTED)
            value = show(figure.value)
            self.text(x + 3, y + 8, width - 6, 7.5, value, 14 if figure.value is not None else 10, bold=True)
            change, color = self.change_line(figure, rate=is_rate)
            self.text(x + 3, y + 15, width - 6, 4.5, self.fit(change, width - 6, 7.5), 7.5, color=color)
        self.y += 2 * height + gap + 6

    @property
    def summary(self) -> Any:
        return self.data.summary

    def table(
        self, columns: Sequence[Column], rows: Sequence[Sequence[tuple[str, Color, bool]]], row_h: float = 6.5
    ) -> None:
        """A table whose columns run from the start side; each cell (text, colour, written)."""
        self.need(row_h * 2 + 2)
        self.header_row(columns, row_h)
        for index, row in enumerate(rows):
            if self.y + row_h > BOTTOM:
                self.pdf.add_page()
                self.y = MARGIN
                self.header_row(columns, row_h)
            if index % 2:
                self.fill(CARD)
                self.pdf.rect(MARGIN, self.y, CONTENT_W, row_h, style="F")
            offset = 0.0
            for column, (value, color, written) in zip(columns, row, strict=True):
                x = self.x(offset, column.width)
                self.text(
                    x + 1.2,
                    self.y,
                    column.width - 2.4,
                    row_h,
                    value,
                    8,
                    color=color,
                    align=column.align,
                    written=written,
                )
                offset += column.width
            self.y += row_h
        self.stroke(GRID)
        self.pdf.line(MARGIN, self.y, MARGIN + CONTENT_W, self.y)
        self.y += 5

    def header_row(self, columns: Sequence[Column], row_h: float) -> None:
        offset = 0.0
        for column in columns:
            x = self.x(offset, column.width)
            self.text(
                x + 1.2,
                self.y,
                column.width - 2.4,
                row_h,
                column.title,
                7.5,
                bold=True,
                color=MUTED,
                align=column.align,
            )
            offset += column.width
        self.stroke(GRID, 0.3)
        self.pdf.line(MARGIN, self.y + row_h, MARGIN + CONTENT_W, self.y + row_h)
        self.y += row_h

    def metrics_table(self) -> None:
        summary = self.summary
        self.heading(self.s["all_metrics"])
        columns = [
            Column(self.s["metric"], 52, "start"),
            Column(self.s["this_period"], 36, "end"),
            Column(self.s["previous_period"], 36, "end"),
            Column(self.s["change"], 56, "end"),
        ]
        rows = []
        figures: list[tuple[str, Figure]] = [(m, summary.metrics[m]) for m in POST_METRICS]
        figures.insert(0, ("posts", summary.posts))
        figures.append(("engagements", summary.engagements))
        for key, figure in figures:
            change, color = self.change_line(figure)
            if figure.value is None or figure.previous is None:
                change = self.s["na"]
            elif change == self.s["no_change"]:
                change = self.ltr("0")
            elif figure.change is not None:
                pct = (
                    ""
                    if figure.change_percent is None
                    else f" ({self.signed(figure.change_percent, '%', 1)})"
                )
                change = f"{self.signed(figure.change)}{pct}"
            rows.append(
                [
                    (self.s[key], INK, False),
                    (self.number(figure.value), INK if figure.value is not None else MUTED, False),
                    (self.number(figure.previous), INK if figure.previous is not None else MUTED, False),
                    (change, color, False),
                ]
            )
        self.table(columns, rows, row_h=5.6)

    # --- charts -----------------------------------------------------------------------------------

    def chart_title(self, title: str, note: str | None = None) -> None:
        self.text(MARGIN, self.y, CONTENT_W, 6, title, 11, bold=True)
        self.y += 6.5
        if note:
            self.text(MARGIN, self.y, CONTENT_W, 4.5, note, 8, color=MUTED)
            self.y += 5

    def empty_chart(self, height: float) -> None:
        self.stroke(GRID)
        self.pdf.rect(MARGIN, self.y, CONTENT_W, height)
        self.text(MARGIN, self.y, CONTENT_W, height, self.s["no_figures"], 9, color=MUTED, align="center")
        self.y += height + 6

    def y_axis(
        self, left: float, top: float, height: float, ticks: list[float], label: Callable[[float], str]
    ) -> Callable[[float], float]:
        """Grid lines and their labels (always on the left: the plot's time runs left to right)."""
        low, high = ticks[0], ticks[-1]

        def to_y(value: float) -> float:
            return top + height - (value - low) / (high - low) * height

        self.stroke(GRID)
        for tick in ticks:
            y = to_y(tick)
            self.pdf.line(left, y, MARGIN + CONTENT_W, y)
            self.pdf.set_text_shaping(True, direction="ltr")
            self.text(
                MARGIN,
                y - 2,
                left - MARGIN - 1.5,
                4,
                label(tick),
                7,
                color=MUTED,
                align="end" if not self.rtl else "start",
            )
        return to_y

    def x_labels(self, dates: Sequence[date], to_x: Callable[[int], float], y: float, most: int = 7) -> None:
        n = len(dates)
        if n == 0:
            return
        picks = sorted({round(k * (n - 1) / (most - 1)) for k in range(most)}) if n > most else range(n)
        for index in picks:
            x = to_x(index)
            self.text(x - 12, y, 24, 4, self.day(dates[index], year=False), 7, color=MUTED, align="center")

    def followers_chart(self) -> None:
        growth = self.data.followers
        title = self.s["followers_chart"] if growth.by == "day" else self.s["followers_by_week"]
        height = 56.0
        self.need(height + 8)
        self.chart_title(title)
        values = [p.followers for p in growth.total]
        known = [v for v in values if v is not None]
        if not known:
            self.empty_chart(height)
            return
        top, plot_h = self.y + 2, height - 10
        ticks = axis(min(known), max(known))
        left = MARGIN + 20
        to_y = self.y_axis(left, top, plot_h, ticks, lambda v: self.number(v).replace(LRM, ""))
        n = len(values)
        plot_w = MARGIN + CONTENT_W - left - 4

        def to_x(index: int) -> float:
            return left + 2 + (plot_w * index / (n - 1) if n > 1 else plot_w / 2)

        self.stroke(ACCENT, 0.6)
        previous: tuple[float, float] | None = None
        for index, value in enumerate(values):
            if value is None:
                previous = None
                continue
            point = (to_x(index), to_y(value))
            if previous is not None:
                self.pdf.line(*previous, *point)
            previous = point
        if n <= 45:
            self.fill(ACCENT)
            for index, value in enumerate(values):
                if value is not None:
                    self.pdf.circle(to_x(index), to_y(value), 0.7, style="F")
        self.x_labels([p.day for p in growth.total], to_x, top + plot_h + 1.5)
        self.y += height + 5

    def engagement_chart(self) -> None:
        platforms = self.summary.platforms
        row_h = 8.0
        height = max(1, len(platforms)) * row_h + 4
        self.need(height + 22)
        self.chart_title(self.s["engagement_chart"], self.s["engagement_note"])
        if not platforms:
            self.empty_chart(24)
            return
        label_w, value_w = 38.0, 44.0
        bar_span = CONTENT_W - label_w - value_w
        most = max((p.engagements or 0 for p in platforms), default=0) or 1
        for index, found in enumerate(platforms):
            y = self.y + index * row_h
            self.text(self.x(0, label_w), y, label_w - 2, row_h, self.platform(found.platform), 8.5)
            length = 0.0 if found.engagements is None else bar_span * found.engagements / most
            if length > 0:
                self.fill(self.colors.get(found.platform, ACCENT))
                self.pdf.rect(self.x(label_w, length), y + 1.5, length, row_h - 3, style="F")
            if found.engagements is None:
                value = self.s["na"]
            else:
                value = f"{self.number(found.engagements)} · {self.percent(found.engagement_rate)}"
            self.text(self.x(label_w + length + 2, value_w), y, value_w, row_h, value, 8, color=MUTED)
        self.stroke(GRID)
        axis_x = self.x(label_w, 0)
        self.pdf.line(axis_x, self.y, axis_x, self.y + len(platforms) * row_h)
        self.y += height + 4

    def posts_chart(self) -> None:
        days = self.summary.days
        height = 58.0
        self.need(height + 26)
        self.chart_title(self.s["posts_chart"])
        if not any(d.posts for d in days):
            self.empty_chart(height - 10)
            return
        top, plot_h = self.y + 2, height - 14
        ticks = axis(0, max(d.posts for d in days))
        left = MARGIN + 20
        to_y = self.y_axis(left, top, plot_h, ticks, lambda v: f"{int(v):,}")
        n = len(days)
        plot_w = MARGIN + CONTENT_W - left - 2
        slot = plot_w / n
        bar = max(slot * 0.7, 0.3)

        def to_x(index: int) -> float:
            return left + 1 + slot * index + slot / 2

        platforms = sorted({p for d in days for p in d.posts_by_platform})
        for index, found in enumerate(days):
            base = 0
            for platform in platforms:
                count = found.posts_by_platform.get(platform, 0)
                if not count:
                    continue
                self.fill(self.colors.get(platform, ACCENT))
                y_top, y_bottom = to_y(base + count), to_y(base)
                self.pdf.rect(to_x(index) - bar / 2, y_top, bar, y_bottom - y_top, style="F")
                base += count
        self.x_labels([d.day for d in days], to_x, top + plot_h + 1.5)
        self.legend(platforms, top + plot_h + 7)
        self.y += height + 5

    def legend(self, platforms: Sequence[str], y: float) -> None:
        offset = 0.0
        for platform in platforms:
            name = self.platform(platform)
            self.pdf.set_font(self.family, "", 8)
            width = self.pdf.get_string_width(name.replace(LRM, "")) + 9
            self.fill(self.colors.get(platform, ACCENT))
            self.pdf.rect(self.x(offset, 3), y + 0.75, 3, 3, style="F")
            self.text(self.x(offset + 4, width - 4), y, width - 4, 4.5, name, 8, color=MUTED)
            offset += width + 2

    # --- tables of posts and times ----------------------------------------------------------------

    def top_posts(self) -> None:
        ranking = self.data.top_posts
        self.need(40)
        self.heading(self.s["top_posts"])
        if not ranking.items:
            self.text(MARGIN, self.y, CONTENT_W, 6, self.s["no_posts"], 9, color=MUTED)
            self.y += 10
            return
        columns = [
            Column(self.s["rank"], 7, "start"),
            Column(self.s["post"], 57, "start"),
            Column(self.s["account"], 34, "start"),
            Column(self.s["published"], 22, "start"),
            Column(self.s["impressions"], 21, "end"),
            Column(self.s["engagements"], 21, "end"),
            Column(self.s["rate"], 18, "end"),
        ]
        zone = ZoneInfo(ranking.zone)
        rows = []
        for item in ranking.items:
            text = self.fit(printable(item.text) or "—", columns[1].width - 2.4, 8)
            platform = self.data.platform_names.get(item.platform, item.platform)
            account = f"{platform} · {printable(item.handle or '')}"
            rows.append(
                [
                    (self.ltr(str(item.rank)), MUTED, False),
                    (text, INK, True),
                    (self.fit(account, columns[2].width - 2.4, 8), MUTED, True),
                    (self.day(item.published_at.astimezone(zone).date()), MUTED, False),
                    (self.number(item.figures.get("impressions")), INK, False),
                    (self.number(item.engagements), INK, False),
                    (self.percent(item.engagement_rate), INK, False),
                ]
            )
        self.table(columns, rows, row_h=7)

    def best_times(self) -> None:
        found = self.data.best_times
        s = self.s
        self.need(30)
        self.heading(s["best_times"])
        note = s["best_note"].format(
            first=self.day(found.period.first),
            last=self.day(found.period.last),
            zone=self.ltr(found.zone),
            minimum=self.ltr(str(found.min_posts)),
        )
        self.paragraph(note)
        self.y += 2
        weekdays = WEEKDAYS_AR if self.rtl else WEEKDAYS_EN
        if not found.platforms:
            self.text(MARGIN, self.y, CONTENT_W, 6, s["no_figures"], 9, color=MUTED)
            self.y += 10
            return
        for grid in found.platforms:
            self.need(12)
            name = self.platform(grid.platform)
            if grid.best:
                separator = "، " if self.rtl else "; "
                cells = separator.join(
                    s["best_cell"].format(
                        weekday=weekdays[c.weekday],
                        hour=self.ltr(f"{c.hour:02d}:00"),
                        rate=self.percent(c.engagement_rate),
                        posts=self.posts_count(c.rated_posts),
                    )
                    for c in grid.best
                )
            else:
                cells = s["not_enough"]
            self.text(
                MARGIN,
                self.y,
                CONTENT_W,
                5.5,
                f"{name}: {cells}",
                8.5,
                bold=False,
                color=INK if grid.best else MUTED,
            )
            self.y += 6.5
        shown = [g for g in found.platforms if g.enough_data][:4]
        for grid in shown:
            self.heatmap(grid, weekdays)
        if shown:
            self.need(9)
            self.paragraph(s["heat_legend"], 7.5)
            self.y += 3

    def heatmap(self, grid: Any, weekdays: Sequence[str]) -> None:
        label_w, cell_h = 20.0, 5.0
        height = 7 * cell_h + 14
        self.need(height)
        self.text(MARGIN, self.y, CONTENT_W, 5.5, self.platform(grid.platform), 9.5, bold=True)
        self.y += 6.5
        # Hours run left to right in both languages; the weekday labels sit on the start side.
        left = MARGIN + (0 if self.rtl else label_w)
        cell_w = (CONTENT_W - label_w) / 24
        rates = [c.engagement_rate for c in grid.cells if c.engagement_rate is not None]
        low, high = (min(rates), max(rates)) if rates else (0.0, 0.0)
        best = {(c.weekday, c.hour) for c in grid.best}
        for hour in range(0, 24, 3):
            self.pdf.set_text_shaping(True, direction="ltr")
            self.text(
                left + hour * cell_w - 2,
                self.y,
                cell_w + 4,
                3.5,
                self.ltr(f"{hour:02d}"),
                6.5,
                color=MUTED,
                align="center",
            )
        top = self.y + 4
        for cell in grid.cells:
            x, y = left + cell.hour * cell_w, top + cell.weekday * cell_h
            if cell.engagement_rate is not None:
                share = 1.0 if high == low else (cell.engagement_rate - low) / (high - low)
                color = tuple(
                    round(a + (b - a) * (0.25 + 0.75 * share))
                    for a, b in zip(HEAT_LOW, HEAT_HIGH, strict=True)
                )
                self.fill(color)  # type: ignore[arg-type]
                self.pdf.rect(x, y, cell_w, cell_h, style="F")
            else:
                self.fill(NO_DATA if cell.posts else EMPTY)
                self.pdf.rect(x, y, cell_w, cell_h, style="F")
            self.stroke((255, 255, 255), 0.3)
            self.pdf.rect(x, y, cell_w, cell_h)
        self.stroke(INK, 0.5)
        for weekday, hour in best:
            self.pdf.rect(left + hour * cell_w, top + weekday * cell_h, cell_w, cell_h)
        for weekday, name in enumerate(weekdays):
            self.text(self.x(0, label_w), top + weekday * cell_h, label_w - 2, cell_h, name, 7, color=MUTED)
        self.y = top + 7 * cell_h + 5

    def about(self) -> None:
        self.need(40)
        self.heading(self.s["about"])
        self.paragraph(self.s["about_na"], 8)
        self.y += 1.5
        self.paragraph(self.s["definition"], 8)

    def footer(self) -> None:
        """Each page's foot (fpdf2 calls it as the page closes); {nb} becomes the page count."""
        pdf = self.pdf
        y = PAGE_H - 12
        self.stroke(GRID)
        pdf.line(MARGIN, y - 1.5, MARGIN + CONTENT_W, y - 1.5)
        name = f"clickKloudy · {printable(self.data.workspace_name)}"
        self.text(self.x(0, 120), y, 120, 5, self.fit(name, 118, 7.5), 7.5, color=MUTED, written=True)
        page = self.s["page"].format(n=self.ltr(str(pdf.page_no())), total=self.ltr(pdf.str_alias_nb_pages))
        self.text(self.x(CONTENT_W - 55, 55), y, 55, 5, page, 7.5, color=MUTED, align="end")


def render(data: ReportData, language: Language, *, actual_text: bool = True) -> bytes:
    """`actual_text=False` leaves the text unmarked, so tests can read the glyphs as they are laid out."""
    return Report(data, language, actual_text=actual_text).build()
