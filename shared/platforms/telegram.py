"""Telegram (Bot API): a bot posts to a channel (or group) where it is an administrator.

Connecting takes a bot token from @BotFather and the channel. The token is the whole credential and
it sits in the URL path of every call (`https://api.telegram.org/bot<token>/<method>`), so no message
here is ever built from a URL or from an httpx exception: `http.send` raises fresh errors with
nothing chained and the host only, and every error text is our own or Telegram's `description`.

Options read from `PublishRequest.options`:
- `disable_link_preview` (bool, default false): no link preview under a text message.
- `silent` (bool, default false): deliver without a notification sound (`disable_notification`).

Telegram keeps no per-message counters a bot can read, has no idempotency key and no way for a bot
to read a channel's history, so `post_metrics` is empty, and an ambiguous send stays unconfirmed.
"""

from __future__ import annotations

import json
import mimetypes
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from shared.config import Settings
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    CredentialField,
    Credentials,
    DocumentedError,
    MediaItem,
    NotSupportedError,
    PermanentError,
    PlatformError,
    PostMetrics,
    Published,
    PublishOutcome,
    PublishRequest,
    RateLimitedError,
    TransientError,
)
from shared.platforms.http import ambiguous_on_create, download, hosts, json_body, send
from shared.platforms.ratelimit import from_seconds, retry_at
from shared.platforms.text import utf16_length

PLATFORM = "telegram"
NAME = "Telegram"

AUTH = AuthSpec(
    kind="credentials",
    fields=(
        CredentialField("bot_token", "Bot token (from @BotFather)", secret=True),
        CredentialField("channel", "Channel (@mychannel or its numeric chat id)"),
    ),
)

# Sizes as python-telegram-bot's FileSizeLimit constants count them (decimal megabytes).
# https://core.telegram.org/bots/api#sending-files: by URL "5 MB max size for photos and 20 MB max for
# other types of content"; by multipart upload "10 MB max size for photos, 50 MB for other files".
PHOTO_URL_LIMIT = 5_000_000
OTHER_URL_LIMIT = 20_000_000
PHOTO_UPLOAD_LIMIT = 10_000_000
OTHER_UPLOAD_LIMIT = 50_000_000
# https://core.telegram.org/bots/api#sendmessage: text "1-4096 characters"; #sendphoto: caption
# "0-1024 characters". Telegram measures text in UTF-16 code units
# (https://core.telegram.org/api/entities#entity-length), the stricter reading of "characters".
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# https://core.telegram.org/bots/api#sendmediagroup: "an array describing messages to be sent, must
# include 2-10 items"; albums take photos and videos (InputMediaPhoto / InputMediaVideo), not animations.
ALBUM_MAX = 10

CAPABILITIES = Capabilities(
    max_text_length=TEXT_LIMIT,
    text_counting="utf16",
    max_media=ALBUM_MAX,
    media_kinds=frozenset({"image", "gif", "video"}),
    mixed_media=True,  # photos and videos share an album
    max_image_bytes=PHOTO_UPLOAD_LIMIT,
    max_video_bytes=OTHER_UPLOAD_LIMIT,
    # https://core.telegram.org/bots/api#sendphoto: "Width and height ratio must be at most 20."
    min_aspect_ratio=1 / 20,
    max_aspect_ratio=20,
    post_metrics=(),
    account_metrics=("followers",),
    account_vocabulary={"followers": ("followers",)},
    # https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this:
    # "avoid sending more than one message per second" in a single chat.
    max_posts_per_second=1.0,
)

DEFAULT_HOSTS = {"api": "https://api.telegram.org"}
BOT_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
CHAT_ID = re.compile(r"^-?\d+$")
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
# Bot API ids of supergroups and channels are -100 followed by the MTProto channel id, which is what
# private message links carry: https://core.telegram.org/api/bots/ids, https://core.telegram.org/api/links.
CHANNEL_PREFIX = "-100"

