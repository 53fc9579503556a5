"""Response helpers shared by routers."""

from __future__ import annotations

from typing import Protocol

from fastapi import Request, Response, status


class StoredImage(Protocol):
    @property
    def version(self) -> object: ...

    @property
    def data(self) -> bytes: ...

    @property
    def content_type(self) -> str: ...


def image_response(request: Request, image: StoredImage, size: int, *, cache: str) -> Response:
    """An image with an ETag of its version and size, and 304 when the caller already has it.

    `cache` is the Cache-Control scope: "public" or "private" (always revalidated: no-cache).
    """
    etag = f'"{image.version}-{size}"'
    headers = {"ETag": etag, "Cache-Control": f"{cache}, no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(content=image.data, media_type=image.content_type, headers=headers)
