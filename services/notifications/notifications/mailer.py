"""Where notifications go: an SMTP server when SMTP_URL is set, else .eml files under MAIL_DIR.

Errors raised by a mailer end up in logs and dead-letter headers, so they say what went wrong
(SMTP code, exception type) but never the recipient's address.
"""

import contextlib
import os
import smtplib
import ssl
import tempfile
import uuid
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from nameko.extensions import DependencyProvider

from interra_chassis.config import Settings, settings
from interra_chassis.logs import get_logger

log = get_logger(__name__)


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Hand the message over for delivery, or raise DeliveryFailed."""


class DeliveryFailed(Exception):
    """The message could not be handed over. Its text names no recipient."""


class SmtpMailer:
    """Sends through an SMTP server given as smtp://user:pass@host:port.

    smtps:// uses implicit TLS (port 465 by default); smtp:// on port 587 upgrades with STARTTLS;
    other smtp:// ports (25 by default) talk plain SMTP, as to a local relay.
    """

    def __init__(self, smtp_url: str, timeout: float = 30.0):
        url = urlsplit(smtp_url)
        if url.scheme not in ("smtp", "smtps"):
            raise ValueError("SMTP_URL must start with smtp:// or smtps://")
        self.implicit_tls = url.scheme == "smtps"
        self.host = url.hostname or "localhost"
        self.port = url.port or (465 if self.implicit_tls else 25)
        self.starttls = not self.implicit_tls and self.port == 587
        self.username = unquote(url.username) if url.username else None
        self.password = unquote(url.password) if url.password else ""
        self.timeout = timeout

    def send(self, message: EmailMessage) -> None:
        try:
            with self._connect() as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})
            raise DeliveryFailed(f"SMTP server refused the recipient (codes {codes})") from None
        except smtplib.SMTPResponseException as exc:  # its text may quote the address: code only
            raise DeliveryFailed(f"SMTP server answered {exc.smtp_code} ({type(exc).__name__})") from None
        except smtplib.SMTPException as exc:
            raise DeliveryFailed(f"SMTP failed: {type(exc).__name__}") from None
        except OSError as exc:
            raise DeliveryFailed(f"SMTP server {self.host}:{self.port} unreachable: {exc}") from None

    def _connect(self) -> smtplib.SMTP:
        if self.implicit_tls:
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ssl.create_default_context())
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)


class EmlFileMailer:
    """Writes each message as an RFC 5322 file `<mail_dir>/<notification id>.eml` (embedded mode).

    The file appears whole or not at all (temporary file, then rename); sending the same
    notification again replaces its file. Files are readable by their owner only.
    """

    def __init__(self, mail_dir: Path):
        self.mail_dir = Path(mail_dir)

    def path_for(self, message: EmailMessage) -> Path:
        """`<local part of the Message-ID>.eml`: the notification id for our messages."""
        local = (message["Message-ID"] or "").strip().strip("<>").partition("@")[0]
        name = "".join(c for c in local if c.isascii() and (c.isalnum() or c in "-_.")).strip(".")
        return self.mail_dir / f"{name or uuid.uuid4().hex}.eml"

    def send(self, message: EmailMessage) -> None:
        target = self.path_for(message)
        data = message.as_bytes(policy=SMTP)
        try:
            self.mail_dir.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.mail_dir, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(data)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as exc:
            raise DeliveryFailed(f"cannot write {target.name}: {exc.strerror or exc}") from None


def mailer_for(settings: Settings) -> Mailer:
    """SMTP when SMTP_URL is set, else .eml files under MAIL_DIR."""
    if settings.smtp_url:
        return SmtpMailer(settings.smtp_url)
    return EmlFileMailer(settings.mail_dir)


class MailerProvider(DependencyProvider):
    """Injects the mailer, chosen from the settings when the container starts."""

    def setup(self):
        self.mailer = mailer_for(settings())
        if isinstance(self.mailer, SmtpMailer):
            log.info("mailer ready", kind="smtp", host=self.mailer.host, port=self.mailer.port)
        else:
            log.info("mailer ready", kind="eml", mail_dir=str(self.mailer.mail_dir))

    def get_dependency(self, worker_ctx):
        return self.mailer