# 400 descriptions meaning the bot cannot reach or post to the chat: only the person can fix that.
_NO_ACCESS = (
    "chat not found",
    "peer_id_invalid",
    "need administrator rights",
    "not enough rights",
    "have no rights",
    "chat_write_forbidden",
    "chat_admin_required",
    "upgraded to a supergroup",
    "bot is not a member",
    "bot was kicked",
)
# Telegram could not pull our media URL; each attempt gets a fresh read URL, so a retry can succeed.
_FETCH_FAILED = ("failed to get http url content",)
_TOO_LONG = {"message is too long": "text_too_long", "caption is too long": "caption_too_long"}

_RECONNECT = "Add the bot back as an admin of the channel with the right to post, then connect again."


def _error(status: int, description: str, kind: str, **parameters: Any) -> DocumentedError:
    """An error as the Bot API sends it (https://core.telegram.org/bots/api#making-requests)."""
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return DocumentedError(status, body, kind)


DOCUMENTED_ERRORS: tuple[DocumentedError, ...] = (
    _error(401, "Unauthorized", "auth_revoked"),  # a revoked or wrong token
    _error(404, "Not Found", "auth_revoked"),  # a malformed token
    _error(403, "Forbidden: bot was kicked from the channel chat", "auth_revoked"),
    _error(403, "Forbidden: bot is not a member of the channel chat", "auth_revoked"),
    # The channel was deleted, or renamed away from the @name we post to: decided as auth_revoked,
    # since only reconnecting (with the right channel) fixes it; the account is flagged once instead
    # of every post failing on its own.
    _error(400, "Bad Request: chat not found", "auth_revoked"),
    _error(400, "Bad Request: need administrator rights in the channel chat", "auth_revoked"),
    _error(400, "Bad Request: not enough rights to send photos to the chat", "auth_revoked"),
    _error(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        "auth_revoked",
        migrate_to_chat_id=-1001234567890,
    ),
    _error(400, "Bad Request: message is too long", "invalid_content"),
    _error(400, "Bad Request: message caption is too long", "invalid_content"),
    _error(400, "Bad Request: message text is empty", "invalid_content"),
    _error(400, "Bad Request: wrong file identifier/HTTP URL specified", "invalid_content"),
    _error(400, "Bad Request: wrong type of the web page content", "invalid_content"),
    _error(400, "Bad Request: failed to get HTTP URL content", "transient"),
    _error(429, "Too Many Requests: retry after 35", "rate_limited", retry_after=35),
    # Reads (getMe, getChat) retry a 5xx; on send* it may follow the message: ambiguous there.
    DocumentedError(
        500,
        {"ok": False, "error_code": 500, "description": "Internal Server Error"},
        "transient",
        on_create="ambiguous",
    ),
    # The proxies in front of the Bot API answer these with HTML.
    DocumentedError(
        413, "<html><head><title>413 Request Entity Too Large</title></head></html>", "invalid_content"
    ),
    DocumentedError(
        502,
        "<html><head><title>502 Bad Gateway</title></head></html>",
        "transient",
        on_create="ambiguous",
    ),
)


def _rate_limited(response: httpx.Response, parameters: dict[str, Any], description: str) -> RateLimitedError:
    """Telegram says when in the body (`parameters.retry_after`, seconds), not in a header."""
    reset = from_seconds(parameters.get("retry_after")) or retry_at(response)
    return RateLimitedError(
        f"Telegram is limiting this bot ({description or 'too many requests'}).",
        reset_at=reset,
        http_status=429,
    )


def classify(response: httpx.Response) -> PlatformError | None:
    body = json_body(response)
    body = body if isinstance(body, dict) else {}
    if response.status_code < 300 and body.get("ok") is True:
        return None
    # Telegram answers with real statuses; trust error_code too, should a 200 ever carry ok:false.
    status = response.status_code if response.status_code >= 300 else int(body.get("error_code") or 0)
    description = str(body.get("description") or "")
    if status == 429:
        parameters = body.get("parameters")
        return _rate_limited(response, parameters if isinstance(parameters, dict) else {}, description)
    if status == 0:
        # A success status without a result: the message may have been sent.
        return AmbiguousError("Telegram answered without a result; the post may exist.")
    return _refusal(status, description)


