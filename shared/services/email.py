"""Every email the app sends: rendered from templates here, handed to the configured sender.

Callers use `Mailer` and never assemble subjects or bodies, so wording, escaping and the
layout live in one place. Links come in absolute (built by the caller from PUBLIC_BASE_URL):
this module does not know which route a token belongs to.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from shared.adapters.email import EmailSender
from shared.domain.email import Attachment, EmailMessage

log = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent / "email_templates"

# Subjects are Jinja expressions too, so a missing variable fails the same way as in a body.
SUBJECTS: dict[str, str] = {
    "verify_email": "Confirm your email address for clickKloudy",
    "password_reset": "Reset your clickKloudy password",
    "invitation": "{{ inviter_name }} invited you to {{ workspace_name }} on clickKloudy",
    "publish_failed": "A post to {{ account_name }} ({{ platform }}) could not be published",
    "contact_message": "Contact form: {{ subject }}",
    "post_reviewed": "{{ reviewer_name }} {{ 'approved' if approved else 'sent back' }} your post",
    "approval_requested": "{{ author_name }} asked for your approval of a post in {{ workspace_name }}",
    "analytics_report": "{% if language == 'ar' %}"
    "تقرير تحليلات {{ workspace_name }}: من {{ first }} إلى {{ last }}"
    "{% else %}{{ workspace_name }} analytics report: {{ first }} to {{ last }}{% endif %}",
}
MAX_SUBJECT_LENGTH = 200


def _utc(value: datetime) -> str:
    """One unambiguous format for every recipient: we do not know their time zone."""
    if value.tzinfo is None:
        raise ValueError("email templates need timezone-aware datetimes")
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        # HTML bodies escape every value; text bodies and subjects are not HTML and stay literal.
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["utc"] = _utc
    return env


@lru_cache(maxsize=len(SUBJECTS))
def _subject_template(template: str) -> Template:
    return environment().from_string(SUBJECTS[template])


def _check_links(context: dict[str, object]) -> None:
    # A `javascript:` or relative link would be live in the HTML body; only absolute web links go out.
    for key, value in context.items():
        is_link = key == "link" or key.endswith("_link")
        if is_link and not (isinstance(value, str) and value.startswith(("https://", "http://"))):
            raise ValueError(f"{key} must be an absolute http(s) URL")


def render(
    template: str, *, to: str, attachments: Sequence[Attachment] = (), **context: object
) -> EmailMessage:
    """Render subject, text and HTML of `template`; a missing variable raises jinja2.UndefinedError."""
    if template not in SUBJECTS:
        raise ValueError(f"unknown email template {template!r}")
    _check_links(context)
    env = environment()
    # Collapsed to one line: a subject holding user input must not break the header.
    subject = " ".join(_subject_template(template).render(**context).split())[:MAX_SUBJECT_LENGTH]
    text_body = env.get_template(f"{template}.txt").render(**context)
    html_body = env.get_template(f"{template}.html").render(email_subject=subject, **context)
    return EmailMessage(
        to=to,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        template=template,
        attachments=tuple(attachments),
    )


class Mailer:
    """One method per kind of email, so callers pass facts and never build messages."""

    def __init__(self, sender: EmailSender) -> None:
        self.sender = sender

    async def send_verification(self, to: str, name: str, link: str) -> None:
        await self.sender.send(render("verify_email", to=to, name=name, link=link))

    async def send_password_reset(self, to: str, name: str, link: str, minutes_valid: int) -> None:
        await self.sender.send(
            render("password_reset", to=to, name=name, link=link, minutes_valid=minutes_valid)
        )

    async def send_invitation(
        self,
        to: str,
        *,
        inviter_name: str,
        workspace_name: str,
        role: str,
        link: str,
        expires_at: datetime,
    ) -> None:
        await self.sender.send(
            render(
                "invitation",
                to=to,
                inviter_name=inviter_name,
                workspace_name=workspace_name,
                role=role,
                link=link,
                expires_at=expires_at,
            )
        )

    async def send_publish_failed(
        self,
        to: str,
        *,
        name: str,
        post_excerpt: str,
        account_name: str,
        platform: str,
        error_message: str,
        link: str,
    ) -> None:
        await self.sender.send(
            render(
                "publish_failed",
                to=to,
                name=name,
                post_excerpt=post_excerpt,
                account_name=account_name,
                platform=platform,
                error_message=error_message,
                link=link,
            )
        )

    async def send_post_reviewed(
        self,
        to: str,
        *,
        name: str,
        reviewer_name: str,
        approved: bool,
        post_excerpt: str,
        comment: str,
        link: str,
    ) -> None:
        await self.sender.send(
            render(
                "post_reviewed",
                to=to,
                name=name,
                reviewer_name=reviewer_name,
                approved=approved,
                post_excerpt=post_excerpt,
                comment=comment,
                link=link,
            )
        )

    async def send_approval_requested(
        self,
        to: str,
        *,
        name: str,
        author_name: str,
        workspace_name: str,
        post_excerpt: str,
        account_count: int,
        scheduled_at: str | None,
        link: str,
    ) -> None:
        await self.sender.send(
            render(
                "approval_requested",
                to=to,
                name=name,
                author_name=author_name,
                workspace_name=workspace_name,
                post_excerpt=post_excerpt,
                account_count=account_count,
                scheduled_at=scheduled_at,
                link=link,
            )
        )

    async def send_analytics_report(
        self,
        to: str,
        *,
        name: str,
        workspace_name: str,
        frequency: str,
        first: str,
        last: str,
        language: str,
        link: str,
        report: Attachment,
    ) -> None:
        """A scheduled analytics report, its PDF attached; in the schedule's language (en or ar)."""
        await self.sender.send(
            render(
                "analytics_report",
                to=to,
                attachments=(report,),
                name=name,
                workspace_name=workspace_name,
                frequency=frequency,
                first=first,
                last=last,
                language=language,
                link=link,
                filename=report.filename,
            )
        )

    async def send_contact_message(
        self, operators: str | Sequence[str], *, name: str, email: str, subject: str, message: str
    ) -> int:
        """One email per operator (each message has one recipient); returns how many were sent.

        `operators` may be OPERATOR_EMAILS as is (comma-separated). With none configured nothing is
        sent: the caller stores contact messages anyway, so this is logged rather than failed.
        """
        addresses = operators.split(",") if isinstance(operators, str) else operators
        recipients = [address.strip() for address in addresses if address.strip()]
        if not recipients:
            log.warning("a contact message was not emailed: OPERATOR_EMAILS is empty")
            return 0
        for operator in recipients:
            await self.sender.send(
                render(
                    "contact_message", to=operator, name=name, email=email, subject=subject, message=message
                )
            )
        return len(recipients)

    async def close(self) -> None:
        await self.sender.close()
