"""/api/v1/workspaces/{ws}/media: upload (direct to Blob or through the API), list, get, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response, status
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from functions.api.bodies import body_limit
from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.security import workspace
from functions.api.workspaces import IN_WORKSPACE, Cursor, Limit
from shared.domain.errors import InvalidInput
from shared.domain.permissions import Permission
from shared.services import media
from shared.services.media_inspect import ALLOWED_TYPES, THUMBNAIL_EDGE, MediaKind
from shared.services.principals import WorkspaceAccess

router = APIRouter(prefix="/workspaces/{ws}/media", tags=["media"])

Responses = dict[int | str, dict[str, Any]]
MediaId = Annotated[UUID, Path(description="The media's id.")]
Reader = Annotated[WorkspaceAccess, workspace(Permission.MEDIA_READ)]
Writer = Annotated[WorkspaceAccess, workspace(Permission.MEDIA_WRITE)]

# The multipart envelope around the file: boundaries and part headers are well under this.
MULTIPART_OVERHEAD = 64 * 1024
REJECTION_CODES = (
    "unsupported_type, file_too_large, empty_file, size_mismatch, unrecognized_content, type_mismatch, "
    "image_dimensions_too_large, video_dimensions_too_large, invalid_image, invalid_video"
)


def _errors(codes: dict[int, str]) -> Responses:
    merged: Responses = dict(IN_WORKSPACE)
    merged.update({s: {"model": ErrorResponse, "description": text} for s, text in codes.items()})
    return merged


# --- models --------------------------------------------------------------------------------------


class UploadRequest(BaseModel):
    filename: str = Field(
        min_length=1, max_length=1000, description="Shown in the library; any path is dropped."
    )
    content_type: str = Field(max_length=200, examples=sorted(ALLOWED_TYPES))
    size: int = Field(gt=0, description="Exact size in bytes; the upload must match it.")


class UploadTicketOut(BaseModel):
    media_id: UUID
    upload_url: str = Field(description="PUT the file's bytes here, once, before expires_at.")
    method: str = "PUT"
    headers: dict[str, str] = Field(description="Send exactly these headers with the PUT.")
    expires_at: datetime


class MediaOut(BaseModel):
    id: UUID
    kind: MediaKind = Field(description="image, gif (animated GIF) or video.")
    filename: str
    content_type: str = Field(description="Found by content, whatever was declared.")
    size: int = Field(description="Bytes.")
    width: int | None
    height: int | None
    duration_ms: int | None = Field(description="Videos only.")
    codec: str | None = Field(description="Video codec (e.g. h264); videos only.")
    animated: bool
    sha256: str
    created_at: datetime
    url: str = Field(description="Read URL of the original; valid until urls_expire_at.")
    thumbnail_url: str | None = Field(description=f"WebP, at most {THUMBNAIL_EDGE}px on its longest edge.")
    poster_url: str | None = Field(description="WebP frame about one second in; videos only.")
    urls_expire_at: datetime

    @classmethod
    def of(cls, item: media.MediaLinks) -> MediaOut:
        m = item.media
        assert m.kind is not None
        assert m.sha256 is not None
        return cls(
            id=m.id,
            kind=m.kind,
            filename=m.filename,
            content_type=m.content_type,
            size=m.size,
            width=m.width,
            height=m.height,
            duration_ms=m.duration_ms,
            codec=m.codec,
            animated=m.animated,
            sha256=m.sha256,
            created_at=m.created_at,
            url=item.url,
            thumbnail_url=item.thumbnail_url,
            poster_url=item.poster_url,
            urls_expire_at=item.expires_at,
        )


class CompletedOut(MediaOut):
    deduplicated: bool = Field(
        description="The same bytes were already in the library: this is that media, and the new "
        "upload was discarded."
    )

    @classmethod
    def of_completion(cls, done: media.Completion) -> CompletedOut:
        return cls(**MediaOut.of(done.item).model_dump(), deduplicated=done.deduplicated)


class MediaPage(BaseModel):
    items: list[MediaOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


# --- routes --------------------------------------------------------------------------------------


@router.post(
    "/uploads",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadTicketOut,
    responses=_errors({422: "validation_failed, unsupported_type, file_too_large"}),
    summary="Start an upload: get a URL the browser PUTs the file to",
    description=f"Accepted types: {', '.join(ALLOWED_TYPES)}. Then call `/{{media_id}}/complete`.",
)
async def request_upload(body: UploadRequest, access: Writer, container: ContainerDep) -> UploadTicketOut:
    ticket = await media.request_upload(
        container, access, media.NewUpload(body.filename, body.content_type, body.size)
    )
    return UploadTicketOut(
        media_id=ticket.media_id,
        upload_url=ticket.upload_url,
        headers=ticket.headers,
        expires_at=ticket.expires_at,
    )


@router.post(
    "/{media_id}/complete",
    response_model=CompletedOut,
    responses=_errors(
        {
            404: "workspace_not_found, media_not_found",
            409: "upload_missing (PUT the file first), media_processing (another completion is running)",
            422: REJECTION_CODES,
        }
    ),
    summary="Finish an upload: the file is inspected and becomes ready, or is refused",
)
async def complete_upload(media_id: MediaId, access: Writer, container: ContainerDep) -> CompletedOut:
    return CompletedOut.of_completion(await media.complete_upload(container, access, media_id))


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        f"Files over {limit} bytes cannot go through the API; request an upload URL instead.",
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CompletedOut,
    # The body is refused while it streams, past the file and its multipart envelope.
    dependencies=[
        body_limit(
            lambda settings: settings.media_multipart_max_bytes + MULTIPART_OVERHEAD,
            "MEDIA_MULTIPART_MAX_BYTES and the multipart envelope",
            hint="Request an upload URL for larger files.",
        )
    ],
    responses={
        200: {"model": CompletedOut, "description": "deduplicated: the same bytes were already stored"},
        **_errors(
            {
                400: "bad_request (malformed multipart)",
                413: "payload_too_large (over MEDIA_MULTIPART_MAX_BYTES)",
                415: "unsupported_media_type (send multipart/form-data)",
                422: "file_missing, " + REJECTION_CODES,
            }
        ),
    },
    summary="Upload a small file through the API (multipart field `file`)",
    description="For API clients and scripts. Large files: use `/uploads` and PUT to Blob Storage.",
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
async def upload_media(
    request: Request, response: Response, access: Writer, container: ContainerDep
) -> CompletedOut:
    # Parsed here rather than declared as a File parameter: the checks on the request run first.
    limit = container.settings.media_multipart_max_bytes
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "Send multipart/form-data with a file field."
        )
    async with request.form(max_files=1, max_fields=10) as form:
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise InvalidInput("Send the file in a multipart field named `file`.", code="file_missing")
        if part.size is not None and part.size > limit:
            raise _too_large(limit)
        done = await media.upload_direct(
            container,
            access,
            filename=part.filename or "",
            content_type=part.content_type,
            data=part.file,
        )
    if done.deduplicated:
        response.status_code = status.HTTP_200_OK
    return CompletedOut.of_completion(done)


@router.get(
    "",
    response_model=MediaPage,
    responses=_errors({422: "validation_failed, invalid_cursor, invalid_limit"}),
    summary="The media library: ready media, newest first",
)
async def list_media(
    access: Reader,
    container: ContainerDep,
    limit: Limit = 50,
    cursor: Cursor = None,
    kind: Annotated[MediaKind | None, Query(description="Only this kind.")] = None,
) -> MediaPage:
    page = await media.list_media(container, access, limit=limit, cursor=cursor, kind=kind)
    return MediaPage(items=[MediaOut.of(i) for i in page.items], next_cursor=page.next_cursor)


@router.get(
    "/{media_id}",
    response_model=MediaOut,
    responses=_errors({404: "workspace_not_found, media_not_found"}),
    summary="One ready media, with fresh read URLs",
)
async def get_media(media_id: MediaId, access: Reader, container: ContainerDep) -> MediaOut:
    return MediaOut.of(await media.get_media(container, access, media_id))


@router.delete(
    "/{media_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=_errors(
        {
            404: "workspace_not_found, media_not_found",
            409: "media_in_use (an unfinished post uses it; details.post_ids)",
        }
    ),
    summary="Delete a media and its files",
)
async def delete_media(media_id: MediaId, access: Writer, container: ContainerDep) -> Response:
    await media.delete_media(container, access, media_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
