"""The egress guard end to end: hosts people name never make our servers call a private address.

Whatever would be called is a real server on loopback that counts every TCP connection it accepts
(an HTTPS attempt at it counts too), so "refused" means zero connections, not a mocked call. Names
resolve through a resolver the test gives the guard; `Internet` stands for the public network:
it carries connections to a public address to a loopback server playing that host.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import httpcore
import httpx
import pytest
from psycopg.types.json import Jsonb

from shared.adapters.egress import EgressGuard, HostNotAllowed
from shared.bootstrap import Container
from shared.platforms import bluesky, mastodon
from shared.platforms.base import Credentials, PermanentError
from shared.services import webhooks
from shared.services.webhooks import Outcome
from tests.conftest import Stack, stack_settings
from tests.integration.harness import SignedIn, signed_in_app
from tests.integration.platforms.conftest import connector_settings

PUBLIC = "93.184.215.14"  # a public address the test network routes to a loopback stand-in
OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"


@dataclass
class Recorder:
    """A tiny HTTP server: counts connections, keeps what arrived, answers `answer` and closes."""

    host: str
    port: int = 0
    answer: bytes = OK
    hits: int = 0
    received: list[bytes] = field(default_factory=list)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.hits += 1
        try:
            data = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            self.received.append(data)
            writer.write(self.answer)
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
            pass  # a TLS hello, or a client that went away: the connection is counted all the same
        finally:
            writer.close()


@asynccontextmanager
async def recording(host: str = "127.0.0.1", port: int = 0, answer: bytes = OK) -> AsyncIterator[Recorder]:
    recorder = Recorder(host, port, answer)
    server = await asyncio.start_server(recorder._serve, host, port)
    recorder.port = server.sockets[0].getsockname()[1]
    try:
        yield recorder
    finally:
        server.close()
        await server.wait_closed()


class Resolver:
    """DNS of the test's own. Each name has a list of answers, given out in turn (the last one
    repeats): a rebinding resolver answers public first and private afterwards."""

    def __init__(self, answers: Mapping[str, Sequence[Sequence[str]]]) -> None:
        self._answers = {name: list(turns) for name, turns in answers.items()}
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        name = host.lower().removesuffix(".")
        self.asked.append(name)
        turns = self._answers.get(name)
        if not turns:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(turns.pop(0) if len(turns) > 1 else turns[0])


class Internet(httpcore.AsyncNetworkBackend):
    """The network: a connection to a routed public address reaches the loopback server playing that
    host; anything else is dialled as asked (so a connection to 127.0.0.1 would really land there)."""

    def __init__(self, routes: Mapping[str, str]) -> None:
        self._routes = routes
        self._inner = httpcore.AnyIOBackend()
        self.dialled: list[tuple[str, int]] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        self.dialled.append((host, port))
        return await self._inner.connect_tcp(
            self._routes.get(host, host), port, timeout=timeout, local_address=local_address
        )

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


# --- (b) rebinding: the connection goes to the address that was checked ----------------------------


async def test_a_rebinding_resolver_cannot_move_a_request_to_a_private_address() -> None:
    async with (
        recording("127.0.0.1") as private,
        recording("127.0.0.2", private.port) as stand_in,  # plays PUBLIC on the same port
    ):
        resolver = Resolver({"rebind.example": [[PUBLIC], ["127.0.0.1"]]})
        network = Internet({PUBLIC: "127.0.0.2"})
        guard = EgressGuard(resolver=resolver, backend=network)
        async with guard.client(timeout=5) as client:
            response = await client.get(f"http://rebind.example:{private.port}/first")
            assert response.status_code == 200
            # One lookup, checked, and the connection made to that very answer: httpx never resolved
            # the name itself, so the resolver's next (private) answer was never used.
            assert resolver.asked == ["rebind.example"]
            assert network.dialled == [(PUBLIC, private.port)]
            assert (stand_in.hits, private.hits) == (1, 0)
            assert b"Host: rebind.example:" in stand_in.received[0]
            # The server closed that connection: the next request resolves again, gets the private
            # answer, and is refused before dialling.
            with pytest.raises(HostNotAllowed):
                await client.get(f"http://rebind.example:{private.port}/second")
        assert resolver.asked == ["rebind.example", "rebind.example"]
        assert network.dialled == [(PUBLIC, private.port)]
        assert private.hits == 0


async def test_a_name_with_one_private_answer_is_never_dialled() -> None:
    async with recording("127.0.0.1") as private:
        network = Internet({})
        guard = EgressGuard(resolver=Resolver({"mixed.example": [[PUBLIC, "127.0.0.1"]]}), backend=network)
        async with guard.client(timeout=5) as client:
            with pytest.raises(HostNotAllowed):
                await client.get(f"http://mixed.example:{private.port}/")
        assert network.dialled == []
        assert private.hits == 0


async def test_redirects_do_not_escape_the_guard() -> None:
    async with recording("127.0.0.1") as private:
        to_private = (
            f"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{private.port}/\r\n"
            "Content-Length: 0\r\nConnection: close\r\n\r\n"
        ).encode()
        async with recording("127.0.0.2", answer=to_private) as stand_in:
            guard = EgressGuard(
                resolver=Resolver({"redirects.example": [[PUBLIC]]}), backend=Internet({PUBLIC: "127.0.0.2"})
            )
            async with guard.client(timeout=5) as client:
                url = f"http://redirects.example:{stand_in.port}/"
                assert (await client.get(url)).status_code == 302  # not followed
                with pytest.raises(HostNotAllowed):  # and each hop is checked if a caller follows
                    await client.get(url, follow_redirects=True)
        assert stand_in.hits == 2
        assert private.hits == 0


# --- the app: a container whose egress guard resolves through the test's DNS ----------------------


@dataclass
class App:
    container: Container
    signed_in: SignedIn
    resolver: Resolver
    recorder: Recorder

    async def connect(self, platform: str, fields: dict[str, str]) -> httpx.Response:
        return await self.signed_in.api.post(
            f"/api/v1/workspaces/{self.signed_in.workspace}/accounts/connect/{platform}",
            json={"fields": fields},
            headers=self.signed_in.headers,
        )

    async def create_webhook(self, url: str) -> httpx.Response:
        return await self.signed_in.api.post(
            f"/api/v1/workspaces/{self.signed_in.workspace}/webhooks",
            json={"url": url, "events": ["post.published"]},
            headers=self.signed_in.headers,
        )


@pytest.fixture
async def app(stack: Stack) -> AsyncIterator[App]:
    """The API with no platform sent to a fake (calls go where people point them), a loopback server
    the development allow list lets through at 127.0.0.1:<port> exactly, and names that resolve to
    it, to the metadata address or to a public address (the public stand-in is not running: a call
    to it fails to connect, which no test here expects to get that far)."""
    async with recording("127.0.0.1") as recorder:
        resolver = Resolver(
            {
                "mastodon.evil.example": [["127.0.0.1"]],
                "pds.evil.example": [["127.0.0.1"]],
                "pds.metadata.example": [["169.254.169.254"]],
                "hooks.evil.example": [["10.0.0.5"]],
                "hooks.rebind.example": [[PUBLIC], ["127.0.0.1"]],
            }
        )
        settings = stack_settings(stack, EGRESS_ALLOW_HOSTS=[f"127.0.0.1:{recorder.port}"])
        container = Container(
            settings, egress=EgressGuard.from_settings(settings, resolver=resolver, backend=Internet({}))
        )
        async with signed_in_app(container, workspace_name="Egress") as signed_in:
            yield App(container, signed_in, resolver, recorder)
        await container.aclose()


def refused(response: httpx.Response) -> bool:
    return response.status_code == 422 and response.json()["error"]["code"] == "host_not_allowed"


# --- (a) Mastodon --------------------------------------------------------------------------------


async def test_a_mastodon_server_on_a_private_address_is_refused_and_never_called(app: App) -> None:
    port = app.recorder.port
    for instance in (
        "http://169.254.169.254",
        "http://2130706433",
        f"http://2130706433:{port}",
        f"http://[::ffff:127.0.0.1]:{port}",
        f"http://[::1]:{port}",
        f"http://0x7f000001:{port}",
        f"http://0177.0.0.1:{port}",
        f"127.1:{port}",
        f"localhost:{port}",
        f"https://mastodon.evil.example:{port}",  # a name that resolves to loopback
        "http://168.63.129.16",
        "100.100.100.200",
    ):
        response = await app.connect("mastodon", {"instance": instance})
        assert refused(response), (instance, response.status_code, response.text)
        message = response.json()["error"]["message"]
        assert "private or reserved address" in message
        assert "127.0.0.1" not in message or "127.0.0.1" in instance  # nothing about what it resolved to
    assert app.recorder.hits == 0
    # The same server, spelled as the allow list has it, is reached: the recorder would have seen
    # any of the calls above (this one is HTTPS to a plain server, so it fails after connecting).
    response = await app.connect("mastodon", {"instance": f"http://127.0.0.1:{port}"})
    assert response.status_code in (422, 503), response.text
    assert not refused(response)
    assert app.recorder.hits >= 1


async def test_a_mastodon_server_that_now_resolves_privately_is_refused_at_publish_time() -> None:
    """An account connected while its server was public: every later call is judged again."""
    settings = connector_settings("mastodon", "")
    resolver = Resolver({"social.example": [["10.0.0.5"]]})
    async with (
        httpx.AsyncClient() as client,
        EgressGuard.from_settings(settings, resolver=resolver).client(timeout=2) as egress,
    ):
        connector = mastodon.build(settings, client, egress)
        with pytest.raises(PermanentError) as caught:
            await connector.refresh(Credentials("token", extra={"instance": "https://social.example"}))
    assert caught.value.code == "host_not_allowed"
    assert resolver.asked == ["social.example"]


# --- (d) Bluesky ---------------------------------------------------------------------------------


async def test_a_bluesky_hosting_provider_goes_through_the_guard(app: App) -> None:
    port = app.recorder.port
    for service in (f"https://pds.evil.example:{port}", "https://pds.metadata.example"):
        response = await app.connect(
            "bluesky",
            {"handle": "alice.bsky.social", "app_password": "abcd-efgh-ijkl-mnop", "service": service},
        )
        assert refused(response), (service, response.text)
        assert "abcd-efgh-ijkl-mnop" not in response.text
    assert app.resolver.asked == ["pds.evil.example", "pds.metadata.example"]
    assert app.recorder.hits == 0


async def test_the_bluesky_connector_makes_every_call_through_the_guard() -> None:
    settings = connector_settings("bluesky", "")
    resolver = Resolver({"pds.evil.example": [["192.168.1.10"]]})
    async with (
        httpx.AsyncClient() as client,
        EgressGuard.from_settings(settings, resolver=resolver).client(timeout=2) as egress,
    ):
        connector = bluesky.build(settings, client, egress)
        with pytest.raises(PermanentError) as caught:
            await connector.connect_with(
                {
                    "handle": "a.example",
                    "app_password": "abcd-efgh-ijkl-mnop",
                    "service": "https://pds.evil.example",
                }
            )
        assert caught.value.code == "host_not_allowed"
        # The PDS a DID document named, for an account connected earlier: refused as well.
        stored = Credentials("jwt", extra={"did": "did:plc:x", "pds": "https://pds.evil.example"})
        with pytest.raises(PermanentError) as later:
            await connector.fetch_account_metrics(stored, account=_ref())
        assert later.value.code == "host_not_allowed"


def _ref() -> Any:
    from shared.platforms.base import AccountRef

    return AccountRef("did:plc:x")


# --- (c) webhooks --------------------------------------------------------------------------------


async def test_webhooks_pointing_inward_are_refused_at_registration(app: App) -> None:
    port = app.recorder.port
    for url in (
        "https://169.254.169.254/latest/meta-data/",
        "https://2130706433/hook",
        f"https://[::ffff:127.0.0.1]:{port}/hook",
        "https://hooks.evil.example/hook",  # resolves to 10.0.0.5
        f"http://localhost:{port}/hook",  # loopback http is a development form, but not allow-listed
        f"http://127.0.0.1:{port + 1 if port < 65535 else port - 1}/hook",
        "https://metadata.google.internal/computeMetadata/v1/",
    ):
        response = await app.create_webhook(url)
        assert refused(response), (url, response.status_code, response.text)
    assert app.recorder.hits == 0
    # The allow-listed receiver is accepted (registration calls nothing).
    assert (await app.create_webhook(f"http://127.0.0.1:{port}/hook")).status_code == 201
    assert app.recorder.hits == 0


async def _delivery(app: App, webhook_id: UUID) -> UUID:
    pool = await app.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload)
               VALUES (%s, %s, 'post.published', %s) RETURNING id""",
            (webhook_id, uuid4(), Jsonb({"post_id": "p"})),
        )
        row = await cursor.fetchone()
    assert row is not None
    return UUID(str(row[0]))


