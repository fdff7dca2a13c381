"""Configuration from the environment, read once per process (at first use, never at import).

SETTINGS is the one place a setting is named, with its default and meaning; README's configuration
table lists the same settings and defaults (chassis/tests/test_config.py checks it). `settings()`
parses them all into one typed `Settings`, cached for the life of the process: code that changes
the environment afterwards (tests) calls `settings.cache_clear()` (the root conftest's
`monkeypatch` does it for every setenv and delenv).
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path

SETTINGS = {
    "AMQP_URI": ("amqp://guest:guest@localhost:5672/", "RabbitMQ the services talk through"),
    "MONGO_URI": ("", "MongoDB server; empty = the embedded litemongo engine under DATA_DIR"),
    "DATA_DIR": ("var/data", "where the embedded engine keeps one folder per service"),
    "MAIL_DIR": ("var/mail", "where the embedded mailer writes .eml files when SMTP_URL is empty"),
    "SMTP_URL": ("", "smtp://user:pass@host:port to send real e-mail; empty = .eml files"),
    "MAIL_FROM": ("Interra <no-reply@interra.be>", "sender of notifications"),
    "REGIONS": ("liege,brussels", "region codes members may choose, comma-separated"),
    "RPC_TIMEOUT": ("5", "seconds an RPC call may take before it fails as unavailable"),
    "HANDLER_MAX_RETRIES": ("3", "retries of a failing event handler before dead-lettering"),
    "HANDLER_RETRY_DELAY": ("0.5", "seconds before the first retry; doubles each time"),
    "OUTBOX_RELAY_INTERVAL": ("2", "seconds between scans for events a crash left unpublished"),
    "LOG_LEVEL": ("INFO", "log level of every service"),
    "VAR_DIR": ("var", "where make run keeps data, mail, logs and its JWT secret (relative to the repository)"),
    "GATEWAY_PORT": ("8000", "port of the HTTP gateway (make run)"),
    "WEB_DIST": ("web/dist", "the built web app the gateway serves at / (make web), from the gateway's directory"),
    "JWT_SECRET": ("", "key signing access tokens (32+ characters); make run keeps one in var/"),
    "ACCESS_TOKEN_TTL": ("900", "seconds an access token is valid"),
    "REFRESH_TOKEN_TTL": ("1209600", "seconds a refresh token is valid (used once, then replaced)"),
    "RATE_LIMIT_LOGIN": ("10/60", "login attempts per client per window (count/seconds)"),
    "RATE_LIMIT_WRITE": ("60/60", "writes (POST, PATCH, DELETE) per client per window"),
    "LOGIN_LOCK_AFTER": ("5", "failed logins of one username before it is locked"),
    "LOGIN_LOCK_SECONDS": ("900", "how long a locked username stays locked"),
    "CORS_ORIGINS": ("", "origins allowed to call the API from a browser, comma-separated"),
    "MAX_BODY_BYTES": ("65536", "largest request body the gateway accepts"),
    "DUO_MATCH_MODE": ("automatic", "automatic: matched pairs become duos; review: a duo coordinator accepts each"),
    "DUO_MATCH_WEIGHTS": ("{}", 'JSON weights of the duo matching score, e.g. {"interests": 2, "waiting": 0.1}'),
    "DUO_INVITE_AFTER_DAYS": (
        "7",
        "a full volunteer is invited to take one more duo only for learners of their region waiting this many "
        "days (and through a whole matching round), and only if their own last duo began this many days ago",
    ),
    "WORKSHOP_OPEN_HOURS": ("48", "hours before a workshop date when seats held for one group open to anyone"),
    "WORKSHOP_OFFER_HOURS": ("48", "hours a member has to confirm a freed seat offered to them"),
    "WORKSHOP_LAST_CALL_HOURS": ("2", "no offer runs past this many hours before a date's start"),
    "WORKSHOP_NO_SHOW_DAYS": ("182", "days a workshop no-show record is kept, then forgotten"),
    "WORKSHOP_RETENTION_DAYS": ("365", "days after a workshop date its registrations go (figures keep counts)"),
    "INCUBATOR_MILESTONE_NOTICE_DAYS": ("7", "days before a milestone is due when its entrepreneur is told"),
    "INCUBATOR_INACTIVE_WEEKS": ("3", "weeks without a logged session before a mentorship is flagged and nudged"),
    "ADMIN_EMAIL": ("", "with ADMIN_PASSWORD: the staff admin make run creates at start"),
    "ADMIN_PASSWORD": ("", "the password of ADMIN_EMAIL's account (make run, make admin)"),
}


def _comma_separated(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


PARSERS = {str: str, int: int, float: float, Path: Path, tuple[str, ...]: _comma_separated}
"""How a field's type is read from the environment's text."""


def secret():
    """A field kept out of repr, hence out of logs and tracebacks."""
    return field(repr=False)


@dataclass(frozen=True)
class Settings:
    """Every setting of SETTINGS, parsed: field = the setting's name in lower case.

    RATE_LIMIT_* and DUO_MATCH_* stay text: their owners parse and check them (the gateway's
    RateLimit.parse, the duo service's matching_config at start-up)."""

    amqp_uri: str = secret()
    mongo_uri: str = secret()
    data_dir: Path
    mail_dir: Path
    smtp_url: str = secret()
    mail_from: str
    regions: tuple[str, ...]
    rpc_timeout: float
    handler_max_retries: int
    handler_retry_delay: float
    outbox_relay_interval: float
    log_level: str
    var_dir: Path
    gateway_port: int
    web_dist: Path
    jwt_secret: str = secret()
    access_token_ttl: int
    refresh_token_ttl: int
    rate_limit_login: str
    rate_limit_write: str
    login_lock_after: int
    login_lock_seconds: float
    cors_origins: tuple[str, ...]
    max_body_bytes: int
    duo_match_mode: str
    duo_match_weights: str
    duo_invite_after_days: float
    workshop_open_hours: float
    workshop_offer_hours: float
    workshop_last_call_hours: float
    workshop_no_show_days: float
    workshop_retention_days: float
    incubator_milestone_notice_days: int
    incubator_inactive_weeks: int
    admin_email: str
    admin_password: str = secret()

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> "Settings":
        """Parse every setting from `environ`, its default where it is unset; ValueError naming
        the setting whose value does not parse."""
        values = {}
        for each in fields(cls):
            name = each.name.upper()
            text = environ.get(name, SETTINGS[name][0])
            try:
                values[each.name] = PARSERS[each.type](text)
            except ValueError:
                raise ValueError(f"{name}={text!r}: expected {each.type.__name__}") from None
        return cls(**values)


@cache
def settings() -> Settings:
    """This process's settings, read from the environment at the first call."""
    return Settings.read(os.environ)