def _refusal(status: int, description: str) -> PlatformError:
    lowered = description.lower()
    if status >= 500:
        return TransientError(f"Telegram is unavailable (HTTP {status}).", http_status=status)
    if status in (401, 404):
        return AuthRevokedError(
            "Telegram no longer accepts the bot token (it was revoked or is wrong); connect the channel "
            "again with the token from @BotFather.",
            http_status=status,
        )
    if status == 403 or any(fragment in lowered for fragment in _NO_ACCESS):
        return AuthRevokedError(
            f"The bot cannot post to the channel ({description}). {_RECONNECT}", http_status=status
        )
    if any(fragment in lowered for fragment in _FETCH_FAILED):
        return TransientError(
            "Telegram could not fetch the media file; it will be tried again.", http_status=status
        )
    code = next((c for fragment, c in _TOO_LONG.items() if fragment in lowered), "telegram_rejected")
    return PermanentError(
        f"Telegram refused the post: {description or f'HTTP {status}'}.", code=code, http_status=status
    )


@dataclass(frozen=True)
class _Options:
    disable_link_preview: bool
    silent: bool


def _options(options: dict[str, Any]) -> _Options:
    flags = {}
    for name in ("disable_link_preview", "silent"):
        value = options.get(name, False)
        if not isinstance(value, bool):
            raise PermanentError(
                f"The Telegram option {name!r} must be true or false.", code="invalid_option"
            )
        flags[name] = value
    return _Options(**flags)


def normalise_channel(value: str) -> str:
    """`@name`, `name`, `https://t.me/name` or a numeric chat id, as the Bot API's chat_id wants it."""
    channel = value.strip()
    if CHAT_ID.match(channel):
        return channel
    for prefix in ("https://t.me/", "http://t.me/", "t.me/", "@"):
        channel = channel.removeprefix(prefix)
    channel = channel.strip("/")
    if not USERNAME.match(channel):
        raise PermanentError(
            "Give the channel as @name (its public link) or its numeric chat id, e.g. -1001234567890.",
            code="invalid_channel",
        )
    return f"@{channel}"


def message_url(chat: dict[str, Any], message_id: int) -> str | None:
    """https://t.me/{username}/{id} for public chats, https://t.me/c/{channel}/{id} for private ones
    (members only); basic groups have no message links."""
    username = chat.get("username")
    if username:
        return f"https://t.me/{username}/{message_id}"
    chat_id = str(chat.get("id", ""))
    if chat_id.startswith(CHANNEL_PREFIX):
        return f"https://t.me/c/{chat_id[len(CHANNEL_PREFIX) :]}/{message_id}"
    return None


def _chat_param(chat_id: str) -> int | str:
    return int(chat_id) if CHAT_ID.match(chat_id) else chat_id


def _can_post(chat_type: str, member: dict[str, Any]) -> bool:
    """https://core.telegram.org/bots/api#chatmember: channel admins need `can_post_messages`."""
    status = member.get("status")
    if status == "creator":
        return True
    if chat_type == "channel":
        return status == "administrator" and bool(member.get("can_post_messages"))
    return status in ("administrator", "member") or (
        status == "restricted" and bool(member.get("can_send_messages"))
    )


# Media kind → (send method, its file field, album type or "" when it cannot join an album).
_SEND = {"image": ("sendPhoto", "photo", "photo"), "video": ("sendVideo", "video", "video")}
_SEND_GIF = ("sendAnimation", "animation", "")


