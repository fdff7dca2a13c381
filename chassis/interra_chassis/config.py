"""Configuration from the environment, read when asked (never at import), with documented defaults.

The table SETTINGS is the single place a setting is named; README's configuration table mirrors it.
"""

import os
from dataclasses import dataclass
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
    "GATEWAY_PORT": ("8000", "port of the HTTP gateway (make run)"),
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
}


def setting(name: str) -> str:
    """The value of a documented setting: the environment's, else its default."""
    default, _ = SETTINGS[name]
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    amqp_uri: str
    mongo_uri: str
    data_dir: Path
    mail_dir: Path
    smtp_url: str
    mail_from: str
    regions: tuple[str, ...]
    rpc_timeout: float
    handler_max_retries: int
    handler_retry_delay: float
    outbox_relay_interval: float

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            amqp_uri=setting("AMQP_URI"),
            mongo_uri=setting("MONGO_URI"),
            data_dir=Path(setting("DATA_DIR")),
            mail_dir=Path(setting("MAIL_DIR")),
            smtp_url=setting("SMTP_URL"),
            mail_from=setting("MAIL_FROM"),
            regions=tuple(r.strip() for r in setting("REGIONS").split(",") if r.strip()),
            rpc_timeout=float(setting("RPC_TIMEOUT")),
            handler_max_retries=int(setting("HANDLER_MAX_RETRIES")),
            handler_retry_delay=float(setting("HANDLER_RETRY_DELAY")),
            outbox_relay_interval=float(setting("OUTBOX_RELAY_INTERVAL")),
        )
