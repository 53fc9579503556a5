"""Bulk import and export of posts as CSV, for people who plan a month of posts in a spreadsheet.

Import reads a file into rows, checks every row with the same rules as creating one post (so a
row that passes here is a post the API would accept), reports row by row, and creates the good
ones with `posts.create_post`. Export streams the workspace's posts in the shape import reads
back: importing an export and exporting again gives the same file, apart from the ids.

Format (UTF-8, header row required; column names are case-insensitive). Export writes a UTF-8 BOM
first when asked (`bom=true`): Excel needs it to read Arabic, emoji and any non-Latin text as
UTF-8. Import accepts a file with or without one.

- `scheduled_at`: ISO 8601 with an offset, or a local wall time with `timezone`. Empty: a draft.
- `timezone`: IANA name (optional); the post's zone, and the zone of a local `scheduled_at`.
- `text`: the post's text.
- `accounts`: `|`-separated account ids or `platform:@handle` (e.g. `sandbox:@demo.brand`,
  `feed:@acme`), resolved within the workspace. Export names an account by its handle, or by its
  id when two accounts of the workspace share the handle.
- `media_ids`: `|`-separated ids of ready media of the workspace's library (optional).
- `account_texts`: a JSON object from account (as `accounts` names it) to that account's own text,
  e.g. `{"sandbox:@demo.brand": "Hello, sandbox"}`. Empty: every account gets `text`.
- `account_media_ids`: a JSON object from account to a list of media ids, that account's own media
  instead of `media_ids` (`[]`: none for that account).
- `account_options`: a JSON object from account to its platform options (title, privacy, ...).
  Each key of these three must be one of the row's `accounts` (else `invalid_account_texts`,
  `invalid_account_media_ids`, `invalid_account_options`, as for a value of the wrong shape).
- `series_id`, `recurrence`, `series_starts_at`: a recurring post. Export writes, on every
  occurrence of a series, its id, its RFC 5545 RRULE and its first occurrence (the rule's
  DTSTART, local time with offset). Rows with the same `series_id` (any label) are one series:
  the earliest row that can be imported creates a recurring post with the rule, and the series'
  later occurrences are made from the rule as for any recurring post, so the other rows are
  reported `skipped` (with a note when such a row differs from the one that makes them: that
  change is not imported). When `series_starts_at` is before that row, a COUNT in the rule counts
  only the occurrences left. A row with `recurrence` and no `series_id` is a recurring post of its
  own. A series that makes no more occurrences (stopped, or ended by a change from a later
  occurrence on) is exported with its `series_id` and no `recurrence`: its rows import as single
  posts.
- `media_url`: refused with `media_url_not_supported`: fetching URLs server-side would make the
  import a way to reach arbitrary hosts; upload the file through /media and use its id.
- `id`, `published_urls`: written by export, ignored by import.
- `status`: written by export. Import honours it only for safety: `draft` stays a draft, and a
  row that was published, failed, cancelled or is publishing is refused (`status_not_importable`)
  so re-importing an export never resurrects a cancelled post or sends one out twice. Empty,
  `scheduled` and `pending_approval` import normally (approval rules apply afresh, to the person
  importing).

Export lists posts by scheduled time, soonest first (posts at the same second in the order they
were created), then the drafts without a time, oldest first. A post's accounts are its targets,
by platform then handle, leaving out accounts it was cancelled for (unless it was cancelled for all).

Import report: one entry per row, `created` (with the post's id and status), `valid` (checked,
not created: a dry run, or another row failed in all_or_nothing), `skipped` (an occurrence of a
series another row creates, with a message) or `error` (every problem of the row, each with a
stable code and the column to fix).

Export writes cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first)
with a leading `'`; import removes exactly that prefix again, so an exported text round-trips.
The JSON cells start with `{`, so what they hold is never at the start of a cell.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from psycopg import AsyncConnection

from shared.bootstrap import Container
from shared.domain.errors import DomainError, InvalidInput, NotFound
from shared.domain.recurrence import occurrences, parse_rule
from shared.services import posts, recurrence
from shared.services.media import Media, get_ready_media
from shared.services.principals import WorkspaceAccess
from shared.services.workspaces import check_timezone

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
LIST_SEPARATOR = "|"
BOM = "\ufeff"

REQUIRED_COLUMNS = ("scheduled_at", "text", "accounts")
PER_ACCOUNT_COLUMNS = ("account_texts", "account_media_ids", "account_options")
SERIES_COLUMNS = ("series_id", "recurrence", "series_starts_at")
OPTIONAL_COLUMNS = ("timezone", "media_ids", "media_url", "status", *PER_ACCOUNT_COLUMNS, *SERIES_COLUMNS)
IGNORED_COLUMNS = ("id", "published_urls")
KNOWN_COLUMNS = frozenset(REQUIRED_COLUMNS + OPTIONAL_COLUMNS + IGNORED_COLUMNS)
EXPORT_COLUMNS = (
    "id",
    "status",
    "scheduled_at",
    "timezone",
    "text",
    "accounts",
    "media_ids",
    *PER_ACCOUNT_COLUMNS,
    *SERIES_COLUMNS,
    "published_urls",
)

# The statuses a post can show (migration 0006's CHECK); export filters on them.
POST_STATUSES = frozenset(
    {
        "draft",
        "pending_approval",
        "scheduled",
        "publishing",
        "published",
        "partially_published",
        "failed",
        "cancelled",
    }
)
# Export rows in these states describe something that went out or was called off: importing them
# again would post twice or revive it, so the person has to clear `status` to mean it.
NOT_IMPORTABLE_STATUSES = POST_STATUSES - {"draft", "pending_approval", "scheduled"}

# OWASP's list of characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"

_ACCOUNT_REF = re.compile(r"^(?P<platform>[a-z][a-z0-9_]*):@?(?P<handle>[^\s|@]{1,100})$", re.IGNORECASE)

# Which column to point at for each rule the post service enforces.
FIELD_FOR_CODE = {
    "schedule_required": "scheduled_at",
    "scheduled_in_past": "scheduled_at",
    "scheduled_too_far": "scheduled_at",
    "nonexistent_local_time": "scheduled_at",
    "ambiguous_local_time": "scheduled_at",
    "timezone_mismatch": "scheduled_at",
    "timezone_required": "timezone",
    "invalid_timezone": "timezone",
    "invalid_recurrence": "recurrence",
    "recurrence_needs_start": "recurrence",
    "invalid_target_count": "accounts",
    "duplicate_target": "accounts",
    "account_not_found": "accounts",
    "account_needs_reauth": "accounts",
    "platform_unavailable": "accounts",
    "unknown_platform": "accounts",
    "text_too_long": "text",
    "empty_post": "text",
    "too_many_media": "media_ids",
    "media_kind_not_supported": "media_ids",
    "media_too_large": "media_ids",
    "video_too_long": "media_ids",
    "media_not_found": "media_ids",
}

# Every code a row of the report can carry, for the API's documentation.
ROW_ERROR_CODES = (
    "too_many_cells",
    "status_not_importable",
    "media_url_not_supported",
    "invalid_datetime",
    "invalid_account_ref",
    "accounts_required",
    "account_ambiguous",
    "invalid_media_id",
    *(f"invalid_{column}" for column in PER_ACCOUNT_COLUMNS),
    "series_mismatch",
    *FIELD_FOR_CODE,
    "series_not_created",
    "not_created",
    "not_saved",
)


class ImportMode(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"
    BEST_EFFORT = "best_effort"


RowStatus = Literal["created", "valid", "skipped", "error"]
T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    code: str
    message: str
    field: str | None = None


@dataclass(frozen=True)
class AccountRef:
    """An account as the file names it: by id, or by platform and handle (stored lowercase, no @)."""

    raw: str
    account_id: UUID | None = None
    platform: str | None = None
    handle: str | None = None

    def same(self, other: AccountRef) -> bool:
        """Whether two spellings name the same account (`sandbox:@Demo` and `sandbox:demo` do)."""
        return (self.account_id, self.platform, self.handle) == (
            other.account_id,
            other.platform,
            other.handle,
        )


@dataclass(frozen=True)
class ParsedRow:
    row: int  # the spreadsheet's row number: the header is row 1
    text: str = ""
    scheduled_at: datetime | None = None
    timezone: str | None = None
    accounts: tuple[AccountRef, ...] = ()
    media_ids: tuple[UUID, ...] = ()
    draft: bool = False
    errors: tuple[RowError, ...] = ()
    account_texts: tuple[tuple[AccountRef, str], ...] = ()
    account_media: tuple[tuple[AccountRef, tuple[UUID, ...]], ...] = ()
    account_options: tuple[tuple[AccountRef, dict[str, Any]], ...] = ()
    series: str | None = None  # the file's label for the series this row is an occurrence of
    recurrence: str | None = None
    series_starts_at: datetime | None = None

    @property
    def all_media_ids(self) -> list[UUID]:
        return [*self.media_ids, *(m for _, ids in self.account_media for m in ids)]


@dataclass
class RowReport:
    row: int
    status: RowStatus
    post_id: UUID | None = None
    post_status: str | None = None
    errors: list[RowError] = field(default_factory=list)
    message: str | None = None  # why a row was skipped

    def skip(self, message: str) -> None:
        self.status, self.errors, self.message = "skipped", [], message

    def fail(self, *errors: RowError) -> None:
        self.status, self.errors, self.message = "error", list(errors), None


@dataclass(frozen=True)
class ImportReport:
    rows: list[RowReport]
    mode: ImportMode
    dry_run: bool

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.status == "created")

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.rows if r.status == "skipped")

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.status == "error")


# --- reading the file (pure) ----------------------------------------------------------------------


def unescape_cell(value: str) -> str:
    """Undo export's formula escaping, so `'=SUM(1)` exported from a text `=SUM(1)` comes back as it was.

    The cost: a cell a person really starts with an apostrophe followed by one of those characters
    loses the apostrophe. That shape is rare in posts, and round trips must be exact.
    """
    if len(value) >= 2 and value[0] == ESCAPE and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


def escape_cell(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return ESCAPE + value if value.startswith(FORMULA_PREFIXES) else value


def decode(data: bytes) -> str:
    if not data.strip():
        raise InvalidInput("The file is empty.", code="empty_file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"The file is not UTF-8 (first bad byte on line {line}); save it as CSV UTF-8.",
            code="invalid_encoding",
            details={"line": line},
        ) from exc


def read_header(cells: Sequence[str]) -> list[str]:
    """Column names, checked before any row so a typo is one clear error, not a thousand."""
    names = [unescape_cell(c).strip().lower() for c in cells]
    duplicates = sorted({n for n in names if names.count(n) > 1 and n})
    if duplicates:
        raise InvalidInput(
            f"Columns appear twice: {', '.join(duplicates)}.",
            code="duplicate_column",
            details={"columns": duplicates},
        )
    unknown = [n for n in names if n and n not in KNOWN_COLUMNS]
    if unknown:
        raise InvalidInput(
            f"Unknown columns: {', '.join(unknown)}. Known: {', '.join(sorted(KNOWN_COLUMNS))}.",
            code="unknown_column",
            details={"columns": unknown},
        )
    missing = [n for n in REQUIRED_COLUMNS if n not in names]
    if missing:
        raise InvalidInput(
            f"Missing columns: {', '.join(missing)}.", code="missing_column", details={"columns": missing}
        )
    return names


def parse_account_ref(raw: str) -> AccountRef | RowError:
    try:
        return AccountRef(raw, account_id=UUID(raw))
    except ValueError:
        pass
    match = _ACCOUNT_REF.match(raw.strip())
    if match is None:
        return RowError(
            "invalid_account_ref",
            f"{raw[:100]!r} is neither an account id nor platform:@handle (e.g. sandbox:@demo.brand).",
            "accounts",
        )
    return AccountRef(raw, platform=match["platform"].lower(), handle=match["handle"].lower())


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def _parse_datetime(value: str, column: str = "scheduled_at") -> datetime | RowError:
    # A date alone would silently mean midnight; a post's time is too important to guess.
    if "T" not in value.upper() and " " not in value:
        return RowError(
            "invalid_datetime", f"{value[:64]!r} has no time; write e.g. 2030-03-10T09:00.", column
        )
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return RowError(
            "invalid_datetime",
            f"{value[:64]!r} is not an ISO 8601 date and time (e.g. 2030-03-10T09:00:00+01:00).",
            column,
        )


def _cell_errors(cells: dict[str, str], extra: list[str]) -> list[RowError]:
    """Problems of the cells that only refuse: stray cells, a finished post, media by URL."""
    errors: list[RowError] = []
    if any(c.strip() for c in extra):
        errors.append(RowError("too_many_cells", f"This row has {len(extra)} more cells than the header."))
    status = cells.get("status", "").strip().lower()
    if status in NOT_IMPORTABLE_STATUSES:
        errors.append(
            RowError(
                "status_not_importable",
                f"This row's post is {status}; importing it would post it again. Clear status to mean it.",
                "status",
            )
        )
    if cells.get("media_url", "").strip():
        errors.append(
            RowError(
                "media_url_not_supported",
                "Media by URL is not imported: upload the file to the media library "
                "(POST /workspaces/{ws}/media) and put its id in media_ids.",
                "media_url",
            )
        )
    return errors


def _timezone(cells: dict[str, str], errors: list[RowError]) -> str | None:
    timezone = cells.get("timezone", "").strip() or None
    if timezone is not None:
        # Checked here too: with an offset in scheduled_at the post service never looks at the zone,
        # yet it is stored as the post's zone and later drives its calendar day and recurrences.
        try:
            check_timezone(timezone)
        except InvalidInput as exc:
            errors.append(RowError(exc.code, exc.message, "timezone"))
    return timezone


def _accounts(cells: dict[str, str], errors: list[RowError]) -> tuple[AccountRef, ...]:
    accounts: list[AccountRef] = []
    for raw in _split(cells.get("accounts", "")):
        ref = parse_account_ref(raw)
        if isinstance(ref, RowError):
            errors.append(ref)
        else:
            accounts.append(ref)
    if not accounts and not any(e.field == "accounts" for e in errors):
        errors.append(RowError("accounts_required", "Name at least one account.", "accounts"))
    return tuple(accounts)


def _media_ids(cells: dict[str, str], errors: list[RowError]) -> tuple[UUID, ...]:
    media_ids: list[UUID] = []
    for raw in _split(cells.get("media_ids", "")):
        try:
            media_ids.append(UUID(raw))
        except ValueError:
            errors.append(RowError("invalid_media_id", f"{raw[:64]!r} is not a media id.", "media_ids"))
    return tuple(dict.fromkeys(media_ids))


def _text_value(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _media_value(value: Any) -> tuple[UUID, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    try:
        return tuple(dict.fromkeys(UUID(v) for v in value))
    except ValueError:
        return None


def _options_value(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


# What each per-account column holds for each account: (reader, what a person should write).
_PER_ACCOUNT_SHAPES: dict[str, tuple[Callable[[Any], Any], str]] = {
    "account_texts": (_text_value, 'a text, e.g. {"sandbox:@demo.brand": "Hello"}'),
    "account_media_ids": (_media_value, 'a list of media ids, e.g. {"sandbox:@demo.brand": ["<media id>"]}'),
    "account_options": (_options_value, 'an object of options, e.g. {"youtube:@brand": {"title": "Hi"}}'),
}


def _per_account(
    cells: dict[str, str], column: str, errors: list[RowError]
) -> tuple[tuple[AccountRef, Any], ...]:
    """A JSON object from account to value: every key an account reference, every value of the
    column's shape. Whether the accounts are the row's is checked with the workspace's accounts."""
    raw = cells.get(column, "").strip()
    if not raw:
        return ()
    reader, shape = _PER_ACCOUNT_SHAPES[column]
    code = f"invalid_{column}"
    try:
        found = json.loads(raw)
    except ValueError:
        found = None
    if not isinstance(found, dict):
        errors.append(RowError(code, f"{column} is a JSON object from account to {shape}.", column))
        return ()
    pairs: list[tuple[AccountRef, Any]] = []
    for key, value in found.items():
        ref = parse_account_ref(key)
        if isinstance(ref, RowError):
            errors.append(RowError(code, f"{column}: {ref.message}", column))
            continue
        parsed = reader(value)
        if parsed is None:
            errors.append(RowError(code, f"{column}: the value for {key[:100]} is not {shape}.", column))
            continue
        pairs.append((ref, parsed))
    return tuple(pairs)


def _series(cells: dict[str, str], errors: list[RowError]) -> tuple[str | None, str | None, datetime | None]:
    series = cells.get("series_id", "").strip() or None
    rule = cells.get("recurrence", "").strip() or None
    starts_at: datetime | None = None
    if raw := cells.get("series_starts_at", "").strip():
        parsed = _parse_datetime(raw, "series_starts_at")
        if isinstance(parsed, RowError):
            errors.append(parsed)
        else:
            starts_at = parsed
    return series, rule, starts_at


def parse_row(number: int, cells: dict[str, str], extra: list[str]) -> ParsedRow:
    """One row into what a post needs, with every problem found in its cells at once."""
    errors = _cell_errors(cells, extra)
    scheduled_at: datetime | None = None
    if raw_time := cells.get("scheduled_at", "").strip():
        parsed_time = _parse_datetime(raw_time)
        if isinstance(parsed_time, RowError):
            errors.append(parsed_time)
        else:
            scheduled_at = parsed_time
    timezone = _timezone(cells, errors)
    accounts = _accounts(cells, errors)
    media_ids = _media_ids(cells, errors)
    texts, media, options = (_per_account(cells, column, errors) for column in PER_ACCOUNT_COLUMNS)
    series, rule, starts_at = _series(cells, errors)
    return ParsedRow(
        row=number,
        text=cells.get("text", ""),
        scheduled_at=scheduled_at,
        timezone=timezone,
        accounts=accounts,
        media_ids=media_ids,
        draft=cells.get("status", "").strip().lower() == "draft" or scheduled_at is None,
        errors=tuple(errors),
        account_texts=texts,
        account_media=media,
        account_options=options,
        series=series,
        recurrence=rule,
        series_starts_at=starts_at,
    )


def join_series(rows: list[ParsedRow]) -> list[ParsedRow]:
    """Rows of one `series_id` share its rule and first occurrence: a row that leaves them empty
    takes the others'; rows that disagree are refused (`series_mismatch`), as nobody could say
    which rule was meant."""
    groups: dict[str, list[ParsedRow]] = {}
    for row in rows:
        if row.series is not None:
            groups.setdefault(row.series, []).append(row)
    joined: dict[int, ParsedRow] = {}
    for key, members in groups.items():
        rules = {r.recurrence for r in members if r.recurrence is not None}
        starts = {r.series_starts_at for r in members if r.series_starts_at is not None}
        problem = None
        if len(rules) > 1:
            problem = RowError(
                "series_mismatch",
                f"The rows of series {key[:100]} give different recurrence rules; give them all the same.",
                "recurrence",
            )
        elif len(starts) > 1:
            problem = RowError(
                "series_mismatch",
                f"The rows of series {key[:100]} give different series_starts_at; give them all the same.",
                "series_starts_at",
            )
        for row in members:
            joined[row.row] = (
                replace(row, errors=(*row.errors, problem))
                if problem is not None
                else replace(
                    row, recurrence=next(iter(rules), None), series_starts_at=next(iter(starts), None)
                )
            )
    return [joined.get(r.row, r) for r in rows]


def parse_csv(data: bytes) -> list[ParsedRow]:
    """Rows of a file, or InvalidInput for a file that cannot be read as a whole.

    Rows are numbered as a spreadsheet shows them (a cell with line breaks is still one row), and
    rows with no content are skipped: spreadsheets often save trailing `,,,` lines.
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = read_header(next(reader, []))
        rows: list[ParsedRow] = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(rows) == MAX_ROWS:
                raise InvalidInput(
                    f"A file holds at most {MAX_ROWS} rows; split it.",
                    code="too_many_rows",
                    details={"max_rows": MAX_ROWS},
                )
            values = [unescape_cell(c) for c in cells]
            named = {name: value for name, value in zip(header, values, strict=False) if name}
            rows.append(parse_row(number, named, values[len(header) :]))
    except csv.Error as exc:
        raise InvalidInput(
            f"The file is not valid CSV near line {reader.line_num}: {exc}.",
            code="invalid_csv",
            details={"line": reader.line_num},
        ) from exc
    if not rows:
        raise InvalidInput("The file has a header but no rows.", code="empty_file")
    return join_series(rows)


# --- accounts of the workspace --------------------------------------------------------------------


@dataclass(frozen=True)
class AccountDirectory:
    """The workspace's accounts, by id and by handle, loaded once for a whole file."""

    known: dict[UUID, tuple[str, str]]  # id → (platform, status), the shape posts.check_targets reads
    by_handle: dict[tuple[str, str], list[UUID]]  # (platform, lowercase handle) → ids
    handles: dict[UUID, str]

    @classmethod
    def of(cls, rows: Sequence[tuple[UUID, str, str, str]]) -> AccountDirectory:
        """From (id, platform, handle, status) rows."""
        by_handle: dict[tuple[str, str], list[UUID]] = {}
        for account_id, platform, handle, _ in rows:
            by_handle.setdefault((platform, handle.lower()), []).append(account_id)
        return cls({r[0]: (r[1], r[3]) for r in rows}, by_handle, {r[0]: r[2].lower() for r in rows})

    def resolve(self, ref: AccountRef) -> UUID | RowError:
        if ref.account_id is not None:
            found = [ref.account_id] if ref.account_id in self.known else []
        else:
            assert ref.platform is not None
            assert ref.handle is not None
            found = self.by_handle.get((ref.platform, ref.handle), [])
        if not found:
            return RowError("account_not_found", f"No account {ref.raw} in this workspace.", "accounts")
        if len(found) > 1:
            return RowError(
                "account_ambiguous",
                f"Several accounts of this workspace are {ref.raw}; use the account id instead.",
                "accounts",
            )
        return found[0]

    def label(self, account_id: UUID) -> str:
        """How export names an account: its readable handle, or its id when the handle is ambiguous."""
        found = self.known.get(account_id)
        handle = self.handles.get(account_id, "")
        if found is None or not handle or len(self.by_handle[(found[0], handle)]) != 1:
            return str(account_id)
        return f"{found[0]}:@{handle}"


async def _directory(conn: AsyncConnection, workspace_id: UUID) -> AccountDirectory:
    cursor = await conn.execute(
        "SELECT id, platform, handle, status FROM social_accounts WHERE workspace_id = %s", (workspace_id,)
    )
    return AccountDirectory.of(await cursor.fetchall())


async def _ready_media(conn: AsyncConnection, workspace_id: UUID, ids: list[UUID]) -> dict[UUID, Media]:
    """Every ready media of this list, through the same lookup create_post uses: it names what it
    misses, so a second call with the rest finds those (one query per file, not per row)."""
    wanted = list(dict.fromkeys(ids))
    while wanted:
        try:
            return {m.id: m for m in await get_ready_media(conn, workspace_id, wanted)}
        except NotFound as exc:
            missing = set((exc.details or {}).get("missing", []))
            if not missing:
                raise
            wanted = [i for i in wanted if str(i) not in missing]
    return {}


# --- validating -------------------------------------------------------------------------------------


def _target_field(code: str, account_id: UUID, body: posts.PostInput | None) -> str:
    """The column of an account's problem: its own text or media when it has them."""
    column = FIELD_FOR_CODE.get(code, "accounts")
    target = next((t for t in body.targets if t.account_id == account_id), None) if body else None
    if target is not None and column == "text" and target.text is not None:
        return "account_texts"
    if target is not None and column == "media_ids" and target.media_ids is not None:
        return "account_media_ids"
    return column


def row_errors(
    exc: DomainError, directory: AccountDirectory, body: posts.PostInput | None = None
) -> list[RowError]:
    """A post-service error as row errors, each pointing at the column to fix.

    `invalid_targets` lists problems per account id; they are named as the file names accounts.
    """
    targets = exc.details.get("targets") if isinstance(exc.details, dict) else None
    if exc.code == "invalid_targets" and isinstance(targets, dict):
        return [
            RowError(
                problem["code"],
                f"{directory.label(UUID(account_id))}: {problem['message']}",
                _target_field(problem["code"], UUID(account_id), body),
            )
            for account_id, problems in targets.items()
            for problem in problems
        ]
    return [RowError(exc.code, exc.message, FIELD_FOR_CODE.get(exc.code))]


@dataclass(frozen=True)
class ImportContext:
    """What every row of one file is checked against, read once for the file."""

    container: Container
    directory: AccountDirectory
    media: dict[UUID, Media]
    now: datetime
    default_zone: str = "UTC"


@dataclass
class _RowAccounts:
    """A row's accounts resolved in the workspace, and its per-account cells checked against them."""

    row: ParsedRow
    directory: AccountDirectory
    errors: list[RowError]
    ids: list[UUID] = field(default_factory=list)

    def resolve(self) -> list[UUID]:
        for ref in self.row.accounts:
            resolved = self.directory.resolve(ref)
            if isinstance(resolved, RowError):
                self.errors.append(resolved)
            elif resolved in self.ids:
                self.errors.append(
                    RowError("duplicate_target", f"{ref.raw} appears more than once.", "accounts")
                )
            else:
                self.ids.append(resolved)
        if len(self.ids) > posts.MAX_TARGETS:
            self.errors.append(
                RowError("invalid_target_count", f"Choose 1 to {posts.MAX_TARGETS} accounts.", "accounts")
            )
        return self.ids

    def overrides(self, column: str, pairs: Sequence[tuple[AccountRef, T]]) -> dict[UUID, T]:
        """A per-account column by account id; each key must be one of the row's accounts."""
        found: dict[UUID, T] = {}
        for ref, value in pairs:
            resolved = self.directory.resolve(ref)
            if isinstance(resolved, RowError) and any(ref.same(a) for a in self.row.accounts):
                continue  # `accounts` already says what is wrong with it
            if isinstance(resolved, RowError) or resolved not in self.ids:
                message = f"{column} names {ref.raw[:100]}, which is not one of this row's accounts."
            elif resolved in found:
                message = f"{column} names {ref.raw[:100]} twice."
            else:
                found[resolved] = value
                continue
            self.errors.append(RowError(f"invalid_{column}", message, column))
        return found


def _missing_media(row: ParsedRow, media: dict[UUID, Media]) -> list[RowError]:
    errors = []
    for column, ids in (
        ("media_ids", row.media_ids),
        ("account_media_ids", row.all_media_ids[len(row.media_ids) :]),
    ):
        missing = list(dict.fromkeys(str(m) for m in ids if m not in media))
        if missing:
            errors.append(
                RowError(
                    "media_not_found",
                    f"No ready media with id {', '.join(missing)} in this workspace.",
                    column,
                )
            )
    return errors


def _found_media_only(body: posts.PostInput, media: dict[UUID, Media]) -> posts.PostInput:
    """The post without media already reported missing, so its other problems show in the same pass."""
    return replace(
        body,
        media_ids=[m for m in body.media_ids if m in media],
        targets=[
            replace(t, media_ids=None if t.media_ids is None else [m for m in t.media_ids if m in media])
            for t in body.targets
        ],
    )


def validate_row(row: ParsedRow, context: ImportContext) -> tuple[posts.PostInput | None, list[RowError]]:
    """The checks create_post makes before saving, without saving.

    Uses the post service's `schedule_instant` and `check_recurrence` (schedule rules: past, too
    far, DST gap, zone, rule) and `check_targets` (per-platform text and media rules, account
    state) so there is one rule set. The target count and duplicate checks are the two lines
    create_post runs before them.
    """
    errors = list(row.errors)
    directory = context.directory
    accounts = _RowAccounts(row, directory, errors)
    account_ids = accounts.resolve()
    texts = accounts.overrides("account_texts", row.account_texts)
    media = accounts.overrides("account_media_ids", row.account_media)
    options = accounts.overrides("account_options", row.account_options)
    errors.extend(_missing_media(row, context.media))
    body = posts.PostInput(
        text=row.text,
        targets=[
            posts.TargetInput(
                a,
                text=texts.get(a),
                options=dict(options.get(a, {})),
                media_ids=list(media[a]) if a in media else None,
            )
            for a in account_ids
        ],
        media_ids=list(row.media_ids),
        scheduled_at=row.scheduled_at,
        timezone=row.timezone,
        draft=row.draft,
        recurrence=row.recurrence,
    )
    if not any(e.field in ("scheduled_at", "timezone") for e in errors):  # else said once already
        try:
            when = posts.schedule_instant(body, context.now, default_zone=context.default_zone)
            posts.check_recurrence(body, when, body.timezone or context.default_zone)
        except InvalidInput as exc:
            errors.extend(row_errors(exc, directory))
    if account_ids:
        try:
            posts.check_targets(  # private, as above
                context.container, _found_media_only(body, context.media), directory.known, context.media
            )
        except DomainError as exc:
            errors.extend(row_errors(exc, directory, body))
    return (None, errors) if errors else (body, [])


# --- series -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPlan:
    """How one recurring series of a file is imported: one row makes it, the others are its occurrences."""

    leader: int  # the row whose post repeats
    rule: str  # the rule it repeats by, from its own time on
    followers: dict[int, str]  # row → why it is skipped


def _aware(value: datetime, zone: str) -> datetime:
    if value.tzinfo is not None:
        return value
    try:
        return value.replace(tzinfo=ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return value.replace(tzinfo=UTC)


_NEVER = datetime.max.replace(tzinfo=UTC)


def _order(row: ParsedRow, default_zone: str) -> tuple[datetime, int]:
    """Earliest first, drafts without a time last: the order a series' occurrences come in."""
    if row.scheduled_at is None:
        return _NEVER, row.row
    return _aware(row.scheduled_at, row.timezone or default_zone), row.row


def rule_from(rule: str, *, first: datetime, starts_at: datetime | None, zone: str) -> str:
    """The rule of a series whose first imported occurrence is `first`, when the series began at
    `starts_at`: a COUNT counts only the occurrences left (recurrence.remaining, as when a series
    is re-anchored at a later occurrence)."""
    if starts_at is None:
        return rule
    starts_at = _aware(starts_at, zone)
    if starts_at >= first or "COUNT=" not in rule.upper():
        return rule
    before = occurrences(
        parse_rule(rule, starts_at, zone),
        zone,
        after=starts_at - timedelta(microseconds=1),
        until=first - timedelta(microseconds=1),
        limit=1_000_000,  # a rule with a COUNT ends by itself
    )
    return recurrence.remaining(rule, done=len(before))


def _is_occurrence(rule: str, first: datetime, zone: str, instant: datetime) -> bool:
    return bool(
        occurrences(
            parse_rule(rule, first, zone), zone, after=instant - timedelta(microseconds=1), until=instant
        )
    )


def _differences(leader: posts.PostInput, body: posts.PostInput) -> list[str]:
    differs = []
    if body.text != leader.text:
        differs.append("text")
    if body.media_ids != leader.media_ids:
        differs.append("media")
    if {t.account_id: t for t in body.targets} != {t.account_id: t for t in leader.targets}:
        differs.append("accounts or per-account content")
    if body.timezone != leader.timezone:
        differs.append("time zone")
    return differs


def _follower_message(series: str | int, leader: int, *, differs: list[str], on_rule: bool) -> str:
    message = f"An occurrence of series {series}, made from its rule by row {leader}'s post."
    if differs:
        what = " and ".join([", ".join(differs[:-1]), differs[-1]] if len(differs) > 1 else differs)
        message += (
            f" Its own {what} (not row {leader}'s) {'are' if len(differs) > 1 else 'is'} not imported: "
            "change that occurrence once it is made."
        )
    if not on_rule:
        message += (
            " The rule makes no occurrence at its time: add it as a post of its own if it is still wanted."
        )
    return message


def plan_series(
    rows: list[ParsedRow], bodies: dict[int, posts.PostInput], context: ImportContext
) -> list[SeriesPlan]:
    """Which row makes each recurring series of the file, and which rows are its occurrences.

    The earliest row of a series that passed the checks makes it; the rows after it are what its
    rule makes, so they are skipped rather than created a second time (a row that changed one
    occurrence says so). Rows before it failed the checks and keep their errors, as do finished
    ones (`status_not_importable`), wherever they are.
    """
    groups: dict[str | int, list[ParsedRow]] = {}
    for row in rows:
        if row.recurrence is not None:
            groups.setdefault(row.series if row.series is not None else row.row, []).append(row)
    plans = []
    for key, members in groups.items():
        ordered = sorted(members, key=lambda r: _order(r, context.default_zone))
        at = next((n for n, r in enumerate(ordered) if r.row in bodies), None)
        if at is None:
            continue
        leader = bodies[ordered[at].row]
        zone = leader.timezone or context.default_zone
        first = posts.schedule_instant(leader, context.now, default_zone=context.default_zone)
        assert first is not None  # check_recurrence passed: a recurring post has a time
        assert leader.recurrence is not None
        rule = rule_from(leader.recurrence, first=first, starts_at=ordered[at].series_starts_at, zone=zone)
        followers = {}
        for row in ordered[at + 1 :]:
            if any(e.code == "status_not_importable" for e in row.errors):
                continue
            instant = _order(row, context.default_zone)[0]
            followers[row.row] = _follower_message(
                key,
                ordered[at].row,
                differs=_differences(leader, bodies[row.row]) if row.row in bodies else [],
                on_rule=instant == _NEVER or _is_occurrence(rule, first, zone, instant),
            )
        plans.append(SeriesPlan(ordered[at].row, rule, followers))
    return plans


# --- importing --------------------------------------------------------------------------------------


async def import_posts(
    container: Container, access: WorkspaceAccess, data: bytes, *, mode: ImportMode, dry_run: bool
) -> ImportReport:
    """Validate every row, then create in file order (unless dry_run, or an all_or_nothing file has
    a bad row: then nothing is created).

    Each post is saved in its own transaction by create_post, so all_or_nothing is "all rows
    valid, then create" rather than one transaction: a row can still fail while saving (an account
    disconnected or a media deleted a moment ago). The import then stops; the report shows the rows
    created before it, the one that failed, and the rest as `not_created`, so the person can finish
    with the remaining rows. best_effort reports such a row and goes on.
    """
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"A file is at most {MAX_FILE_BYTES // (1024 * 1024)} MB.", code="file_too_large")
    rows = parse_csv(data)
    pool = await container.db()
    async with pool.connection() as conn:
        directory = await _directory(conn, access.workspace_id)
        _, default_zone = await posts.workspace_settings(conn, access.workspace_id)
        media = await _ready_media(conn, access.workspace_id, [m for r in rows for m in r.all_media_ids])
    context = ImportContext(container, directory, media, datetime.now(UTC), default_zone)
    reports: list[RowReport] = []
    bodies: dict[int, posts.PostInput] = {}
    for row in rows:
        body, errors = validate_row(row, context)
        reports.append(RowReport(row.row, "valid" if body is not None else "error", errors=errors))
        if body is not None:
            bodies[row.row] = body
    by_row = {r.row: r for r in reports}
    plans = plan_series(rows, bodies, context)
    for plan in plans:
        bodies[plan.leader] = replace(bodies[plan.leader], recurrence=plan.rule)
        for number, message in plan.followers.items():
            bodies.pop(number, None)
            by_row[number].skip(message)
    report = ImportReport(reports, mode, dry_run)
    if dry_run or (mode is ImportMode.ALL_OR_NOTHING and report.errors):
        return report
    await _create(container, access, reports=reports, bodies=bodies, directory=directory, mode=mode)
    for plan in plans:
        if by_row[plan.leader].status != "created":
            for number in plan.followers:
                by_row[number].fail(
                    RowError(
                        "series_not_created",
                        f"Not created: row {plan.leader}, whose recurring post makes this occurrence, "
                        "was not created.",
                    )
                )
    return report


async def _create(
    container: Container,
    access: WorkspaceAccess,
    *,
    reports: list[RowReport],
    bodies: dict[int, posts.PostInput],
    directory: AccountDirectory,
    mode: ImportMode,
) -> None:
    stopped_at: int | None = None
    for report in reports:
        body = bodies.get(report.row)
        if body is None:
            continue
        if stopped_at is not None:
            report.fail(
                RowError(
                    "not_created",
                    f"Not created: the import stopped at row {stopped_at}, which failed while saving; "
                    "the rows above marked created were.",
                )
            )
            continue
        try:
            created = await posts.create_post(container, access, body, source="csv_import")
        except DomainError as exc:
            report.fail(*row_errors(exc, directory, body))
            if mode is ImportMode.ALL_OR_NOTHING:
                stopped_at = report.row
            continue
        except Exception:
            # Unexpected (a bug, the database gone): the rows already created stay, so say which.
            log.exception("post import stopped", extra={"row": report.row})
            report.fail(RowError("not_saved", "An unexpected error stopped the import at this row."))
            stopped_at = report.row
            continue
        report.status = "created"
        report.post_id = created.id
        report.post_status = created.status


# --- export ---------------------------------------------------------------------------------------

EXPORT_BATCH = 500


@dataclass(frozen=True)
class ExportFilter:
    start: datetime | None = None  # scheduled at or after
    end: datetime | None = None  # scheduled before
    status: str | None = None

    def checked(self) -> ExportFilter:
        for name, value in (("from", self.start), ("to", self.end)):
            if value is not None and value.tzinfo is None:
                raise InvalidInput(f"Give {name} with a UTC offset.", code="timezone_required")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise InvalidInput("to must be after from.", code="invalid_range")
        if self.status is not None and self.status not in POST_STATUSES:
            raise InvalidInput(
                f"status is one of {', '.join(sorted(POST_STATUSES))}.",
                code="invalid_status",
                details={"allowed": sorted(POST_STATUSES)},
            )
        return self


@dataclass(frozen=True)
class ExportedTarget:
    account_id: UUID
    text: str | None = None  # this account's own text
    media_ids: list[UUID] | None = None  # this account's own media ([]: none)
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportedSeries:
    id: UUID
    rule: str | None  # None: the series makes no more occurrences (stopped, or ended by a split)
    starts_at: datetime
    timezone: str


@dataclass(frozen=True)
class ExportedPost:
    id: UUID
    status: str
    scheduled_at: datetime | None
    timezone: str
    text: str
    targets: list[ExportedTarget]
    media_ids: list[UUID]
    published_urls: list[str] = field(default_factory=list)
    series: ExportedSeries | None = None

    @classmethod
    def of(cls, post: posts.PostView, series: dict[UUID, ExportedSeries]) -> ExportedPost:
        # An account the post was cancelled for is not one it goes to; a cancelled post shows them all.
        targets = [t for t in post.targets if t.status != "cancelled"] or post.targets
        return cls(
            id=post.id,
            status=post.status,
            scheduled_at=post.scheduled_at,
            timezone=post.timezone,
            text=post.text,
            targets=[ExportedTarget(t.account_id, t.text, t.media_ids, t.options) for t in targets],
            media_ids=post.media_ids,
            published_urls=[
                t.external_url for t in post.targets if t.status == "published" and t.external_url is not None
            ],
            series=series.get(post.series_id) if post.series_id is not None else None,
        )


def local_time(instant: datetime, timezone: str) -> str:
    """The instant as the post's own wall time with its offset: readable, and exact on import."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return instant.astimezone(zone).isoformat(timespec="seconds")


def _json_cell(values: dict[str, Any]) -> str:
    # Not ASCII-escaped: Arabic and emoji stay readable in a spreadsheet.
    return json.dumps(values, ensure_ascii=False) if values else ""


def export_cells(post: ExportedPost, directory: AccountDirectory) -> list[str]:
    label = directory.label
    series = post.series
    rule = series.rule if series is not None else None
    cells = [
        str(post.id),
        post.status,
        local_time(post.scheduled_at, post.timezone) if post.scheduled_at else "",
        post.timezone,
        post.text,
        LIST_SEPARATOR.join(label(t.account_id) for t in post.targets),
        LIST_SEPARATOR.join(str(m) for m in post.media_ids),
        _json_cell({label(t.account_id): t.text for t in post.targets if t.text is not None}),
        _json_cell(
            {
                label(t.account_id): [str(m) for m in t.media_ids]
                for t in post.targets
                if t.media_ids is not None
            }
        ),
        _json_cell({label(t.account_id): t.options for t in post.targets if t.options}),
        str(series.id) if series is not None else "",
        rule or "",
        local_time(series.starts_at, series.timezone) if series is not None and rule else "",
        LIST_SEPARATOR.join(post.published_urls),
    ]
    return [escape_cell(c) for c in cells]


def _csv_lines(rows: Iterator[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


# Two keyset walks (never OFFSET): the scheduled posts by time, then the drafts without one. Posts
# at the same second follow creation order, which an import of the file keeps.
_SCHEDULED_PAGE = """
SELECT id, scheduled_at, created_at FROM posts
WHERE workspace_id = %(ws)s AND scheduled_at IS NOT NULL
  AND (%(status)s::text IS NULL OR status = %(status)s)
  AND (%(start)s::timestamptz IS NULL OR scheduled_at >= %(start)s)
  AND (%(end)s::timestamptz IS NULL OR scheduled_at < %(end)s)
  AND (%(after_id)s::uuid IS NULL
       OR (scheduled_at, created_at, id) > (%(after_at)s, %(after_created)s, %(after_id)s))
ORDER BY scheduled_at, created_at, id LIMIT %(limit)s
"""
_UNSCHEDULED_PAGE = """
SELECT id, scheduled_at, created_at FROM posts
WHERE workspace_id = %(ws)s AND scheduled_at IS NULL
  AND (%(status)s::text IS NULL OR status = %(status)s)
  AND (%(after_id)s::uuid IS NULL OR (created_at, id) > (%(after_created)s, %(after_id)s))
ORDER BY created_at, id LIMIT %(limit)s
"""


def export_posts(
    container: Container, access: WorkspaceAccess, wanted: ExportFilter, *, bom: bool = False
) -> AsyncIterator[str]:
    """CSV text in chunks, by scheduled time (drafts without one last), starting with a UTF-8 BOM
    when `bom` (Excel reads the file as UTF-8 only then).

    The filter is checked now, before the caller starts a response; the rows are then read in
    keyset pages, each on a connection returned to the pool before the chunk is handed out, so a
    slow download never holds a database connection.
    """
    wanted = wanted.checked()
    return _export_chunks(container, access.workspace_id, wanted, bom=bom)


async def _load_series(
    conn: AsyncConnection, workspace_id: UUID, ids: set[UUID], known: dict[UUID, ExportedSeries]
) -> None:
    if not ids:
        return
    cursor = await conn.execute(
        """SELECT id, CASE WHEN ended_at IS NULL AND ends_before IS NULL THEN rule END, starts_at, timezone
           FROM post_series WHERE workspace_id = %s AND id = ANY(%s)""",
        (workspace_id, list(ids)),
    )
    for series_id, rule, starts_at, timezone in await cursor.fetchall():
        known[series_id] = ExportedSeries(series_id, rule, starts_at, timezone)


async def _export_chunks(
    container: Container, workspace_id: UUID, wanted: ExportFilter, *, bom: bool
) -> AsyncIterator[str]:
    yield (BOM if bom else "") + _csv_lines(iter([list(EXPORT_COLUMNS)]))
    pool = await container.db()
    async with pool.connection() as conn:
        directory = await _directory(conn, workspace_id)
    series: dict[UUID, ExportedSeries] = {}
    walks = [_SCHEDULED_PAGE]
    if wanted.start is None and wanted.end is None:
        walks.append(_UNSCHEDULED_PAGE)
    for query in walks:
        params: dict[str, Any] = {
            "ws": workspace_id,
            "status": wanted.status,
            "start": wanted.start,
            "end": wanted.end,
            "after_at": None,
            "after_created": None,
            "after_id": None,
            "limit": EXPORT_BATCH,
        }
        while True:
            async with pool.connection() as conn:
                cursor = await conn.execute(query, params)
                keys = await cursor.fetchall()
                found = await posts.load_posts(conn, workspace_id, [k[0] for k in keys]) if keys else []
                new_series = {p.series_id for p in found if p.series_id is not None} - series.keys()
                await _load_series(conn, workspace_id, new_series, series)
            if found:
                yield _csv_lines(export_cells(ExportedPost.of(p, series), directory) for p in found)
            if len(keys) < EXPORT_BATCH:
                break
            params["after_id"], params["after_at"], params["after_created"] = keys[-1]