async def _last_error(app: App, delivery_id: UUID) -> tuple[str, str | None]:
    pool = await app.container.db()
    async with pool.connection() as conn:
        cursor = await conn.execute(
            "SELECT status, last_error FROM webhook_deliveries WHERE id = %s", (delivery_id,)
        )
        row = await cursor.fetchone()
    assert row is not None
    return row[0], row[1]


async def test_a_delivery_to_a_name_that_now_resolves_privately_fails_with_a_reason(app: App) -> None:
    port = app.recorder.port
    created = await app.create_webhook(f"https://hooks.rebind.example:{port}/hook")  # public today
    assert created.status_code == 201, created.text
    delivery = await _delivery(app, UUID(created.json()["id"]))
    assert await webhooks.deliver(app.container, delivery) is Outcome.FAILED  # loopback now: not retried
    assert await _last_error(app, delivery) == ("failed", "host_not_allowed")
    assert app.resolver.asked.count("hooks.rebind.example") == 2
    listed = await app.signed_in.api.get(
        f"/api/v1/workspaces/{app.signed_in.workspace}/webhooks/{created.json()['id']}/deliveries",
        headers=app.signed_in.headers,
    )
    assert listed.status_code == 200
    assert listed.json()["items"][0]["attempts"][0]["error"] == "host_not_allowed"
    assert app.recorder.hits == 0


