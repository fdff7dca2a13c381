"""The incubator's entrypoints, one mixin per area (composed in incubator/service.py). Each area's
`export_of` adds its part to super()'s, so that a member's export covers every area.

Here: the clock and the ids every area's entrypoints use (one place to read the time)."""

import uuid
from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().date()


def new_id() -> str:
    return uuid.uuid4().hex