class TelegramConnector:
    platform = PLATFORM
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        self._client = client
        self._base = hosts(settings, PLATFORM, DEFAULT_HOSTS)["api"]

    async def connect_with(self, fields: dict[str, str]) -> list[ConnectedAccount]:
        token = fields.get("bot_token", "").strip()
        channel = normalise_channel(fields.get("channel", ""))
        if not BOT_TOKEN.match(token):
            raise PermanentError(
                "That is not a Telegram bot token: copy it from @BotFather (digits, a colon, then letters).",
                code="invalid_credentials",
            )
        try:
            bot = await self._call(token, "getMe", creates=False)
        except AuthRevokedError:
            raise PermanentError(
                "Telegram does not accept this bot token: the bot token is wrong or was revoked. "
                "Copy it again from @BotFather.",
                code="invalid_credentials",
            ) from None
        try:
            chat = await self._call(token, "getChat", {"chat_id": _chat_param(channel)}, creates=False)
        except AuthRevokedError:
            raise PermanentError(
                f"Telegram cannot find {channel} for this bot: check the channel, and add the bot as an "
                "admin of the channel.",
                code="channel_not_found",
            ) from None
        try:
            member = await self._call(
                token, "getChatMember", {"chat_id": chat["id"], "user_id": bot["id"]}, creates=False
            )
        except (AuthRevokedError, PermanentError):
            member = {}
        if not _can_post(str(chat.get("type", "")), member):
            raise PermanentError(
                f"The bot @{bot.get('username', '')} cannot post to {channel}: add the bot as an admin of "
                "the channel with the right to post messages, then connect again.",
                code="bot_not_admin",
            )
        chat_id = str(chat["id"])
        username = str(chat.get("username") or "")
        title = str(chat.get("title") or username or chat_id)
        return [
            ConnectedAccount(
                external_id=chat_id,
                handle=f"@{username}" if username else title,
                display_name=title,
                credentials=Credentials(access_token=token),
                url=f"https://t.me/{username}" if username else None,
                metadata={
                    "chat_id": chat_id,
                    "chat_type": str(chat.get("type", "")),
                    "username": username,
                    "bot_id": str(bot["id"]),
                    "bot_username": str(bot.get("username", "")),
                },
            )
        ]

    async def refresh(self, credentials: Credentials) -> Credentials:
        """Bot tokens never expire: check the token still works (401 → AuthRevokedError)."""
        await self._call(credentials.access_token, "getMe", creates=False)
        return credentials

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        options = _options(request.options)
        chat_id = _chat_param(request.account.metadata.get("chat_id") or request.account.external_id)
        common: dict[str, Any] = {"chat_id": chat_id, "disable_notification": options.silent}
        token = credentials.access_token
        if not request.media:
            if not request.text.strip():
                raise PermanentError("A Telegram message needs text or media.", code="empty_post")
            message = await self._call(
                token,
                "sendMessage",
                {
                    **common,
                    "text": request.text,
                    "link_preview_options": {"is_disabled": options.disable_link_preview},
                },
                creates=True,
            )
            return _published(message)
        if any(item.kind not in ("image", "gif", "video") for item in request.media):
            raise PermanentError("Telegram takes photos, GIFs and videos only.", code="invalid_media")
        if utf16_length(request.text) > CAPTION_LIMIT:
            raise PermanentError(
                f"Telegram allows {CAPTION_LIMIT} characters of text with media; shorten the text or post "
                "it without media.",
                code="caption_too_long",
            )
        if len(request.media) == 1:
            return _published(await self._send_one(token, common, request.media[0], request.text))
        return _published(await self._send_album(token, common, request.media, request.text))

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        raise NotSupportedError("Telegram publishes at once; there is nothing to check.")

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        raise NotSupportedError("A Telegram bot cannot read a channel's past messages to look for a post.")

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        """The Bot API has no per-message counters (views, reactions) a bot can ask for."""
        return []

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        chat_id = _chat_param(account.metadata.get("chat_id") or account.external_id)
        count = int(
            await self._call(
                credentials.access_token, "getChatMemberCount", {"chat_id": chat_id}, creates=False
            )
        )
        return AccountMetrics(followers=count, metrics={"followers": count})

    async def revoke(self, credentials: Credentials) -> None:
        # logOut would sign the bot out of the cloud Bot API everywhere, not just from us.
        raise NotSupportedError(
            "A bot token cannot be revoked through the Bot API; use /revoke with @BotFather to stop it "
            "working."
        )

    async def _send_one(self, token: str, common: dict[str, Any], item: MediaItem, caption: str) -> Any:
        method, field, _ = _SEND.get(item.kind, _SEND_GIF)
        params = {**common, "caption": caption}
        if item.kind == "video":
            params["supports_streaming"] = True
        if _by_url(item):
            return await self._call(token, method, {**params, field: item.url}, creates=True)
        upload = await self._upload(item, field)
        return await self._call(token, method, _form(params), files={field: upload}, creates=True)

    async def _send_album(
        self, token: str, common: dict[str, Any], media: tuple[MediaItem, ...], caption: str
    ) -> Any:
        if len(media) > ALBUM_MAX or any(item.kind not in _SEND for item in media):
            raise PermanentError(
                f"A Telegram album holds 2 to {ALBUM_MAX} photos and videos; a GIF must be posted on its "
                "own.",
                code="invalid_media",
            )
        entries: list[dict[str, Any]] = []
        files: dict[str, tuple[str, bytes, str]] = {}
        for index, item in enumerate(media):
            entry: dict[str, Any] = {"type": _SEND[item.kind][2], "media": item.url}
            if not _by_url(item):
                name = f"file{index}"
                files[name] = await self._upload(item, name)
                entry["media"] = f"attach://{name}"
            if index == 0 and caption:
                entry["caption"] = caption
            entries.append(entry)
        if not files:
            messages = await self._call(token, "sendMediaGroup", {**common, "media": entries}, creates=True)
        else:
            form = _form({**common, "media": entries})
            messages = await self._call(token, "sendMediaGroup", form, files=files, creates=True)
        if not isinstance(messages, list) or not messages:
            raise AmbiguousError("Telegram answered the album without its messages; the post may exist.")
        return messages[0]

    async def _upload(self, item: MediaItem, field: str) -> tuple[str, bytes, str]:
        data = await download(self._client, item.url)
        limit = PHOTO_UPLOAD_LIMIT if item.kind == "image" else OTHER_UPLOAD_LIMIT
        if len(data) > limit:
            raise PermanentError(
                f"Telegram accepts {item.kind} files up to {limit // 1_000_000} MB from a bot.",
                code="media_too_large",
            )
        extension = mimetypes.guess_extension(item.content_type) or ""
        return f"{field}{extension}", data, item.content_type

    async def _call(
        self,
        token: str,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        creates: bool,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Any:
        """One Bot API call. JSON unless there are files (multipart); returns `result`.

        The URL holds the token: `send` keeps nothing of it (no httpx exception, no path) in what it
        raises or logs. A send* method answered with a 5xx may have posted (the Bot API sits behind
        proxies), so that is ambiguous; Telegram has no idempotency key and a bot cannot read the
        channel back, so such a post ends unconfirmed rather than risk a second message.
        """
        url = f"{self._base}/bot{token}/{method}"
        kwargs: dict[str, Any] = {"data": params, "files": files} if files else {"json": params or {}}
        response = await send(self._client, "POST", url, creates=creates, name=NAME, **kwargs)
        error = ambiguous_on_create(response, classify(response), creates=creates, name=NAME)
        if error is not None:
            raise error
        body = json_body(response)
        if not isinstance(body, dict) or "result" not in body:
            if creates:
                raise AmbiguousError("Telegram answered without a result; the post may exist.")
            raise TransientError("Telegram answered without a result.")
        return body["result"]


def _by_url(item: MediaItem) -> bool:
    """Telegram pulls our read URL itself when the file is within its by-URL limit; larger or
    unknown-size files are downloaded and uploaded (higher limits)."""
    limit = PHOTO_URL_LIMIT if item.kind == "image" else OTHER_URL_LIMIT
    return 0 < item.size <= limit


def _form(params: dict[str, Any]) -> dict[str, str]:
    """Multipart fields are strings: objects and lists as JSON, booleans as true/false."""
    return {key: value if isinstance(value, str) else json.dumps(value) for key, value in params.items()}


def _published(message: Any) -> Published:
    chat = message.get("chat") or {}
    message_id = int(message["message_id"])
    return Published(external_id=str(message_id), url=message_url(chat, message_id))


def build(settings: Settings, client: httpx.AsyncClient) -> TelegramConnector:
    return TelegramConnector(settings, client)
