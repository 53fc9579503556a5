"""SMTP delivery (any provider, or a local catcher such as MailHog) through aiosmtplib."""

from __future__ import annotations

import email.message
import email.utils
import ssl

from pydantic import SecretStr

from shared.config import Settings
from shared.domain.email import EmailMessage
from shared.domain.errors import EmailDeliveryFailed

# Long enough for a slow relay, short enough that an HTTP request waiting on it still answers.
DEFAULT_TIMEOUT_SECONDS = 30.0


class SmtpEmailSender:
    """Opens one connection per message: mail is rare enough that pooling would only add failure modes."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str = "",
        password: SecretStr = SecretStr(""),  # noqa: B008 - immutable
        starttls: bool = True,
        tls_context: ssl.SSLContext | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self._username = username
        self._password = password
        self._starttls = starttls
        self._tls_context = tls_context
        self._timeout = timeout

    @classmethod
    def from_settings(
        cls, settings: Settings, *, tls_context: ssl.SSLContext | None = None
    ) -> SmtpEmailSender:
        """`tls_context` is for servers whose certificate the system store does not trust (tests)."""
        if not settings.smtp_host:
            raise RuntimeError("EMAIL_BACKEND=smtp needs SMTP_HOST")
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.email_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
            tls_context=tls_context,
        )

    def build_mime(self, message: EmailMessage) -> email.message.EmailMessage:
        mime = email.message.EmailMessage()
        mime["From"] = self.sender
        mime["To"] = message.to
        mime["Subject"] = message.subject
        mime["Date"] = email.utils.formatdate(usegmt=True)
        # An explicit domain: without it make_msgid resolves the host's FQDN, which can stall on DNS.
        domain = email.utils.parseaddr(self.sender)[1].rpartition("@")[2] or "localhost"
        mime["Message-ID"] = email.utils.make_msgid(domain=domain)
        mime.set_content(message.text_body)
        mime.add_alternative(message.html_body, subtype="html")
        for attachment in message.attachments:
            # The text and HTML bodies stay one multipart/alternative part inside multipart/mixed.
            maintype, _, subtype = attachment.content_type.partition("/")
            mime.add_attachment(
                attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
        return mime

    async def send(self, message: EmailMessage) -> None:
        import aiosmtplib

        mime = self.build_mime(message)
        password = self._password.get_secret_value()
        try:
            await aiosmtplib.send(
                mime,
                hostname=self.host,
                port=self.port,
                username=self._username or None,
                password=password if self._username else None,
                start_tls=self._starttls,
                tls_context=self._tls_context,
                timeout=self._timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            reason = (str(exc).strip().splitlines() or [""])[0]
            if password:
                reason = reason.replace(password, "***")
            raise EmailDeliveryFailed(
                f"The SMTP server {self.host}:{self.port} did not take the email "
                f"({type(exc).__name__}: {reason[:200]})."
            ) from exc

    async def close(self) -> None:
        return None
