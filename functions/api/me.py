"""The signed-in user: profile, avatar, password, and deleting the account."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, File, HTTPException, Query, Request, Response, UploadFile, status
from pydantic import BaseModel, Field

from functions.api.auth import TokenResponse, clear_session_cookies, token_response
from functions.api.bodies import body_limit
from functions.api.deps import ContainerDep
from functions.api.errors import ErrorResponse
from functions.api.responses import image_response
from functions.api.security import ClientDep, CurrentUser
from shared.services import auth, users
from shared.services.users import MAX_AVATAR_BYTES, ImageTooLarge, Profile, UnsupportedImage

router = APIRouter(prefix="/me", tags=["me"])

AVATAR_PATH = "/api/v1/me/avatar"

Responses = dict[int | str, dict[str, Any]]

UNAUTHENTICATED: Responses = {
    401: {"model": ErrorResponse, "description": "unauthenticated, invalid_token, invalid_api_key"}
}
WRITE_ERRORS: Responses = {
    **UNAUTHENTICATED,
    403: {"model": ErrorResponse, "description": "insufficient_scope (read-only API key), csrf_failed"},
}
SESSION_ERRORS: Responses = {
    **UNAUTHENTICATED,
    403: {"model": ErrorResponse, "description": "session_required (API keys cannot do this), csrf_failed"},
}


class Me(BaseModel):
    id: UUID
    email: str
    name: str
    bio: str
    timezone: str = Field(description="IANA time zone, e.g. Europe/Paris.")
    locale: Literal["en", "ar"]
    avatar_url: str | None = Field(description="Changes with every new avatar, so it can be cached.")
    email_verified: bool
    is_platform_admin: bool
    has_password: bool = Field(description="False for accounts that sign in only with Microsoft.")
    created_at: datetime


def me_from(profile: Profile) -> Me:
    version = profile.avatar_version
    return Me(
        id=profile.id,
        email=profile.email,
        name=profile.name,
        bio=profile.bio,
        timezone=profile.timezone,
        locale=profile.locale,
        avatar_url=None if version is None else f"{AVATAR_PATH}?v={version}",
        email_verified=profile.email_verified_at is not None,
        is_platform_admin=profile.is_platform_admin,
        has_password=profile.has_password,
        created_at=profile.created_at,
    )


class ProfileUpdate(BaseModel):
    """Only the fields sent change; null means unchanged."""

    name: str | None = Field(None, min_length=1, max_length=users.MAX_NAME_LENGTH)
    bio: str | None = Field(None, max_length=users.MAX_BIO_LENGTH)
    timezone: str | None = Field(None, min_length=1, max_length=64, examples=["Europe/Paris"])
    locale: Literal["en", "ar"] | None = None


class DeleteAccountRequest(BaseModel):
    password: str | None = Field(
        None, max_length=1024, description="Required when the account has a password."
    )
    confirm: str | None = Field(
        None, max_length=20, description='"DELETE", for accounts without a password (Microsoft sign-in only).'
    )


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


@router.get("", response_model=Me, responses=UNAUTHENTICATED, summary="The signed-in user's profile")
async def get_me(user: CurrentUser, container: ContainerDep) -> Me:
    return me_from(await users.get_profile(container, user.user_id))


@router.patch(
    "",
    response_model=Me,
    responses={
        **WRITE_ERRORS,
        422: {"model": ErrorResponse, "description": "validation_failed, invalid_timezone, invalid_name"},
    },
    summary="Change name, bio, time zone or language",
)
async def update_me(body: ProfileUpdate, user: CurrentUser, container: ContainerDep) -> Me:
    changes = users.ProfileChanges(name=body.name, bio=body.bio, timezone=body.timezone, locale=body.locale)
    return me_from(await users.update_profile(container, user, changes))


@router.delete(
    "",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **SESSION_ERRORS,
        409: {"model": ErrorResponse, "description": "owner_must_transfer (details.workspace_ids)"},
        422: {"model": ErrorResponse, "description": "invalid_password, confirmation_required"},
    },
    summary="Delete the account, its personal data and the workspaces only it belongs to",
)
async def delete_me(
    body: DeleteAccountRequest, user: CurrentUser, container: ContainerDep, client: ClientDep
) -> Response:
    await users.delete_account(container, user, password=body.password, confirm=body.confirm, client=client)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookies(response)
    return response


@router.post(
    "/password",
    response_model=TokenResponse,
    responses={
        **SESSION_ERRORS,
        422: {
            "model": ErrorResponse,
            "description": "invalid_current_password, password_too_short/_long/_common",
        },
    },
    summary="Change the password (ends every other session; this device gets new tokens)",
)
async def change_password(
    body: PasswordChange, response: Response, user: CurrentUser, container: ContainerDep, client: ClientDep
) -> TokenResponse:
    users.require_session(user)
    pair = await auth.change_password(
        container, user.user_id, current=body.current_password, new=body.new_password, client=client
    )
    return token_response(response, container, pair)


# --- avatar ------------------------------------------------------------------------------------

# The multipart envelope around the image: boundaries and part headers are well under this.
MAX_UPLOAD_BODY = MAX_AVATAR_BYTES + 64 * 1024


def _too_large() -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        f"An avatar image is at most {MAX_AVATAR_BYTES // (1024 * 1024)} MiB.",
    )


async def upload_avatar(
    file: Annotated[UploadFile, File(description="PNG, JPEG, WebP or GIF, at most 5 MiB.")],
    user: CurrentUser,
    container: ContainerDep,
) -> Me:
    data = await file.read(MAX_AVATAR_BYTES + 1)
    try:
        profile = await users.set_avatar(container, user, data)
    except ImageTooLarge as exc:
        raise _too_large() from exc
    except UnsupportedImage as exc:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, exc.message) from exc
    return me_from(profile)


router.add_api_route(
    "/avatar",
    upload_avatar,
    methods=["POST"],
    # The body is refused while it arrives, before the multipart parser spools it to disk.
    dependencies=[body_limit(MAX_UPLOAD_BODY, "a 5 MiB image")],
    response_model=Me,
    responses={
        **WRITE_ERRORS,
        413: {"model": ErrorResponse, "description": "payload_too_large (over 5 MiB)"},
        415: {"model": ErrorResponse, "description": "unsupported_media_type (not PNG, JPEG, WebP or GIF)"},
        422: {
            "model": ErrorResponse,
            "description": "invalid_image (damaged), image_dimensions_too_large (decompression bomb guard)",
        },
    },
    summary="Upload an avatar (cropped to a square, re-encoded as WebP, metadata removed)",
)


@router.get(
    "/avatar",
    response_class=Response,
    responses={
        **UNAUTHENTICATED,
        200: {"content": {"image/webp": {}}, "description": "The avatar."},
        304: {"description": "Not modified (If-None-Match)."},
        404: {"model": ErrorResponse, "description": "avatar_not_found"},
        422: {"model": ErrorResponse, "description": "invalid_size"},
    },
    summary="The signed-in user's avatar (WebP)",
)
async def get_avatar(
    request: Request,
    user: CurrentUser,
    container: ContainerDep,
    size: Annotated[int, Query(description="Edge in pixels: 256 or 64.")] = 256,
) -> Response:
    # Private (it sits behind sign-in), revalidated each time: the URL without ?v= must not go stale.
    return image_response(
        request, await users.get_avatar(container, user.user_id, size), size, cache="private"
    )


@router.delete(
    "/avatar",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
    summary="Remove the avatar",
)
async def delete_avatar(user: CurrentUser, container: ContainerDep) -> Response:
    await users.delete_avatar(container, user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