async def test_a_stored_url_to_a_forbidden_address_is_never_sent(app: App) -> None:
    """Rows saved before the guard existed, or edited in the database, are judged when sent."""
    created = await app.create_webhook(f"http://127.0.0.1:{app.recorder.port}/hook")
    webhook_id = UUID(created.json()["id"])
    pool = await app.container.db()
    for url in ("https://169.254.169.254/hook", f"http://[::ffff:127.0.0.1]:{app.recorder.port}/hook"):
        async with pool.connection() as conn:
            await conn.execute("UPDATE webhooks SET url = %s WHERE id = %s", (url, webhook_id))
        delivery = await _delivery(app, webhook_id)
        assert await webhooks.deliver(app.container, delivery) is Outcome.FAILED
        assert await _last_error(app, delivery) == ("failed", "host_not_allowed")
    assert app.recorder.hits == 0
    # And the allow-listed receiver itself is delivered to, through the same client.
    async with pool.connection() as conn:
        await conn.execute(
            "UPDATE webhooks SET url = %s WHERE id = %s",
            (f"http://127.0.0.1:{app.recorder.port}/hook", webhook_id),
        )
    delivery = await _delivery(app, webhook_id)
    assert await webhooks.deliver(app.container, delivery) is Outcome.DELIVERED
    assert app.recorder.hits == 1
    assert app.recorder.received[0].startswith(b"POST /hook HTTP/1.1")
