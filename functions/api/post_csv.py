"""/api/v1/workspaces/{ws}/posts/import and /export: posts in and out of spreadsheets.

Registered before the posts router: `/posts/export` would otherwise match `/posts/{post_id}`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from functions.api.bodies import body_limit
from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import workspace
from functions.api.workspaces import IN_WORKSPACE
from shared.domain.errors import InvalidInput
from shared.domain.permissions import Permission
from shared.services import post_csv
from shared.services.post_csv import EXPORT_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, ROW_ERROR_CODES, ImportMode
from shared.services.principals import WorkspaceAccess

router = APIRouter(prefix="/workspaces/{ws}/posts", tags=["posts"])

Responses = dict[int | str, dict[str, Any]]
# The multipart envelope around the file: boundaries and part headers are well under this.
MULTIPART_OVERHEAD = 64 * 1024


def _errors(codes: dict[int, str]) -> Responses:
    merged: Responses = dict(IN_WORKSPACE)
    merged.update({s: {"model": ErrorResponse, "description": text} for s, text in codes.items()})
    return merged


class RowErrorOut(BaseModel):
    code: str = Field(examples=["text_too_long"], description=f"One of: {', '.join(ROW_ERROR_CODES)}.")
    message: str
    field: str | None = Field(None, description="The column to fix, when one is to blame.")


class RowOut(BaseModel):
    row: int = Field(description="Row number as a spreadsheet shows it (the header is row 1).")
    status: Literal["created", "valid", "skipped", "error"] = Field(
        description="created; valid (checked, not created: dry_run, or another row failed in "
        "all_or_nothing); skipped (an occurrence of a series another row creates: its rule makes it); "
        "error."
    )
    post_id: UUID | None = None
    post_status: str | None = Field(
        None, description="The created post's status: scheduled, draft, or pending_approval."
    )
    errors: list[RowErrorOut] = Field(default_factory=list)
    message: str | None = Field(
        None,
        description="Why a row was skipped: which series it is an occurrence of, which row makes that "
        "series, and what of this row (text, media, accounts, time) is not imported when it differs.",
    )


class ImportOut(BaseModel):
    rows: list[RowOut]
    created: int
    skipped: int = Field(description="Rows with status skipped: occurrences their series' rule makes.")
    errors: int = Field(description="Rows with status error.")
    dry_run: bool
    mode: ImportMode


def _too_large() -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE, f"A CSV file is at most {MAX_FILE_BYTES // (1024 * 1024)} MB."
    )


async def _read_file(request: Request) -> bytes:
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "Send multipart/form-data with a file field."
        )
    async with request.form(max_files=1, max_fields=10) as form:
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise InvalidInput("Send the CSV in a multipart field named `file`.", code="file_missing")
        data = await part.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    return data


@router.post(
    "/import",
    response_model=ImportOut,
    # The body is refused while it streams, past the file and its multipart envelope.
    dependencies=[body_limit(MAX_FILE_BYTES + MULTIPART_OVERHEAD, "a 2 MB CSV file")],
    responses={
        200: {
            "description": "The report, one entry per row. Row error codes (each with the column to "
            f"fix): {', '.join(ROW_ERROR_CODES)}."
        },
        **_errors(
            {
                413: "payload_too_large (over 2 MB)",
                415: "unsupported_media_type (not multipart/form-data)",
                422: "validation_failed; file_missing, empty_file, invalid_encoding, invalid_csv, "
                f"missing_column, unknown_column, duplicate_column, too_many_rows (over {MAX_ROWS})",
            }
        ),
    },
    summary="Create posts from a CSV file, with a row-by-row report",
    description=(
        "UTF-8, with or without a BOM; a header row names the columns (any order, any case). "
        "Required: `scheduled_at` (ISO 8601 with offset, or local time with `timezone`; empty makes a "
        "draft), `text`, `accounts` (`|`-separated account ids or `platform:@handle`, e.g. "
        "`sandbox:@demo.brand`). Optional: `timezone` (IANA), `media_ids` (`|`-separated ids of ready "
        "media in the library); `account_texts`, `account_media_ids`, `account_options`: JSON objects "
        "from an account of the row (as `accounts` names it) to its own text, its own list of media ids "
        "(`[]` for none) and its platform options; `series_id` (any label), `recurrence` (RFC 5545 "
        "RRULE) and `series_starts_at` (the series' first occurrence) for recurring posts. "
        "`media_url` is refused per row (`media_url_not_supported`): upload through `/media` first. "
        "`id` and `published_urls` are ignored; `status` `draft` keeps a row a draft and finished "
        "statuses (published, failed, cancelled, ...) are refused so an export never posts twice. "
        "Each row is checked with the same rules as `POST /posts`. Rows with the same `series_id` are "
        "one series: its earliest valid row creates a recurring post with the rule, the later ones are "
        "`skipped` (the rule makes them); a COUNT counts only what is left after `series_starts_at`. "
        "A row with `recurrence` and no `series_id` is a recurring post of its own. `all_or_nothing` "
        "creates nothing if any row is invalid; a row that fails while saving (a race) stops the "
        "import there and the report says which rows were created. `best_effort` creates every valid "
        "row. A readable file always gets 200 with the report; `errors` counts rows that were not "
        "created. The file an export gives imports back to the same posts."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                }
            },
        }
    },
)
async def import_posts(
    request: Request,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_DRAFT)],
    container: ContainerDep,
    dry_run: Annotated[bool, Query(description="Check every row, create nothing.")] = False,
    mode: Annotated[
        ImportMode, Query(description="all_or_nothing or best_effort")
    ] = ImportMode.ALL_OR_NOTHING,
) -> ImportOut:
    # Parsed here rather than declared as a File parameter: the checks on the request run first.
    data = await _read_file(request)
    report = await post_csv.import_posts(container, access, data, mode=mode, dry_run=dry_run)
    return ImportOut(
        rows=[
            RowOut(
                row=r.row,
                status=r.status,
                post_id=r.post_id,
                post_status=r.post_status,
                errors=[RowErrorOut(code=e.code, message=e.message, field=e.field) for e in r.errors],
                message=r.message,
            )
            for r in report.rows
        ],
        created=report.created,
        skipped=report.skipped,
        errors=report.errors,
        dry_run=report.dry_run,
        mode=report.mode,
    )


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/csv": {}},
            "description": f"CSV with columns {','.join(EXPORT_COLUMNS)} (after a UTF-8 BOM with bom=true).",
        },
        **_errors({422: "validation_failed; timezone_required, invalid_range, invalid_status"}),
    },
    summary="Download posts as CSV (re-importable)",
    description=(
        "By scheduled time, soonest first (the same second: in creation order), then drafts without a "
        "time, oldest first. `from`/`to` filter on the scheduled time, `status` on the post's status. "
        "`bom=true` starts the file with a UTF-8 BOM: Excel needs it to read Arabic, emoji and other "
        "non-Latin text (without it Excel guesses a legacy encoding). "
        "`scheduled_at` is the post's local time with its offset; `accounts` are `platform:@handle` "
        "(the id when a handle is ambiguous), leaving out accounts the post was cancelled for. "
        "`account_texts`, `account_media_ids` and `account_options` are JSON objects keyed by those "
        "same names, holding each account's own text, media ids and platform options (empty when no "
        "account has its own). Every occurrence of a recurring post carries `series_id`, the series' "
        "`recurrence` (RRULE) and `series_starts_at` (its first occurrence); a series that makes no "
        "more occurrences keeps its `series_id` with an empty `recurrence`. `published_urls` lists "
        "where it went out. Cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so "
        "spreadsheets do not run them; import removes it again. Importing the file gives back the "
        "same posts, per-account content and series."
    ),
)
async def export_posts(
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_READ)],
    container: ContainerDep,
    *,
    start: Annotated[
        datetime | None, Query(alias="from", description="Scheduled at or after (with offset).")
    ] = None,
    end: Annotated[datetime | None, Query(alias="to", description="Scheduled before (with offset).")] = None,
    status_filter: Annotated[str | None, Query(alias="status")] = None,
    bom: Annotated[
        bool,
        Query(description="Start with a UTF-8 BOM, so Excel reads Arabic, emoji and other non-Latin text."),
    ] = False,
) -> StreamingResponse:
    chunks = post_csv.export_posts(
        container, access, post_csv.ExportFilter(start=start, end=end, status=status_filter), bom=bom
    )
    filename = f"posts-{datetime.now(UTC).date().isoformat()}.csv"
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
