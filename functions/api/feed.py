"""/api/v1/feed and /api/v1/profiles: the clickKloudy feed's public pages, and taking a post down.

Reading needs no account: these are the in-app social network's pages. Posting to the feed is not
here; it is a post to the workspace's feed account through /workspaces/{ws}/posts like any other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.responses import image_response
from functions.api.security import ClientDep, PublicCaller, workspace
from functions.api.workspaces import IN_WORKSPACE, Cursor
from shared.domain.permissions import Permission
from shared.services import feed
from shared.services.principals import WorkspaceAccess
from shared.services.users import AVATAR_SIZES

router = APIRouter(prefix="", tags=["feed"])

Responses = dict[int | str, dict[str, Any]]
Limit = Annotated[int, Query(ge=1, le=feed.MAX_PAGE_SIZE, description="Items per page.")]
Handle = Annotated[str, Path(max_length=64, description="The workspace's handle, with or without @.")]
PostId = Annotated[UUID, Path(description="The feed post's id.")]
PAGED: Responses = {422: {"model": ErrorResponse, "description": "validation_failed, invalid_cursor"}}


def _avatar_path(post_id: UUID) -> str:
    return f"/api/v1/feed/posts/{post_id}/author/avatar"


class AuthorOut(BaseModel):
    name: str
    avatar_url: str | None = Field(description="Changes with every new avatar, so it can be cached.")


class FeedWorkspaceOut(BaseModel):
    handle: str
    name: str


def _media_path(post_id: UUID, position: int) -> str:
    return f"/api/v1/feed/posts/{post_id}/media/{position}"


class FeedMediaOut(BaseModel):
    kind: str = Field(description="image, gif or video")
    content_type: str
    width: int | None
    height: int | None
    duration_ms: int | None
    url: str = Field(description="The file, served by the feed (a redirect to a short-lived link).")
    thumbnail_url: str | None = Field(description="A small WebP of it, when one was made.")
    poster_url: str | None = Field(description="A video's still image, when one was made.")

    @classmethod
    def of(cls, post_id: UUID, media: feed.FeedMedia) -> FeedMediaOut:
        path = _media_path(post_id, media.position)
        return cls(
            kind=media.kind,
            content_type=media.content_type,
            width=media.width,
            height=media.height,
            duration_ms=media.duration_ms,
            url=path,
            thumbnail_url=f"{path}?variant=thumbnail" if media.has_thumbnail else None,
            poster_url=f"{path}?variant=poster" if media.has_poster else None,
        )


class FeedPostOut(BaseModel):
    id: UUID
    text: str
    media: list[FeedMediaOut] = Field(default_factory=list, description="In the order they were posted.")
    created_at: datetime
    author: AuthorOut | None = Field(description="Null once the author's account is deleted.")
    workspace: FeedWorkspaceOut
    url: str = Field(description="The post's page on the web app (what publishing reported).")

    @classmethod
    def of(cls, post: feed.FeedPost) -> FeedPostOut:
        author = None
        if post.author_name is not None:
            version = post.author_avatar_version
            author = AuthorOut(
                name=post.author_name,
                avatar_url=None if version is None else f"{_avatar_path(post.id)}?v={version}",
            )
        return cls(
            id=post.id,
            text=post.text,
            media=[FeedMediaOut.of(post.id, item) for item in post.media],
            created_at=post.created_at,
            author=author,
            workspace=FeedWorkspaceOut(handle=post.handle, name=post.workspace_name),
            url=post.url,
        )


class FeedPage(BaseModel):
    items: list[FeedPostOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class ProfileOut(FeedPage):
    handle: str
    name: str


@router.get(
    "/feed", response_model=FeedPage, responses=PAGED, summary="Every workspace's feed posts, newest first"
)
async def list_feed(
    _: PublicCaller, container: ContainerDep, limit: Limit = 20, cursor: Cursor = None
) -> FeedPage:
    page = await feed.list_feed(container, limit=limit, cursor=cursor)
    return FeedPage(items=[FeedPostOut.of(p) for p in page.items], next_cursor=page.next_cursor)


@router.get(
    "/profiles/{handle}",
    response_model=ProfileOut,
    responses={**PAGED, 404: {"model": ErrorResponse, "description": "profile_not_found"}},
    summary="A workspace's public page and its feed posts, newest first",
)
async def get_profile(
    handle: Handle, _: PublicCaller, container: ContainerDep, limit: Limit = 20, cursor: Cursor = None
) -> ProfileOut:
    profile = await feed.get_profile(container, handle, limit=limit, cursor=cursor)
    return ProfileOut(
        handle=profile.handle,
        name=profile.name,
        items=[FeedPostOut.of(p) for p in profile.posts.items],
        next_cursor=profile.posts.next_cursor,
    )


@router.get(
    "/profiles/{handle}/posts/{post_id}",
    response_model=FeedPostOut,
    responses={404: {"model": ErrorResponse, "description": "profile_not_found, feed_post_not_found"}},
    summary="One feed post (the page its published URL shows)",
)
async def get_post(handle: Handle, post_id: PostId, _: PublicCaller, container: ContainerDep) -> FeedPostOut:
    return FeedPostOut.of(await feed.get_post(container, handle, post_id))


@router.get(
    "/feed/posts/{post_id}/author/avatar",
    response_class=Response,
    responses={
        200: {"content": {"image/webp": {}}, "description": "The avatar."},
        304: {"description": "Not modified (If-None-Match)."},
        404: {"model": ErrorResponse, "description": "avatar_not_found"},
        422: {"model": ErrorResponse, "description": "invalid_size"},
    },
    summary="The avatar of a feed post's author (WebP)",
)
async def get_author_avatar(
    request: Request,
    post_id: PostId,
    _: PublicCaller,
    container: ContainerDep,
    size: Annotated[int, Query(description=f"Edge in pixels: {' or '.join(map(str, AVATAR_SIZES))}.")] = 64,
) -> Response:
    # Revalidated each time: the avatar may change, and the post may be taken down.
    return image_response(request, await feed.author_avatar(container, post_id, size), size, cache="public")


@router.get(
    "/feed/posts/{post_id}/media/{position}",
    response_class=RedirectResponse,
    status_code=status.HTTP_302_FOUND,
    responses={
        302: {"description": "To a short-lived link to the file (minted now, never stored)."},
        404: {"model": ErrorResponse, "description": "feed_media_not_found"},
        422: {"model": ErrorResponse, "description": "invalid_variant"},
    },
    summary="One file of a feed post: its original, thumbnail or poster",
)
async def get_post_media(
    post_id: PostId,
    position: Annotated[int, Path(ge=0, le=100, description="The file's place in the post, from 0.")],
    _: PublicCaller,
    container: ContainerDep,
    variant: Annotated[str, Query(description="original, thumbnail or poster.")] = "original",
) -> RedirectResponse:
    url = await feed.media_url(container, post_id, position, variant)
    # Cached for less than the link lives, so a cached redirect still leads somewhere.
    return RedirectResponse(
        url, status_code=status.HTTP_302_FOUND, headers={"Cache-Control": "public, max-age=300"}
    )


@router.delete(
    "/workspaces/{ws}/feed/posts/{post_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **IN_WORKSPACE,
        404: {"model": ErrorResponse, "description": "workspace_not_found, feed_post_not_found"},
    },
    summary="Take one of the workspace's feed posts down (it disappears from the feed and profile)",
)
async def delete_post(
    post_id: PostId,
    access: Annotated[WorkspaceAccess, workspace(Permission.POSTS_PUBLISH)],
    container: ContainerDep,
    client: ClientDep,
) -> Response:
    await feed.delete_post(container, access, post_id, client)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
