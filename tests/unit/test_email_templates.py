"""Email templates: every kind renders, HTML is escaped, nothing is fetched from the network."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from jinja2 import UndefinedError

from shared.domain.email import EmailMessage
from shared.services.email import SUBJECTS, TEMPLATES_DIR, Mailer, render

LINK = "https://app.clickkloudy.test/verify?token=abc&next=%2Fhome"

CONTEXTS: dict[str, dict[str, object]] = {
    "verify_email": {"name": "Ada", "link": LINK},
    "password_reset": {"name": "Ada", "link": LINK, "minutes_valid": 30},
    "invitation": {
        "inviter_name": "Grace",
        "workspace_name": "Acme",
        "role": "editor",
        "link": LINK,
        "expires_at": datetime(2030, 1, 2, 3, 4, tzinfo=UTC),
    },
    "publish_failed": {
        "name": "Ada",
        "post_excerpt": "Our spring sale starts today!",
        "account_name": "@acme",
        "platform": "X",
        "error_message": "The token has expired.",
        "link": LINK,
    },
    "contact_message": {
        "name": "Ada",
        "email": "ada@example.test",
        "subject": "Pricing",
        "message": "Hello,\nhow much is it?",
    },
    "post_reviewed": {
        "name": "Ada",
        "reviewer_name": "Grace",
        "approved": False,
        "post_excerpt": "Our spring sale starts today!",
        "comment": "Mention the dates, please.",
        "link": LINK,
    },
    "approval_requested": {
        "name": "Grace",
        "author_name": "Ada",
        "workspace_name": "Acme",
        "post_excerpt": "Our spring sale starts today!",
        "account_count": 3,
        "scheduled_at": "2030-01-02 09:00 Europe/Paris",
        "link": LINK,
    },
    "analytics_report": {
        "name": "Ada",
        "workspace_name": "Acme",
        "frequency": "weekly",
        "first": "2030-01-01",
        "last": "2030-01-07",
        "language": "en",
        "link": LINK,
        "filename": "analytics-report-2030-01-01-to-2030-01-07-en.pdf",
    },
}
# Values each template must show in both bodies.
SHOWN = {
    "verify_email": ["Ada", LINK],
    "password_reset": ["Ada", LINK, "30 minutes"],
    "invitation": ["Grace", "Acme", "editor", LINK, "2030-01-02 03:04 UTC"],
    "publish_failed": ["Ada", "Our spring sale starts today!", "@acme", "X", "The token has expired.", LINK],
    "contact_message": ["Ada", "ada@example.test", "Pricing", "how much is it?"],
    "post_reviewed": [
        "Ada",
        "Grace",
        "sent back",
        "Our spring sale starts today!",
        "Mention the dates",
        LINK,
    ],
    "approval_requested": [
        "Grace",
        "Ada",
        "Acme",
        "Our spring sale starts today!",
        "3 accounts",
        "2030-01-02 09:00 Europe/Paris",
        LINK,
    ],
    "analytics_report": [
        "Ada",
        "Acme",
        "weekly",
        "2030-01-01",
        "2030-01-07",
        LINK,
        "analytics-report-2030-01-01-to-2030-01-07-en.pdf",
    ],
}
URL = re.compile(r"""https?://[^\s"'<>)]+""")


def test_every_template_has_a_context_and_both_files() -> None:
    assert set(CONTEXTS) == set(SUBJECTS)
    for name in SUBJECTS:
        assert (TEMPLATES_DIR / f"{name}.txt").is_file()
        assert (TEMPLATES_DIR / f"{name}.html").is_file()


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_renders_text_and_html(template: str) -> None:
    message = render(template, to="someone@example.test", **CONTEXTS[template])
    assert isinstance(message, EmailMessage)
    assert message.to == "someone@example.test"
    assert message.template == template
    assert message.subject
    assert "\n" not in message.subject
    assert message.html_body.lstrip().startswith("<!DOCTYPE html>")
    assert "clickKloudy" in message.html_body
    unescaped_html = html.unescape(message.html_body)
    for value in SHOWN[template]:
        assert value in message.text_body, value
        assert value in unescaped_html, value
    assert "<" not in message.text_body.replace(f"<{CONTEXTS[template].get('email')}>", "")


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_html_escapes_user_input(template: str) -> None:
    evil = '<script>alert("x")</script>'
    context = {
        key: evil if isinstance(value, str) and key != "link" else value
        for key, value in CONTEXTS[template].items()
    }
    message = render(template, to="someone@example.test", **context)
    assert "<script>" not in message.html_body
    assert "&lt;script&gt;" in message.html_body
    # Text bodies are not HTML: they keep the input as typed.
    assert evil in message.text_body


