import os
import socket
import stat
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

import pytest

from interra_chassis.config import settings
from notifications import domain
from notifications.mailer import DeliveryFailed, EmlFileMailer, SmtpMailer, mailer_for

SENDER = "Interra <no-reply@interra.be>"


def message(notification="n-1", email="amina@example.org", first_name="Amina", language="fr"):
    rendered = domain.render("duo_matched", language, first_name, domain.duo_matched_context("learner"))
    return domain.compose(
        rendered,
        notification=notification,
        first_name=first_name,
        email=email,
        sender=SENDER,
        now=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
    )


def parse(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


def test_smtp_mailer_delivers_to_a_real_smtp_server(smtp_sink):
    SmtpMailer(smtp_sink.url).send(message())

    [received] = smtp_sink.messages
    assert received.mail_from == "no-reply@interra.be"
    assert received.rcpt_to == ["amina@example.org"]
    mail = parse(received.data)
    assert mail["To"].addresses[0].addr_spec == "amina@example.org"
    assert mail["Subject"] == "Amina, vous avez un binôme pour parler français !"
    assert mail["Content-Language"] == "fr"
    assert mail["Message-ID"] == "<n-1@interra.be>"
    assert "Bonjour Amina" in mail.get_content()


def test_smtp_mailer_logs_in_with_the_credentials_of_the_url(smtp_sink):
    url = f"smtp://relay%40interra.be:p%40ss%3Aword@{smtp_sink.host}:{smtp_sink.port}"
    SmtpMailer(url).send(message())
    assert smtp_sink.logins == [("relay@interra.be", "p@ss:word")]
    assert len(smtp_sink.messages) == 1


def test_a_refused_recipient_fails_without_naming_the_address(smtp_sink):
    smtp_sink.greylist.add("amina@example.org")
    with pytest.raises(DeliveryFailed) as failed:
        SmtpMailer(smtp_sink.url).send(message())
    assert "451" in str(failed.value)
    assert "amina" not in str(failed.value)
    assert failed.value.__suppress_context__  # the smtplib error (with the address) is not chained
    assert smtp_sink.messages == []


def test_an_unreachable_server_fails_as_delivery_failed():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DeliveryFailed, match="unreachable"):
        SmtpMailer(f"smtp://127.0.0.1:{port}", timeout=2).send(message())


@pytest.mark.parametrize(
    ("url", "host", "port", "implicit_tls", "starttls"),
    [
        ("smtp://mail.example.org", "mail.example.org", 25, False, False),
        ("smtp://u:p@mail.example.org:587", "mail.example.org", 587, False, True),
        ("smtps://mail.example.org", "mail.example.org", 465, True, False),
        ("smtp://localhost:1025", "localhost", 1025, False, False),
    ],
)
def test_smtp_url_chooses_port_and_tls(url, host, port, implicit_tls, starttls):
    mailer = SmtpMailer(url)
    assert (mailer.host, mailer.port, mailer.implicit_tls, mailer.starttls) == (
        host,
        port,
        implicit_tls,
        starttls,
    )


def test_smtp_url_must_be_smtp():
    with pytest.raises(ValueError, match="smtp://"):
        SmtpMailer("http://mail.example.org")


def test_eml_mailer_writes_one_private_rfc5322_file_per_notification(tmp_path):
    mail_dir = tmp_path / "mail"
    mailer = EmlFileMailer(mail_dir)
    mailer.send(message("abc123"))
    mailer.send(message("abc123"))  # the same notification again replaces its file
    mailer.send(message("def456", email="luc@example.org", first_name="Luc", language="en"))

    assert sorted(os.listdir(mail_dir)) == ["abc123.eml", "def456.eml"]  # no temporary files left
    raw = (mail_dir / "abc123.eml").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF, as RFC 5322 wants
    mail = parse(raw)
    for header in ("From", "To", "Subject", "Date", "Message-ID", "Content-Language"):
        assert mail[header], header
    assert mail["Date"].datetime == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert str(mail["From"]) == SENDER
    english = parse((mail_dir / "def456.eml").read_bytes())
    assert english["Content-Language"] == "en"
    assert "Hello Luc" in english.get_content()
    assert stat.S_IMODE((mail_dir / "abc123.eml").stat().st_mode) == 0o600


def test_eml_file_name_is_safe_whatever_the_message_id(tmp_path):
    mailer = EmlFileMailer(tmp_path)
    odd = message("x")
    odd.replace_header("Message-ID", "<../../etc/passwd@evil>")
    assert mailer.path_for(odd).parent == tmp_path
    assert mailer.path_for(odd).name == "etcpasswd.eml"


def test_mailer_follows_the_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("MAIL_DIR", str(tmp_path))
    monkeypatch.setenv("SMTP_URL", "")
    eml = mailer_for(settings())
    assert isinstance(eml, EmlFileMailer)
    assert eml.mail_dir == tmp_path
    monkeypatch.setenv("SMTP_URL", "smtp://relay.example.org:2525")
    smtp = mailer_for(settings())
    assert isinstance(smtp, SmtpMailer)
    assert (smtp.host, smtp.port) == ("relay.example.org", 2525)
