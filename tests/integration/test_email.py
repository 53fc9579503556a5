"""Email adapters against real servers: aiosmtpd, PostgreSQL, and a fake of the ACS REST API.

The ACS fake speaks HTTPS because the SDK cannot be pointed at plain HTTP: its connection-string
parser drops the scheme and the client prepends https:// (azure/communication/email/_shared/utils.py
and aio/_patch.py). So the fake serves a self-signed certificate that the client trusts through
`connection_verify`, and `test_acs_connection_string_scheme_is_ignored` pins that SDK behaviour.
"""

import asyncio
import base64
import email
import email.policy
import hashlib
import socket
import ssl
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from shared.adapters.email import sender_from_settings
from shared.adapters.email.acs import AcsEmailSender
from shared.adapters.email.dev_outbox import DevOutboxSender, list_outbox
from shared.adapters.email.smtp import SmtpEmailSender
from shared.bootstrap import Container
from shared.config import Settings
from shared.domain.email import Attachment, EmailMessage
from shared.domain.errors import EmailDeliveryFailed
from shared.services.email import Mailer, render
from tests.conftest import Stack, stack_settings, unique
from tools.emulators.manage import generate_cert

SMTP_USER = "mailer"
SMTP_PASSWORD = "s3cret-Pa55word-never-shown"
LINK = "https://app.clickkloudy.test/verify?token=t0k3n"


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Tls:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    directory = tmp_path_factory.mktemp("email-tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    generate_cert(cert, key)
    return Tls(cert, key)


def message_to(address: str) -> EmailMessage:
    return render("verify_email", to=address, name="Ada <script>", link=LINK)


# --- SMTP -----------------------------------------------------------------------------------------


@dataclass
class RecordingHandler:
    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        envelope.__dict__["authenticated_as"] = login
        envelope.__dict__["tls"] = session.ssl is not None
        self.envelopes.append(envelope)
        return "250 Message accepted"


def authenticator(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


@dataclass
class SmtpServer:
    port: int
    handler: RecordingHandler


async def start_smtp(tls_context: ssl.SSLContext | None = None) -> tuple[asyncio.Server, SmtpServer]:
    handler = RecordingHandler()
    loop = asyncio.get_running_loop()

    def protocol() -> SMTP:
        if tls_context is None:
            return SMTP(handler, hostname="localhost")
        return SMTP(
            handler,
            hostname="localhost",
            tls_context=tls_context,
            require_starttls=True,
            auth_required=True,
            authenticator=authenticator,
        )

    server = await loop.create_server(protocol, "127.0.0.1", 0)
    return server, SmtpServer(server.sockets[0].getsockname()[1], handler)


@pytest.fixture
async def plain_smtp() -> AsyncIterator[SmtpServer]:
    server, info = await start_smtp()
    yield info
    server.close()
    await server.wait_closed()


@pytest.fixture
async def secure_smtp(tls: Tls) -> AsyncIterator[SmtpServer]:
    server, info = await start_smtp(tls.server_context())
    yield info
    server.close()
    await server.wait_closed()


def parsed(envelope: Envelope) -> email.message.EmailMessage:
    raw = envelope.original_content or envelope.content
    assert isinstance(raw, bytes)
    return email.message_from_bytes(raw, policy=email.policy.default)


def assert_delivered(envelope: Envelope, to: str, sent: EmailMessage) -> None:
    assert envelope.mail_from == "no-reply@clickkloudy.test"
    assert envelope.rcpt_tos == [to]
    mime = parsed(envelope)
    assert mime["From"] == "clickKloudy Test <no-reply@clickkloudy.test>"
    assert mime["To"] == to
    assert mime["Subject"] == sent.subject
    assert mime["Message-ID"].endswith("@clickkloudy.test>")
    assert mime.get_content_type() == "multipart/alternative"
    text = mime.get_body(preferencelist=("plain",))
    html = mime.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    # SMTP carries CRLF line ends; the content is otherwise what was rendered.
    assert text.get_content().replace("\r\n", "\n") == sent.text_body
    assert html.get_content().replace("\r\n", "\n") == sent.html_body
    assert "&lt;script&gt;" in html.get_content()


async def test_smtp_without_tls_or_auth(stack: Stack, plain_smtp: SmtpServer) -> None:
    settings = stack_settings(
        stack,
        EMAIL_BACKEND="smtp",
        EMAIL_FROM="clickKloudy Test <no-reply@clickkloudy.test>",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=plain_smtp.port,
        SMTP_STARTTLS=False,
    )
    sender = sender_from_settings(settings, pool_provider=_no_pool)
    assert isinstance(sender, SmtpEmailSender)
    sent = message_to("ada@example.test")
    await sender.send(sent)
    await sender.close()
    [envelope] = plain_smtp.handler.envelopes
    assert_delivered(envelope, "ada@example.test", sent)
    assert envelope.__dict__["authenticated_as"] is None
    assert envelope.__dict__["tls"] is False


async def test_smtp_with_starttls_and_auth(stack: Stack, secure_smtp: SmtpServer, tls: Tls) -> None:
    settings = stack_settings(
        stack,
        EMAIL_BACKEND="smtp",
        EMAIL_FROM="clickKloudy Test <no-reply@clickkloudy.test>",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=secure_smtp.port,
        SMTP_STARTTLS=True,
        SMTP_USERNAME=SMTP_USER,
        SMTP_PASSWORD=SMTP_PASSWORD,
    )
    sender = SmtpEmailSender.from_settings(settings, tls_context=tls.client_context())
    sent = message_to("grace@example.test")
    await sender.send(sent)
    [envelope] = secure_smtp.handler.envelopes
    assert_delivered(envelope, "grace@example.test", sent)
    assert envelope.__dict__["authenticated_as"] == SMTP_USER.encode()
    assert envelope.__dict__["tls"] is True


async def test_smtp_wrong_password_fails_without_echoing_it(
    stack: Stack, secure_smtp: SmtpServer, tls: Tls
) -> None:
    wrong = "wrong-" + SMTP_PASSWORD
    settings = stack_settings(
        stack,
        EMAIL_BACKEND="smtp",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=secure_smtp.port,
        SMTP_USERNAME=SMTP_USER,
        SMTP_PASSWORD=wrong,
    )
    sender = SmtpEmailSender.from_settings(settings, tls_context=tls.client_context())
    with pytest.raises(EmailDeliveryFailed) as caught:
        await sender.send(message_to("ada@example.test"))
    assert caught.value.code == "email_delivery_failed"
    assert "SMTPAuthenticationError" in caught.value.message
    assert_no_secret(caught.value, wrong)
    assert secure_smtp.handler.envelopes == []


async def test_smtp_refused_connection_raises_without_password(stack: Stack) -> None:
    port = free_port()
    settings = stack_settings(
        stack,
        EMAIL_BACKEND="smtp",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        SMTP_USERNAME=SMTP_USER,
        SMTP_PASSWORD=SMTP_PASSWORD,
    )
    sender = SmtpEmailSender.from_settings(settings)
    with pytest.raises(EmailDeliveryFailed) as caught:
        await sender.send(message_to("ada@example.test"))
    assert f"127.0.0.1:{port}" in caught.value.message
    assert_no_secret(caught.value, SMTP_PASSWORD)


def assert_no_secret(error: BaseException, secret: str) -> None:
    chain: BaseException | None = error
    while chain is not None:
        assert secret not in str(chain)
        assert secret not in repr(chain.args)
        chain = chain.__cause__ or chain.__context__


async def _no_pool() -> Any:
    raise AssertionError("only the dev outbox may ask for the pool")


# --- dev outbox -----------------------------------------------------------------------------------


async def test_dev_outbox_round_trip(container: Container) -> None:
    assert container.settings.email_backend == "dev_outbox"
    mailer = container.mailer
    assert isinstance(mailer.sender, DevOutboxSender)
    address = f"{unique('user')}@example.test"
    await mailer.send_verification(address, "Ada", LINK)
    await mailer.send_password_reset(address, "Ada", LINK.replace("verify", "reset"), 30)
    await mailer.send_verification(f"{unique('other')}@example.test", "Bob", LINK)

    pool = await container.db()
    entries = await list_outbox(pool, to=address.upper())
    assert [e.template for e in entries] == ["password_reset", "verify_email"]
    newest, oldest = entries
    assert newest.created_at >= oldest.created_at
    assert newest.id > oldest.id
    assert all(e.to == address for e in entries)
    expected = render("verify_email", to=address, name="Ada", link=LINK)
    assert (oldest.subject, oldest.text_body, oldest.html_body) == (
        expected.subject,
        expected.text_body,
        expected.html_body,
    )
    assert [e.id for e in await list_outbox(pool, to=address, limit=1)] == [newest.id]
    everyone = await list_outbox(pool, limit=200)
    assert {newest.id, oldest.id} <= {e.id for e in everyone}
    assert [e.id for e in everyone] == sorted((e.id for e in everyone), reverse=True)
    with pytest.raises(ValueError, match="limit"):
        await list_outbox(pool, limit=0)


# --- Azure Communication Services -----------------------------------------------------------------

ACS_KEY = base64.b64encode(b"fake-acs-access-key-0123456789abcdef").decode()


@dataclass
class FakeAcs:
    """Implements the two calls `EmailClient.begin_send` makes (API version 2025-09-01):

    POST /emails:send → 202 + Operation-Location, then GET on that location until a final status.
    """

    final_status: str = "Succeeded"
    sends: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    polls: int = 0
    port: int = 0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/emails:send", self.send)
        app.router.add_get("/emails/operations/{operation_id}", self.operation)
        return app

    async def send(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.headers.append(dict(request.headers))
        self.sends.append({"query": dict(request.query), "body": await request.json(), "raw": body})
        operation_id = request.headers.get("Operation-Id") or str(uuid.uuid4())
        location = (
            f"https://127.0.0.1:{self.port}/emails/operations/{operation_id}"
            f"?api-version={request.query['api-version']}"
        )
        return web.json_response(
            {"id": operation_id, "status": "Running"},
            status=202,
            headers={"Operation-Location": location, "Retry-After": "0"},
        )

    async def operation(self, request: web.Request) -> web.Response:
        self.polls += 1
        operation_id = request.match_info["operation_id"]
        body: dict[str, Any] = {"id": operation_id, "status": self.final_status}
        if self.final_status == "Failed":
            body["error"] = {"code": "InvalidRecipient", "message": "The recipient domain does not exist."}
        return web.json_response(body)


@pytest.fixture
async def fake_acs(tls: Tls) -> AsyncIterator[FakeAcs]:
    fake = FakeAcs()
    runner = web.AppRunner(fake.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=tls.server_context())
    await site.start()
    server = site._server
    assert server is not None
    fake.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    yield fake
    await runner.cleanup()


def acs_settings(stack: Stack, fake: FakeAcs, scheme: str = "https") -> Settings:
    return stack_settings(
        stack,
        EMAIL_BACKEND="acs",
        EMAIL_FROM="clickKloudy <DoNotReply@clickkloudy.test>",
        ACS_CONNECTION_STRING=f"endpoint={scheme}://127.0.0.1:{fake.port}/;accesskey={ACS_KEY}",
    )


async def test_acs_sends_the_documented_payload(stack: Stack, fake_acs: FakeAcs, tls: Tls) -> None:
    sender = AcsEmailSender.from_settings(acs_settings(stack, fake_acs), connection_verify=str(tls.cert))
    try:
        sent = message_to("ada@example.test")
        await Mailer(sender).send_verification("ada@example.test", "Ada <script>", LINK)
    finally:
        await sender.close()
    [request] = fake_acs.sends
    assert request["query"] == {"api-version": "2025-09-01"}
    assert request["body"] == {
        "senderAddress": "DoNotReply@clickkloudy.test",
        "recipients": {"to": [{"address": "ada@example.test"}]},
        "content": {"subject": sent.subject, "plainText": sent.text_body, "html": sent.html_body},
        "userEngagementTrackingDisabled": True,
    }
    assert fake_acs.polls >= 1
    # Signed with the access key (HMAC over the body hash), as the real service requires.
    headers = fake_acs.headers[0]
    assert headers["Authorization"].startswith("HMAC-SHA256 ")
    digest = base64.b64encode(hashlib.sha256(request["raw"]).digest()).decode()
    assert headers["x-ms-content-sha256"] == digest


async def test_acs_failed_status_raises(stack: Stack, fake_acs: FakeAcs, tls: Tls) -> None:
    fake_acs.final_status = "Failed"
    sender = AcsEmailSender.from_settings(acs_settings(stack, fake_acs), connection_verify=str(tls.cert))
    try:
        with pytest.raises(EmailDeliveryFailed) as caught:
            await sender.send(message_to("nobody@example.test"))
    finally:
        await sender.close()
    assert caught.value.code == "email_delivery_failed"
    assert "Azure Communication Services" in caught.value.message
    assert_no_secret(caught.value, ACS_KEY)
    assert len(fake_acs.sends) == 1


async def test_acs_connection_string_scheme_is_ignored(stack: Stack, fake_acs: FakeAcs, tls: Tls) -> None:
    """An http:// endpoint in the connection string still gets HTTPS: the SDK forces the scheme."""
    sender = AcsEmailSender.from_settings(
        acs_settings(stack, fake_acs, scheme="http"), connection_verify=str(tls.cert)
    )
    try:
        await sender.send(message_to("ada@example.test"))
    finally:
        await sender.close()
    assert len(fake_acs.sends) == 1


async def test_acs_untrusted_certificate_raises(stack: Stack, fake_acs: FakeAcs) -> None:
    sender = AcsEmailSender.from_settings(acs_settings(stack, fake_acs))
    try:
        with pytest.raises(EmailDeliveryFailed, match="Azure Communication Services"):
            await sender.send(message_to("ada@example.test"))
    finally:
        await sender.close()
    assert fake_acs.sends == []


async def test_backend_selection(stack: Stack) -> None:
    connection_string = f"endpoint=https://acs.example.test/;accesskey={ACS_KEY}"
    acs = sender_from_settings(
        stack_settings(stack, EMAIL_BACKEND="acs", ACS_CONNECTION_STRING=connection_string),
        pool_provider=_no_pool,
    )
    assert isinstance(acs, AcsEmailSender)
    # ACS takes the bare address; the display name of EMAIL_FROM is dropped.
    assert acs.sender_address == "no-reply@clickkloudy.local"
    await acs.close()
    with pytest.raises(RuntimeError, match="ACS_ENDPOINT"):
        sender_from_settings(stack_settings(stack, EMAIL_BACKEND="acs"), pool_provider=_no_pool)
    with pytest.raises(RuntimeError, match="SMTP_HOST"):
        sender_from_settings(stack_settings(stack, EMAIL_BACKEND="smtp"), pool_provider=_no_pool)
    assert isinstance(sender_from_settings(stack_settings(stack), pool_provider=_no_pool), DevOutboxSender)


# --- attachments ----------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n% a report\n" + bytes(range(256)) * 40


def report_message(to: str) -> EmailMessage:
    return render(
        "analytics_report",
        to=to,
        attachments=(
            Attachment(filename="analytics-report.pdf", content_type="application/pdf", content=PDF),
        ),
        name="Ada",
        workspace_name="Acme",
        frequency="weekly",
        first="2030-01-01",
        last="2030-01-07",
        language="en",
        link=LINK,
        filename="analytics-report.pdf",
    )


async def test_smtp_sends_attachments(stack: Stack, plain_smtp: SmtpServer) -> None:
    settings = stack_settings(
        stack,
        EMAIL_BACKEND="smtp",
        EMAIL_FROM="clickKloudy Test <no-reply@clickkloudy.test>",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=plain_smtp.port,
        SMTP_STARTTLS=False,
    )
    sent = report_message("ada@example.test")
    await SmtpEmailSender.from_settings(settings).send(sent)
    [envelope] = plain_smtp.handler.envelopes
    mime = parsed(envelope)
    assert mime.get_content_type() == "multipart/mixed"
    text = mime.get_body(preferencelist=("plain",))
    html = mime.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    assert text.get_content().replace("\r\n", "\n") == sent.text_body
    assert html.get_content().replace("\r\n", "\n") == sent.html_body
    [attachment] = list(mime.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "analytics-report.pdf"
    assert attachment.get_content() == PDF


async def test_acs_sends_attachments(stack: Stack, fake_acs: FakeAcs, tls: Tls) -> None:
    sender = AcsEmailSender.from_settings(acs_settings(stack, fake_acs), connection_verify=str(tls.cert))
    try:
        await sender.send(report_message("ada@example.test"))
    finally:
        await sender.close()
    [request] = fake_acs.sends
    assert request["body"]["attachments"] == [
        {
            "name": "analytics-report.pdf",
            "contentType": "application/pdf",
            "contentInBase64": base64.b64encode(PDF).decode(),
        }
    ]


async def test_dev_outbox_keeps_attachments(container: Container) -> None:
    address = f"{unique('report')}@example.test"
    await container.mailer.sender.send(report_message(address))
    [entry] = await list_outbox(await container.db(), to=address)
    [attachment] = entry.attachments
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "analytics-report.pdf",
        "application/pdf",
        len(PDF),
    )
    assert base64.b64decode(attachment.content_base64) == PDF
