"""Settings: named once (SETTINGS), parsed into one typed Settings once per process, and the README's
configuration table in step with them."""

import re
from dataclasses import fields
from pathlib import Path

import pytest

from interra_chassis.config import SETTINGS, Settings, settings

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_settings() -> dict[str, str]:
    """The README's configuration table as {setting: default}. A row may name several settings
    (`A`, `B` | `1`, `2`: one default each, in order); a default *(empty...)* is the empty text."""
    section = README.read_text().split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    table = {}
    for row in section.splitlines():
        if not row.startswith("| `"):
            continue
        names_cell, default_cell = (cell.strip() for cell in row.strip().strip("|").split("|")[:2])
        names = re.findall(r"`([A-Z][A-Z0-9_]*)`", names_cell)
        defaults = [""] * len(names) if default_cell.startswith("*(empty") else re.findall(r"`([^`]*)`", default_cell)
        assert len(defaults) == len(names), f"one default per setting: {row}"
        for name, default in zip(names, defaults, strict=True):
            assert name not in table, f"{name} is listed twice"
            table[name] = default
    return table


def test_the_readme_lists_exactly_the_settings_with_their_defaults():
    assert readme_settings() == {name: default for name, (default, _) in SETTINGS.items()}


def test_settings_has_a_field_for_every_setting_and_no_other():
    assert [f.name.upper() for f in fields(Settings)] == list(SETTINGS)


def test_the_defaults_are_parsed():
    defaults = Settings.read({})
    assert defaults.regions == ("liege", "brussels")
    assert defaults.data_dir == Path("var/data")
    assert (defaults.rpc_timeout, defaults.handler_max_retries, defaults.gateway_port) == (5.0, 3, 8000)
    assert (defaults.login_lock_after, defaults.login_lock_seconds) == (5, 900.0)
    assert (defaults.cors_origins, defaults.mongo_uri, defaults.jwt_secret) == ((), "", "")
    assert defaults.rate_limit_login == "10/60"  # its owner, the gateway's RateLimit, parses it


def test_values_come_from_the_environment_given():
    read = Settings.read(
        {"REGIONS": " liege, namur ,", "CORS_ORIGINS": "https://a.be,https://b.be", "MAX_BODY_BYTES": "1024"}
    )
    assert read.regions == ("liege", "namur")
    assert read.cors_origins == ("https://a.be", "https://b.be")
    assert read.max_body_bytes == 1024


@pytest.mark.parametrize(
    ("name", "value"), [("RPC_TIMEOUT", "soon"), ("GATEWAY_PORT", "80.5"), ("LOGIN_LOCK_AFTER", "")]
)
def test_a_value_that_does_not_parse_is_named(name, value):
    with pytest.raises(ValueError, match=f"{name}={value!r}"):
        Settings.read({name: value})


def test_secrets_stay_out_of_the_repr():
    secret = "s3cret-" + "x" * 32
    read = Settings.read({"JWT_SECRET": secret, "AMQP_URI": f"amqp://u:{secret}@h/", "ADMIN_PASSWORD": secret})
    assert secret not in repr(read)


def test_settings_are_read_once_until_the_cache_is_cleared():
    first = settings()
    assert settings() is first
    with pytest.MonkeyPatch.context() as plain:  # pytest's own: leaves the cache alone
        plain.setenv("RPC_TIMEOUT", str(first.rpc_timeout + 7))
        assert settings().rpc_timeout == first.rpc_timeout
        settings.cache_clear()
        assert settings().rpc_timeout == first.rpc_timeout + 7
    settings.cache_clear()
    assert settings() == first


def test_the_monkeypatch_fixture_is_seen_at_once_and_its_undo_too(monkeypatch):
    before = settings().rpc_timeout
    monkeypatch.setenv("RPC_TIMEOUT", str(before + 1))
    assert settings().rpc_timeout == before + 1
    monkeypatch.undo()
    assert settings().rpc_timeout == before
