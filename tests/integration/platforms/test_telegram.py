"""The Telegram connector against the fake Bot API, over real HTTP."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.platforms.base import (
    AccountRef,
    AmbiguousError,
    AuthRevokedError,
    ConnectedAccount,
    MediaItem,
    NotSupportedError,
    PermanentError,
    Published,
    PublishRequest,
    RateLimitedError,
    TransientError,
)
from shared.platforms.telegram import TelegramConnector, build
from tests.fakes.platforms.base import FileHost
from tests.fakes.platforms.telegram import Chat, FakeTelegram
from tests.integration.platforms.conftest import CLIENT_TIMEOUT, connector_settings, jpeg, mp4, png, serve

_names = itertools.count(1)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelegram]:
    yield from serve(FakeTelegram())


@pytest.fixture
def connector(fake: FakeTelegram, http: httpx.AsyncClient) -> TelegramConnector:
    return build(connector_settings("telegram", fake.base_url), http)


@pytest.fixture
def bot(fake: FakeTelegram) -> str:
    return fake.add_bot()


@pytest.fixture
def channel(fake: FakeTelegram, bot: str) -> Chat:
    chat = fake.add_channel(f"channel{next(_names)}", "News")
    fake.make_admin(chat, bot)
    return chat


@pytest.fixture
async def account(connector: TelegramConnector, bot: str, channel: Chat) -> ConnectedAccount:
    [connected] = await connector.connect_with({"bot_token": bot, "channel": f"@{channel.username}"})
    return connected


def request_for(account: ConnectedAccount, text: str, *media: MediaItem, **options: object) -> PublishRequest:
    ref = AccountRef(account.external_id, account.handle, account.metadata)
    return PublishRequest(text=text, media=media, options=dict(options), account=ref)


def image(files: FileHost, *, size: int | None = None) -> MediaItem:
    data = jpeg()
    url = files.put(f"tg-{next(_names)}.jpg", data, "image/jpeg")
    return MediaItem("image", "image/jpeg", url, size=len(data) if size is None else size)


def video(files: FileHost) -> MediaItem:
    data = mp4()
    return MediaItem(
        "video", "video/mp4", files.put(f"tg-{next(_names)}.mp4", data, "video/mp4"), size=len(data)
    )


# --- connecting ------------------------------------------------------------------------------------


async def test_connect_checks_token_channel_and_admin_rights(
    connector: TelegramConnector, fake: FakeTelegram, bot: str, channel: Chat
) -> None:
    [account] = await connector.connect_with(
        {"bot_token": bot, "channel": f"https://t.me/{channel.username}"}
    )

    assert account.external_id == str(channel.id)
    assert account.handle == f"@{channel.username}"
    assert account.display_name == "News"
    assert account.url == f"https://t.me/{channel.username}"
    assert account.metadata["chat_id"] == str(channel.id)
    assert account.metadata["chat_type"] == "channel"
    assert account.credentials.access_token == bot
    assert account.credentials.expires_at is None
    assert bot not in repr(account)
    methods = [r.path.rsplit("/", 1)[1] for r in fake.requests[-3:]]
    assert methods == ["getMe", "getChat", "getChatMember"]


async def test_connect_by_numeric_chat_id(connector: TelegramConnector, bot: str, channel: Chat) -> None:
    [account] = await connector.connect_with({"bot_token": bot, "channel": str(channel.id)})

    assert account.external_id == str(channel.id)


async def test_a_wrong_token_is_a_clear_error_without_the_token(
    connector: TelegramConnector, fake: FakeTelegram, bot: str, channel: Chat
) -> None:
    wrong = bot.split(":", maxsplit=1)[0] + ":" + "x" * 35

    with pytest.raises(PermanentError) as caught:
        await connector.connect_with({"bot_token": wrong, "channel": f"@{channel.username}"})

    assert caught.value.code == "invalid_credentials"
    assert "bot token is wrong" in caught.value.message
    assert wrong not in str(caught.value)


async def test_a_malformed_token_is_refused_before_any_call(
    connector: TelegramConnector, fake: FakeTelegram
) -> None:
    before = len(fake.requests)

    with pytest.raises(PermanentError) as caught:
        await connector.connect_with({"bot_token": "not/a?token", "channel": "@news_room"})

    assert caught.value.code == "invalid_credentials"
    assert len(fake.requests) == before


async def test_a_bot_that_is_not_an_admin_is_told_to_become_one(
    connector: TelegramConnector, fake: FakeTelegram, bot: str
) -> None:
    chat = fake.add_channel(f"channel{next(_names)}")

    with pytest.raises(PermanentError) as caught:
        await connector.connect_with({"bot_token": bot, "channel": f"@{chat.username}"})

    assert caught.value.code == "bot_not_admin"
    assert "add the bot as an admin of the channel" in caught.value.message


async def test_an_admin_without_the_right_to_post_is_refused(
    connector: TelegramConnector, fake: FakeTelegram, bot: str
) -> None:
    chat = fake.add_channel(f"channel{next(_names)}")
    fake.make_admin(chat, bot, can_post_messages=False)

    with pytest.raises(PermanentError) as caught:
        await connector.connect_with({"bot_token": bot, "channel": f"@{chat.username}"})

    assert caught.value.code == "bot_not_admin"


async def test_an_unknown_channel_is_a_clear_error(connector: TelegramConnector, bot: str) -> None:
    with pytest.raises(PermanentError) as caught:
        await connector.connect_with({"bot_token": bot, "channel": "@nobody_here"})

    assert caught.value.code == "channel_not_found"


# --- publishing ------------------------------------------------------------------------------------


async def test_publish_text(
    connector: TelegramConnector, fake: FakeTelegram, account: ConnectedAccount
) -> None:
    published = await connector.publish(
        account.credentials, request_for(account, "Hello 👋 channel", disable_link_preview=True, silent=True)
    )

    assert isinstance(published, Published)
    sent = fake.messages[-1]
    assert sent["text"] == "Hello 👋 channel"
    assert sent["link_preview_options"] == {"is_disabled": True}
    assert sent["disable_notification"] is True
    assert published.external_id == str(sent["message_id"])
    assert published.url == f"https://t.me/{account.metadata['username']}/{sent['message_id']}"


async def test_a_private_channel_gets_a_members_link(
    connector: TelegramConnector, fake: FakeTelegram, bot: str
) -> None:
    chat = fake.add_channel(None, "Private")
    fake.make_admin(chat, bot)
    [account] = await connector.connect_with({"bot_token": bot, "channel": str(chat.id)})

    published = await connector.publish(account.credentials, request_for(account, "members only"))

    assert isinstance(published, Published)
    assert published.url == f"https://t.me/c/{str(chat.id)[4:]}/{published.external_id}"


async def test_a_small_image_is_fetched_by_telegram_from_our_url(
    connector: TelegramConnector, fake: FakeTelegram, files: FileHost, account: ConnectedAccount
) -> None:
    item = image(files)

    published = await connector.publish(account.credentials, request_for(account, "a photo", item))

    sent = fake.messages[-1]
    assert sent["caption"] == "a photo"
    assert sent["media"][0]["type"] == "photo"
    assert sent["media"][0]["source"] == "url"
    assert item.url in fake.fetched
    assert isinstance(published, Published)
    assert published.external_id == str(sent["message_id"])


async def test_an_image_over_the_by_url_limit_is_uploaded(
    connector: TelegramConnector, fake: FakeTelegram, files: FileHost, account: ConnectedAccount
) -> None:
    item = image(files, size=6_000_000)  # above Telegram's 5 MB by-URL limit for photos

    await connector.publish(account.credentials, request_for(account, "big photo", item))

    sent = fake.messages[-1]
    assert sent["media"][0]["source"] == "upload"
    assert sent["media"][0]["size"] == len(jpeg())
    assert item.url not in fake.fetched


async def test_a_video_and_a_gif(
    connector: TelegramConnector, fake: FakeTelegram, files: FileHost, account: ConnectedAccount
) -> None:
    await connector.publish(account.credentials, request_for(account, "clip", video(files)))
    assert fake.messages[-1]["media"][0]["type"] == "video"

    gif = png()  # any image the fake cannot take as an animation is refused like Telegram does
    url = files.put(f"tg-{next(_names)}.gif", gif, "image/gif")
    with pytest.raises(PermanentError):
        await connector.publish(
            account.credentials, request_for(account, "", MediaItem("gif", "image/gif", url))
        )

    animation = mp4()  # Telegram takes animations as GIF or soundless H.264 MP4
    url = files.put(f"tg-{next(_names)}.mp4", animation, "video/mp4")
    await connector.publish(
        account.credentials, request_for(account, "", MediaItem("gif", "video/mp4", url, size=len(animation)))
    )
    assert fake.messages[-1]["media"][0]["type"] == "animation"


async def test_an_album_of_photos_and_a_video_with_one_caption(
    connector: TelegramConnector, fake: FakeTelegram, files: FileHost, account: ConnectedAccount
) -> None:
    media = (image(files), image(files, size=0), video(files))  # size 0: unknown, so uploaded

    published = await connector.publish(account.credentials, request_for(account, "album", *media))

    album = fake.messages[-3:]
    assert len({m["media_group_id"] for m in album}) == 1
    assert [m["media"][0]["type"] for m in album] == ["photo", "photo", "video"]
    assert [m["media"][0]["source"] for m in album] == ["url", "upload", "url"]
    assert [m.get("caption") for m in album] == ["album", None, None]
    assert isinstance(published, Published)
    assert published.external_id == str(album[0]["message_id"])


async def test_a_gif_cannot_join_an_album(
    connector: TelegramConnector, fake: FakeTelegram, files: FileHost, account: ConnectedAccount
) -> None:
    gif = MediaItem("gif", "image/gif", files.put(f"tg-{next(_names)}.gif", b"GIF89a", "image/gif"), size=6)
    before = len(fake.requests)

    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request_for(account, "x", image(files), gif))

    assert caught.value.code == "invalid_media"
    assert len(fake.requests) == before


async def test_a_caption_over_1024_utf16_units_is_refused_before_sending(
    connector: TelegramConnector, fake: FakeTelegram, files: FileHost, account: ConnectedAccount
) -> None:
    before = len(fake.messages)
    text = "😀" * 513  # 513 characters, 1,026 UTF-16 code units

    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request_for(account, text, image(files)))

    assert caught.value.code == "caption_too_long"
    assert len(fake.messages) == before


async def test_text_the_platform_finds_too_long_is_invalid_content(
    connector: TelegramConnector, account: ConnectedAccount
) -> None:
    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request_for(account, "😀" * 2049))

    assert caught.value.code == "text_too_long"
    assert caught.value.kind == "invalid_content"


async def test_a_media_url_telegram_cannot_fetch_is_transient(
    connector: TelegramConnector, files: FileHost, account: ConnectedAccount
) -> None:
    missing = MediaItem(
        "image", "image/jpeg", f"{files.base_url}/files/never-uploaded-for-telegram.jpg", size=1000
    )

    with pytest.raises(TransientError):
        await connector.publish(account.credentials, request_for(account, "x", missing))


async def test_an_option_of_the_wrong_type_is_refused(
    connector: TelegramConnector, account: ConnectedAccount
) -> None:
    with pytest.raises(PermanentError) as caught:
        await connector.publish(account.credentials, request_for(account, "x", silent="yes"))

    assert caught.value.code == "invalid_option"


# --- failures --------------------------------------------------------------------------------------


async def test_flood_control_gives_the_retry_time_from_the_body(
    connector: TelegramConnector, fake: FakeTelegram, account: ConnectedAccount
) -> None:
    fake.flood("sendMessage", 35)
    before = datetime.now(UTC)

    with pytest.raises(RateLimitedError) as caught:
        await connector.publish(account.credentials, request_for(account, "too fast"))

    assert (
        before + timedelta(seconds=34) <= caught.value.reset_at <= datetime.now(UTC) + timedelta(seconds=36)
    )


async def test_a_revoked_token_needs_a_reconnect(
    connector: TelegramConnector, fake: FakeTelegram, bot: str, account: ConnectedAccount
) -> None:
    assert await connector.refresh(account.credentials) == account.credentials
    fake.revoke(bot)

    with pytest.raises(AuthRevokedError):
        await connector.publish(account.credentials, request_for(account, "hello?"))
    with pytest.raises(AuthRevokedError):
        await connector.refresh(account.credentials)


async def test_a_kicked_bot_needs_a_reconnect(
    connector: TelegramConnector, fake: FakeTelegram, bot: str, channel: Chat, account: ConnectedAccount
) -> None:
    fake.kick(channel, bot)

    with pytest.raises(AuthRevokedError) as caught:
        await connector.publish(account.credentials, request_for(account, "hello?"))

    assert "bot was kicked" in caught.value.message


async def test_a_server_error_is_transient_on_a_read_and_ambiguous_on_a_send(
    connector: TelegramConnector, fake: FakeTelegram, account: ConnectedAccount
) -> None:
    fake.fail_next("POST", r"/bot[^/]+/getMe$", status=502, text="<html>502 Bad Gateway</html>")
    with pytest.raises(TransientError):
        await connector.refresh(account.credentials)

    # The proxy in front of the Bot API may answer 502 after Telegram sent the message.
    before = len(fake.messages)
    fake.fail_next(
        "POST", r"/bot[^/]+/sendMessage$", status=502, text="<html>502 Bad Gateway</html>", acted=True
    )
    with pytest.raises(AmbiguousError) as caught:
        await connector.publish(account.credentials, request_for(account, "x"))
    assert len(fake.messages) == before + 1
    assert account.credentials.access_token not in str(caught.value)


async def test_a_lost_answer_is_ambiguous_and_carries_nothing_of_the_token(
    connector: TelegramConnector, fake: FakeTelegram, bot: str, account: ConnectedAccount
) -> None:
    before = len(fake.messages)
    fake.fail_next("POST", r"/bot[^/]+/sendMessage$", hang_after_seconds=CLIENT_TIMEOUT + 1)
    request = request_for(account, "did it go out?")

    with pytest.raises(AmbiguousError) as caught:
        await connector.publish(account.credentials, request)

    assert len(fake.messages) == before + 1  # Telegram did post it, exactly once
    assert bot not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None
    assert not connector.capabilities.reconcile
    with pytest.raises(NotSupportedError):
        await connector.find_published(account.credentials, request, datetime.now(UTC))


async def test_an_unreachable_api_is_transient_without_the_token(
    http: httpx.AsyncClient, account: ConnectedAccount
) -> None:
    connector = build(connector_settings("telegram", "http://127.0.0.1:9"), http)

    with pytest.raises(TransientError) as caught:
        await connector.publish(account.credentials, request_for(account, "x"))

    assert caught.value.__cause__ is None
    assert account.credentials.access_token not in str(caught.value)


# --- metrics and revoking --------------------------------------------------------------------------


async def test_metrics(connector: TelegramConnector, channel: Chat, account: ConnectedAccount) -> None:
    ref = AccountRef(account.external_id, account.handle, account.metadata)

    assert await connector.fetch_post_metrics(account.credentials, ref, ["1"]) == []
    metrics = await connector.fetch_account_metrics(account.credentials, ref)

    assert metrics.followers == channel.member_count
    assert metrics.metrics == {"followers": channel.member_count}


async def test_a_bot_token_cannot_be_revoked_through_the_api(
    connector: TelegramConnector, account: ConnectedAccount
) -> None:
    with pytest.raises(NotSupportedError) as caught:
        await connector.revoke(account.credentials)

    assert "@BotFather" in caught.value.message
