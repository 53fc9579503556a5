"""Bulk import and export of posts as CSV, for people who plan a month of posts in a spreadsheet.

Import reads a file into rows, checks every row with the same rules as creating one post (so a
row that passes here is a post the API would accept), reports row by row, and creates the good
ones with `posts.create_post`. Export streams the workspace's posts in a shape import reads back.

Format (UTF-8, BOM optional, header row required; column names are case-insensitive):

- `scheduled_at`: ISO 8601 with an offset, or a local wall time with `timezone`. Empty: a draft.
- `timezone`: IANA name (optional); the post's zone, and the zone of a local `scheduled_at`.
- `text`: the post's text (the same for every account).
- `accounts`: `|`-separated account ids or `platform:@handle` (e.g. `sandbox:@demo.brand`,
  `feed:@acme`), resolved within the workspace.
- `media_ids`: `|`-separated ids of ready media of the workspace's library (optional).
- `media_url`: refused with `media_url_not_supported`: fetching URLs server-side would make the
  import a way to reach arbitrary hosts; upload the file through /media and use its id.
- `id`, `published_urls`: written by export, ignored by import.
- `status`: written by export. Import honours it only for safety: `draft` stays a draft, and a
  row that was published, failed, cancelled or is publishing is refused (`status_not_importable`)
  so re-importing an export never resurrects a cancelled post or sends one out twice. Empty,
  `scheduled` and `pending_approval` import normally (approval rules apply afresh).

Export writes cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first)
with a leading `'`; import removes exactly that prefix again, so an exported text round-trips.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from psycopg import AsyncConnection

from shared.bootstrap import Container
from shared.domain.errors import DomainError, InvalidInput, NotFound
from shared.services import posts
from shared.services.media import Media, get_ready_media
from shared.services.principals import WorkspaceAccess
from shared.services.workspaces import check_timezone

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
LIST_SEPARATOR = "|"

REQUIRED_COLUMNS = ("scheduled_at", "text", "accounts")
OPTIONAL_COLUMNS = ("timezone", "media_ids", "media_url", "status")
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
    "timezone_required": "timezone",
    "invalid_timezone": "timezone",
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


class ImportMode(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"
    BEST_EFFORT = "best_effort"


RowStatus = Literal["created", "valid", "error"]


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


@dataclass
class RowReport:
    row: int
    status: RowStatus
    post_id: UUID | None = None
    post_status: str | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    rows: list[RowReport]
    mode: ImportMode
    dry_run: bool

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.status == "created")

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


def _parse_datetime(value: str) -> datetime | RowError:
    # A date alone would silently mean midnight; a post's time is too important to guess.
    if "T" not in value.upper() and " " not in value:
        return RowError(
            "invalid_datetime", f"{value[:64]!r} has no time; write e.g. 2030-03-10T09:00.", "scheduled_at"
        )
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return RowError(
            "invalid_datetime",
            f"{value[:64]!r} is not an ISO 8601 date and time (e.g. 2030-03-10T09:00:00+01:00).",
            "scheduled_at",
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
    return ParsedRow(
        row=number,
        text=cells.get("text", ""),
        scheduled_at=scheduled_at,
        timezone=_timezone(cells, errors),
        accounts=_accounts(cells, errors),
        media_ids=_media_ids(cells, errors),
        draft=cells.get("status", "").strip().lower() == "draft" or scheduled_at is None,
        errors=tuple(errors),
    )


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
    return rows


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


# --- validating and creating ------------------------------------------------------------------------


def row_errors(exc: DomainError, directory: AccountDirectory) -> list[RowError]:
    """A post-service error as row errors, each pointing at the column to fix.

    `invalid_targets` lists problems per account id; they are named as the file names accounts.
    """
    targets = exc.details.get("targets") if isinstance(exc.details, dict) else None
    if exc.code == "invalid_targets" and isinstance(targets, dict):
        return [
            RowError(
                problem["code"],
                f"{directory.label(UUID(account_id))}: {problem['message']}",
                FIELD_FOR_CODE.get(problem["code"], "accounts"),
            )
            for account_id, problems in targets.items()
            for problem in problems
        ]
    return [RowError(exc.code, exc.message, FIELD_FOR_CODE.get(exc.code))]


def _post_input(row: ParsedRow, account_ids: list[UUID]) -> posts.PostInput:
    return posts.PostInput(
        text=row.text,
        targets=[posts.TargetInput(a) for a in account_ids],
        media_ids=list(row.media_ids),
        scheduled_at=row.scheduled_at,
        timezone=row.timezone,
        draft=row.draft,
    )


def validate_row(  # noqa: PLR0917
    container: Container,
    row: ParsedRow,
    directory: AccountDirectory,
    media: dict[UUID, Media],
    now: datetime,
    default_zone: str = "UTC",
) -> tuple[posts.PostInput | None, list[RowError]]:
    """The checks create_post makes before saving, without saving.

    Uses the post service's `schedule_instant` (schedule rules: past, too far, DST gap, zone) and
    `check_targets` (per-platform text and media rules, account state) so there is one rule set.
    The target count and duplicate checks are the two lines create_post runs before them.
    """
    errors = list(row.errors)
    account_ids: list[UUID] = []
    for ref in row.accounts:
        resolved = directory.resolve(ref)
        if isinstance(resolved, RowError):
            errors.append(resolved)
        elif resolved in account_ids:
            errors.append(RowError("duplicate_target", f"{ref.raw} appears more than once.", "accounts"))
        else:
            account_ids.append(resolved)
    if len(account_ids) > posts.MAX_TARGETS:
        errors.append(
            RowError("invalid_target_count", f"Choose 1 to {posts.MAX_TARGETS} accounts.", "accounts")
        )
    missing = [str(m) for m in row.media_ids if m not in media]
    if missing:
        errors.append(
            RowError(
                "media_not_found",
                f"No ready media with id {', '.join(missing)} in this workspace.",
                "media_ids",
            )
        )
    body = _post_input(row, account_ids)
    if not any(e.field in ("scheduled_at", "timezone") for e in errors):  # else said once already
        try:
            posts.schedule_instant(body, now, default_zone=default_zone)
        except InvalidInput as exc:
            errors.extend(row_errors(exc, directory))
    if account_ids:
        # Media already reported missing are left out, so text problems still show in the same pass.
        found_media = replace(body, media_ids=[m for m in body.media_ids if m in media])
        try:
            posts.check_targets(container, found_media, directory.known, media)  # private, as above
        except DomainError as exc:
            errors.extend(row_errors(exc, directory))
    return (None, errors) if errors else (body, [])


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
        media = await _ready_media(conn, access.workspace_id, [m for r in rows for m in r.media_ids])
    now = datetime.now(UTC)
    reports: list[RowReport] = []
    bodies: dict[int, posts.PostInput] = {}
    for row in rows:
        body, errors = validate_row(container, row, directory, media, now, default_zone)
        reports.append(RowReport(row.row, "valid" if body is not None else "error", errors=errors))
        if body is not None:
            bodies[row.row] = body
    report = ImportReport(reports, mode, dry_run)
    if dry_run or (mode is ImportMode.ALL_OR_NOTHING and report.errors):
        return report
    await _create(container, access, reports=reports, bodies=bodies, directory=directory, mode=mode)
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
            report.status = "error"
            report.errors = [
                RowError(
                    "not_created",
                    f"Not created: the import stopped at row {stopped_at}, which failed while saving; "
                    "the rows above marked created were.",
                )
            ]
            continue
        try:
            created = await posts.create_post(container, access, body, source="csv_import")
        except DomainError as exc:
            report.status = "error"
            report.errors = row_errors(exc, directory)
            if mode is ImportMode.ALL_OR_NOTHING:
                stopped_at = report.row
            continue
        except Exception:
            # Unexpected (a bug, the database gone): the rows already created stay, so say which.
            log.exception("post import stopped", extra={"row": report.row})
            report.status = "error"
            report.errors = [RowError("not_saved", "An unexpected error stopped the import at this row.")]
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
class ExportedPost:
    id: UUID
    status: str
    scheduled_at: datetime | None
    timezone: str
    text: str
    account_ids: list[UUID]
    media_ids: list[UUID]
    published_urls: list[str]


def local_time(instant: datetime, timezone: str) -> str:
    """The instant as the post's own wall time with its offset: readable, and exact on import."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return instant.astimezone(zone).isoformat(timespec="seconds")