def test_subject_keeps_user_input_on_one_line() -> None:
    context = dict(CONTEXTS["contact_message"], subject="Hi\r\nBcc: victim@example.test")
    message = render("contact_message", to="ops@example.test", **context)
    assert message.subject == "Contact form: Hi Bcc: victim@example.test"


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_missing_variable_raises(template: str) -> None:
    for missing in CONTEXTS[template]:
        context = {k: v for k, v in CONTEXTS[template].items() if k != missing}
        with pytest.raises(UndefinedError):
            render(template, to="someone@example.test", **context)


def test_unknown_template_raises() -> None:
    with pytest.raises(ValueError, match="unknown email template"):
        render("nope", to="someone@example.test")


@pytest.mark.parametrize("link", ["javascript:alert(1)", "/relative/path", "ftp://example.test/x"])
def test_links_must_be_absolute_web_urls(link: str) -> None:
    with pytest.raises(ValueError, match="absolute"):
        render("verify_email", to="someone@example.test", name="Ada", link=link)


def test_naive_datetimes_are_refused() -> None:
    context = dict(CONTEXTS["invitation"], expires_at=datetime(2030, 1, 2, 3, 4))
    with pytest.raises(ValueError, match="timezone-aware"):
        render("invitation", to="someone@example.test", **context)


@pytest.mark.parametrize("template", sorted(CONTEXTS))
def test_no_remote_resources(template: str) -> None:
    message = render(template, to="someone@example.test", **CONTEXTS[template])
    urls = {html.unescape(url) for url in URL.findall(message.html_body)}
    assert urls <= {LINK}
    lowered = message.html_body.lower()
    for marker in ("<img", "<link", "<script", "<style", "@import", "url(", "src="):
        assert marker not in lowered, marker


def test_layout_files_reference_no_urls() -> None:
    for path in TEMPLATES_DIR.iterdir():
        assert not URL.search(path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize(
    "to", ["", "not-an-address", "a@example.test, b@example.test", "a@example.test\r\nBcc: b@example.test"]
)
def test_message_has_exactly_one_recipient(to: str) -> None:
    with pytest.raises(ValueError, match=r"one|single"):
        render("verify_email", to=to, name="Ada", link=LINK)


class RecordingSender:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self.closed = False

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)

    async def close(self) -> None:
        self.closed = True


async def test_mailer_sends_one_message_per_kind() -> None:
    sender = RecordingSender()
    mailer = Mailer(sender)
    await mailer.send_verification("a@example.test", "Ada", LINK)
    await mailer.send_password_reset("a@example.test", "Ada", LINK, 30)
    await mailer.send_invitation(
        "b@example.test",
        inviter_name="Grace",
        workspace_name="Acme",
        role="viewer",
        link=LINK,
        expires_at=datetime.now(UTC) + timedelta(days=7),
    )
    await mailer.send_publish_failed(
        "a@example.test",
        name="Ada",
        post_excerpt="x" * 1000,
        account_name="@acme",
        platform="LinkedIn",
        error_message="Rate limited.",
        link=LINK,
    )
    await mailer.close()
    assert [m.template for m in sender.sent] == [
        "verify_email",
        "password_reset",
        "invitation",
        "publish_failed",
    ]
    # The excerpt is shortened, not the whole post.
    assert "x" * 1000 not in sender.sent[-1].text_body
    assert sender.closed


async def test_contact_message_goes_to_each_operator() -> None:
    sender = RecordingSender()
    mailer = Mailer(sender)
    context = {"name": "Ada", "email": "ada@example.test", "subject": "Hi", "message": "Hello"}
    assert await mailer.send_contact_message(" ops1@example.test, ,ops2@example.test ", **context) == 2
    assert await mailer.send_contact_message(["ops3@example.test"], **context) == 1
    assert await mailer.send_contact_message("", **context) == 0
    assert [m.to for m in sender.sent] == ["ops1@example.test", "ops2@example.test", "ops3@example.test"]


def test_the_analytics_report_reads_in_arabic_and_carries_its_pdf() -> None:
    from shared.domain.email import Attachment

    pdf = Attachment(filename="analytics-report-ar.pdf", content_type="application/pdf", content=b"%PDF-1.7")
    message = render(
        "analytics_report",
        to="someone@example.test",
        attachments=(pdf,),
        **{**CONTEXTS["analytics_report"], "language": "ar", "frequency": "monthly"},
    )
    assert message.subject == "تقرير تحليلات Acme: من 2030-01-01 إلى 2030-01-07"
    assert "الشهري" in message.text_body
    assert 'dir="rtl"' in message.html_body
    assert message.attachments == (pdf,)
