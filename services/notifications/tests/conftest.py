"""Shared by the notifications tests: the running platform (members and notifications on a throwaway
vhost), the mailbox of the embedded mailer, and a real SMTP server (a small socketserver sink that
keeps what it receives)."""

import base64
import socketserver
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from nameko.testing.utils import get_container


@pytest.fixture
def platform(data_dir, rabbit_config, runner_factory):
    """The real members service and the notifications service, on a throwaway vhost: `start(*services)`
    runs them and returns their containers, in the same order."""

    def start(*services):
        runner = runner_factory(rabbit_config, *services)
        runner.start()
        return [get_container(runner, service) for service in services]

    return start


@dataclass
class Mailbox:
    """The .eml files the embedded mailer wrote under MAIL_DIR, parsed."""

    mail_dir: Path

    def count(self) -> int:
        return len(list(self.mail_dir.glob("*.eml"))) if self.mail_dir.exists() else 0

    def by_recipient(self) -> dict[str, list[EmailMessage]]:
        """Every mail so far, by recipient address (a list each)."""
        found: dict = {}
        for path in sorted(self.mail_dir.glob("*.eml")) if self.mail_dir.exists() else []:
            mail = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            found.setdefault(mail["To"].addresses[0].addr_spec, []).append(mail)
        return found

    def only_one_to(self, address: str) -> EmailMessage:
        [mail] = self.by_recipient()[address]
        return mail

    @staticmethod
    def body(mail: EmailMessage) -> str:
        """A mail's text as written (the .eml has CRLF line ends)."""
        return mail.get_content().replace("\r\n", "\n")


@pytest.fixture
def mailbox(data_dir) -> Mailbox:
    return Mailbox(data_dir / "mail")


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    data: bytes


@dataclass
class SmtpSink:
    """Speaks enough ESMTP for smtplib: EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT.

    Addresses in `greylist` are refused once with 451, as greylisting servers do."""

    host: str = "127.0.0.1"
    port: int = 0
    messages: list[Received] = field(default_factory=list)
    greylist: set[str] = field(default_factory=set)
    refused: list[str] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.rcpt_to]


def _address(argument: str) -> str:
    return argument.split(":", 1)[1].strip().split(" ")[0].strip("<>")


class _Session(socketserver.StreamRequestHandler):
    def reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        sink: SmtpSink = self.server.sink
        mail_from, rcpt_to = None, []
        self.reply("220 sink ESMTP ready")
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-sink\r\n250-8BITMIME\r\n250 AUTH PLAIN")
            elif verb == "HELO":
                self.reply("250 sink")
            elif verb == "AUTH":
                _, user, password = base64.b64decode(command.split()[2]).split(b"\0")
                sink.logins.append((user.decode(), password.decode()))
                self.reply("235 2.7.0 authenticated")
            elif verb == "MAIL":
                mail_from, rcpt_to = _address(command), []
                self.reply("250 2.1.0 ok")
            elif verb == "RCPT":
                address = _address(command)
                if address in sink.greylist:
                    sink.greylist.discard(address)
                    sink.refused.append(address)
                    self.reply("451 4.7.1 greylisted, please try again later")
                else:
                    rcpt_to.append(address)
                    self.reply("250 2.1.5 ok")
            elif verb == "DATA":
                if not rcpt_to:
                    self.reply("554 5.5.1 no valid recipients")
                    continue
                self.reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                sink.messages.append(Received(mail_from, rcpt_to, b"".join(lines)))
                mail_from, rcpt_to = None, []
                self.reply("250 2.0.0 queued")
            elif verb in ("RSET", "NOOP"):
                mail_from, rcpt_to = (None, []) if verb == "RSET" else (mail_from, rcpt_to)
                self.reply("250 2.0.0 ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 bye")
                return
            else:
                self.reply("502 5.5.2 command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    server = _Server((sink.host, 0), _Session)
    server.sink = sink
    sink.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield sink
    server.shutdown()
    server.server_close()
