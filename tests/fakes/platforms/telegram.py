"""A fake Telegram Bot API: `/bot<token>/<method>` with the real answer shapes and errors.

Every answer is `{"ok": true, "result": ...}` or `{"ok": false, "error_code", "description",
"parameters"}` with the same real HTTP status (https://core.telegram.org/bots/api#making-requests).
Parameters come as JSON, form or multipart, like the real server takes them. Media sent by URL is
fetched by the fake itself, as Telegram's servers do, within the by-URL size limits; uploads are
held to the multipart limits.
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.platforms.base import FakePlatform, Part, read_form

PHOTO_URL_LIMIT = 5_000_000
OTHER_URL_LIMIT = 20_000_000
PHOTO_UPLOAD_LIMIT = 10_000_000
OTHER_UPLOAD_LIMIT = 50_000_000


class TelegramError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass
class Chat:
    id: int
    type: str
    title: str
    username: str | None
    member_count: int = 0
    # bot id → its rights in the chat ({"status": "administrator", "can_post_messages": True}...)
    members: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_message_id: int = 1

    def brief(self) -> dict[str, Any]:
        found: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            found["username"] = self.username
        return found


def _kind_of(data: bytes) -> str:
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n" or data[8:12] == b"WEBP":
        return "photo"
    if data[:4] == b"GIF8":
        return "animation"
    if data[4:8] == b"ftyp":
        return "video"
    return "other"


class FakeTelegram(FakePlatform):
    name = "telegram"

    def __init__(self) -> None:
        super().__init__()
        self.bots: dict[str, dict[str, Any]] = {}  # token → User
        self.chats: dict[int, Chat] = {}
        self.messages: list[dict[str, Any]] = []  # every message sent, with how its media arrived
        self.fetched: list[str] = []  # URLs the fake pulled, as Telegram's servers would
        self._ids = itertools.count(7_000_000_001)
        self._group_ids = itertools.count(13_000_000_000_001)

    # --- test set-up -------------------------------------------------------------------------------

    def add_bot(self, username: str = "clickkloudy_bot") -> str:
        bot_id = next(self._ids)
        token = f"{bot_id}:AA{secrets.token_urlsafe(26)[:33]}"
        self.bots[token] = {"id": bot_id, "is_bot": True, "first_name": "clickKloudy", "username": username}
        return token

    def add_channel(
        self, username: str | None = "mychannel", title: str = "My Channel", *, member_count: int = 1234
    ) -> Chat:
        chat = Chat(-(10**12) - next(self._ids), "channel", title, username, member_count)
        self.chats[chat.id] = chat
        return chat

    def make_admin(self, chat: Chat, token: str, *, can_post_messages: bool = True) -> None:
        chat.members[self.bots[token]["id"]] = {
            "status": "administrator",
            "can_be_edited": False,
            "can_post_messages": can_post_messages,
            "can_edit_messages": True,
            "can_delete_messages": True,
        }

    def kick(self, chat: Chat, token: str) -> None:
        chat.members[self.bots[token]["id"]] = {"status": "kicked", "until_date": 0}

    def revoke(self, token: str) -> None:
        """What /revoke in @BotFather does: the old token stops working."""
        self.bots.pop(token, None)

    def flood(self, method: str, retry_after: int) -> None:
        """The next call of `method` meets Telegram's flood control."""
        self.fail_next(
            "POST",
            rf"/bot[^/]+/{method}$",
            status=429,
            json_body={
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {retry_after}",
                "parameters": {"retry_after": retry_after},
            },
        )

    # --- the API -----------------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)

    async def _dispatch(self, request: web.Request) -> web.Response:
        try:
            bot = self.bots.get(request.match_info["token"])
            if bot is None:
                raise TelegramError(401, "Unauthorized")
            handler = getattr(self, "_m_" + request.match_info["method"], None)
            if handler is None:
                raise TelegramError(404, "Not Found")
            fields, files = await self._params(request)
            result = await handler(bot, fields, files)
        except TelegramError as exc:
            body: dict[str, Any] = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.status)
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, Part]]:
        if request.content_type == "application/json":
            raw = await request.read()
            params = json.loads(raw or b"{}")
            return ({**request.query, **params} if isinstance(params, dict) else dict(request.query)), {}
        fields, files = await read_form(request)
        return dict(fields), files

    def _chat(self, value: Any) -> Chat:
        text = str(value or "")
        if not text:
            raise TelegramError(400, "Bad Request: chat_id is empty")
        if text.startswith("@"):
            found = next((c for c in self.chats.values() if c.username and c.username == text[1:]), None)
        else:
            try:
                found = self.chats.get(int(text))
            except ValueError:
                found = None
        if found is None:
            raise TelegramError(400, "Bad Request: chat not found")
        return found

    def _posting_chat(self, bot: dict[str, Any], value: Any, what: str) -> Chat:
        chat = self._chat(value)
        member = chat.members.get(bot["id"])
        if member is None or member["status"] in ("left", "kicked"):
            reason = "was kicked from" if member and member["status"] == "kicked" else "is not a member of"
            raise TelegramError(403, f"Forbidden: bot {reason} the {chat.type} chat")
        if chat.type == "channel" and not member.get("can_post_messages"):
            raise TelegramError(400, "Bad Request: need administrator rights in the channel chat")
        if what and member["status"] == "restricted":
            raise TelegramError(400, f"Bad Request: not enough rights to send {what} to the chat")
        return chat

    async def _m_getMe(self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part]) -> Any:
        return bot

    async def _m_getChat(self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part]) -> Any:
        chat = self._chat(params.get("chat_id"))
        return {**chat.brief(), "accent_color_id": 0, "max_reaction_count": 11}

    async def _m_getChatMember(
        self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part]
    ) -> Any:
        chat = self._chat(params.get("chat_id"))
        user_id = int(params.get("user_id") or 0)
        user = next((b for b in self.bots.values() if b["id"] == user_id), {"id": user_id, "is_bot": False})
        return {"user": user, **chat.members.get(user_id, {"status": "left"})}

    async def _m_getChatMemberCount(
        self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part]
    ) -> Any:
        return self._chat(params.get("chat_id")).member_count

    async def _m_sendMessage(
        self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part]
    ) -> Any:
        chat = self._posting_chat(bot, params.get("chat_id"), "text messages")
        text = str(params.get("text") or "")
        if not text.strip():
            raise TelegramError(400, "Bad Request: message text is empty")
        if _utf16(text) > 4096:
            raise TelegramError(400, "Bad Request: message is too long")
        return self._store(chat, params, {"text": text})

    async def _m_sendPhoto(self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part]) -> Any:
        return await self._send_media(bot, params, files, "photo")

    async def _m_sendVideo(self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part]) -> Any:
        return await self._send_media(bot, params, files, "video")

    async def _m_sendAnimation(
        self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part]
    ) -> Any:
        return await self._send_media(bot, params, files, "animation")

    async def _send_media(
        self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part], kind: str
    ) -> Any:
        chat = self._posting_chat(bot, params.get("chat_id"), "photos" if kind == "photo" else "videos")
        caption = self._caption(params.get("caption"))
        media = await self._media(params.get(kind), files, kind)
        return self._store(chat, params, {"caption": caption, "media": [media]})

    async def _m_sendMediaGroup(
        self, bot: dict[str, Any], params: dict[str, Any], files: dict[str, Part]
    ) -> Any:
        chat = self._posting_chat(bot, params.get("chat_id"), "photos")
        entries = params.get("media")
        if isinstance(entries, str):
            entries = json.loads(entries)
        if not isinstance(entries, list) or not 2 <= len(entries) <= 10:
            raise TelegramError(400, "Bad Request: wrong number of media in the album: must be 2-10")
        group_id = str(next(self._group_ids))
        loaded = []
        for entry in entries:
            if entry.get("type") not in ("photo", "video"):
                raise TelegramError(400, "Bad Request: wrong type of media in the album")
            caption = self._caption(entry.get("caption"))
            loaded.append((caption, await self._media(entry.get("media"), files, entry["type"])))
        return [
            self._store(chat, params, {"caption": caption, "media": [media], "media_group_id": group_id})
            for caption, media in loaded
        ]

    # --- helpers -----------------------------------------------------------------------------------

    def _caption(self, value: Any) -> str:
        caption = str(value or "")
        if _utf16(caption) > 1024:
            raise TelegramError(400, "Bad Request: message caption is too long")
        return caption

    async def _media(self, value: Any, files: dict[str, Part], kind: str) -> dict[str, Any]:
        """Resolve one media reference (an HTTP URL, or attach://name / the field's own upload)."""
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            data = await self._fetch(value, PHOTO_URL_LIMIT if kind == "photo" else OTHER_URL_LIMIT)
            source = "url"
        else:
            name = (
                value[len("attach://") :]
                if isinstance(value, str) and value.startswith("attach://")
                else kind
            )
            upload = files.get(name)
            if upload is None:
                raise TelegramError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            data = upload.data
            if len(data) > (PHOTO_UPLOAD_LIMIT if kind == "photo" else OTHER_UPLOAD_LIMIT):
                raise TelegramError(413, "Request Entity Too Large")
            source = "upload"
        actual = _kind_of(data)
        if kind == "photo" and actual != "photo":
            raise TelegramError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        if kind in ("video", "animation") and actual not in ("video", "animation"):
            raise TelegramError(400, "Bad Request: wrong type of the web page content")
        return {"type": kind, "source": source, "size": len(data), "file_unique_id": secrets.token_hex(8)}

    async def _fetch(self, url: str, limit: int) -> bytes:
        self.fetched.append(url)
        try:
            async with aiohttp.ClientSession() as session, session.get(url) as response:
                if response.status != 200:
                    raise TelegramError(400, "Bad Request: failed to get HTTP URL content")
                data = await response.read()
        except aiohttp.ClientError as exc:
            raise TelegramError(400, "Bad Request: failed to get HTTP URL content") from exc
        if len(data) > limit:
            raise TelegramError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return data

    def _store(self, chat: Chat, params: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        message: dict[str, Any] = {
            "message_id": message_id,
            "sender_chat": chat.brief(),
            "chat": chat.brief(),
            "date": int(time.time()),
        }
        if "text" in content:
            message["text"] = content["text"]
        for media in content.get("media", []):
            file = {"file_id": "F" + media["file_unique_id"], "file_unique_id": media["file_unique_id"]}
            message[media["type"]] = (
                [{**file, "width": 640, "height": 480}] if media["type"] == "photo" else file
            )
        if content.get("caption"):
            message["caption"] = content["caption"]
        if "media_group_id" in content:
            message["media_group_id"] = content["media_group_id"]
        self.messages.append(
            {
                **message,
                "chat_id": chat.id,
                "media": content.get("media", []),
                "disable_notification": str(params.get("disable_notification", "false")).lower() == "true",
                "link_preview_options": params.get("link_preview_options"),
            }
        )
        return message


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