def export_cells(post: ExportedPost, directory: AccountDirectory) -> list[str]:
    cells = [
        str(post.id),
        post.status,
        local_time(post.scheduled_at, post.timezone) if post.scheduled_at else "",
        post.timezone,
        post.text,
        LIST_SEPARATOR.join(directory.label(a) for a in post.account_ids),
        LIST_SEPARATOR.join(str(m) for m in post.media_ids),
        LIST_SEPARATOR.join(post.published_urls),
    ]
    return [escape_cell(c) for c in cells]


def _csv_lines(rows: Iterator[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


_EXPORT_QUERY = """
WITH page AS (
    SELECT id, status, scheduled_at, timezone, body, media_ids, created_at FROM posts
    WHERE workspace_id = %(ws)s
      AND (%(status)s::text IS NULL OR status = %(status)s)
      AND (%(start)s::timestamptz IS NULL OR scheduled_at >= %(start)s)
      AND (%(end)s::timestamptz IS NULL OR scheduled_at < %(end)s)
      AND (%(after_at)s::timestamptz IS NULL OR (created_at, id) > (%(after_at)s, %(after_id)s))
    ORDER BY created_at, id LIMIT %(limit)s
)
SELECT page.id, page.status, page.scheduled_at, page.timezone, page.body, page.media_ids, page.created_at,
       coalesce(t.accounts, '{}'), coalesce(t.urls, '{}')
FROM page LEFT JOIN LATERAL (
    SELECT array_agg(pt.social_account_id ORDER BY a.platform, a.handle, pt.id) AS accounts,
           array_agg(pt.external_url ORDER BY a.platform, a.handle, pt.id)
               FILTER (WHERE pt.status = 'published' AND pt.external_url IS NOT NULL) AS urls
    FROM post_targets pt JOIN social_accounts a ON a.id = pt.social_account_id
    WHERE pt.post_id = page.id
) t ON true
ORDER BY page.created_at, page.id
"""


def export_posts(container: Container, access: WorkspaceAccess, wanted: ExportFilter) -> AsyncIterator[str]:
    """CSV text in chunks, oldest post first (the order an import created them in).

    The filter is checked now, before the caller starts a response; the rows are then read in
    keyset pages, each on a connection returned to the pool before the chunk is handed out, so a
    slow download never holds a database connection.
    """
    wanted = wanted.checked()
    return _export_chunks(container, access.workspace_id, wanted)


async def _export_chunks(
    container: Container, workspace_id: UUID, wanted: ExportFilter
) -> AsyncIterator[str]:
    yield _csv_lines(iter([list(EXPORT_COLUMNS)]))
    pool = await container.db()
    async with pool.connection() as conn:
        directory = await _directory(conn, workspace_id)
    params: dict[str, Any] = {
        "ws": workspace_id,
        "status": wanted.status,
        "start": wanted.start,
        "end": wanted.end,
        "after_at": None,
        "after_id": None,
        "limit": EXPORT_BATCH,
    }
    while True:
        async with pool.connection() as conn:
            cursor = await conn.execute(_EXPORT_QUERY, params)
            rows = await cursor.fetchall()
        if not rows:
            return
        found = [ExportedPost(r[0], r[1], r[2], r[3], r[4], list(r[7]), list(r[5]), list(r[8])) for r in rows]
        yield _csv_lines(export_cells(p, directory) for p in found)
        if len(rows) < EXPORT_BATCH:
            return
        params["after_at"], params["after_id"] = rows[-1][6], rows[-1][0]
