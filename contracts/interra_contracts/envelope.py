"""The event envelope: id, type, version, source, time, correlation_id and a versioned payload."""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from interra_contracts.events import LATEST, spec_for


class ContractError(ValueError):
    """A message that does not honour its contract. `errors` maps each field to what is wrong."""

    def __init__(self, message: str, errors: Mapping | None = None):
        super().__init__(message)
        self.errors = dict(errors or {})

    def __str__(self):
        return f"{self.args[0]}: {self.errors}" if self.errors else self.args[0]


class EnvelopeSchema(Schema):
    id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    type = fields.String(required=True, validate=validate.Regexp(r"^[A-Z][A-Za-z]+$"))
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    source = fields.String(required=True)
    time = fields.AwareDateTime(required=True, default_timezone=UTC)
    correlation_id = fields.String(load_default=None, allow_none=True)
    data = fields.Dict(required=True)


@dataclass(frozen=True)
class Event:
    """An event as consumers see it: the envelope with its payload loaded at the latest version."""

    id: str
    type: str
    version: int
    source: str
    time: datetime
    correlation_id: str | None
    data: dict[str, Any] = field(default_factory=dict)


Upcaster = Callable[[dict], dict]
_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def register_upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function that turns the data of `from_version` into the data of the next one."""

    def decorate(fn: Upcaster) -> Upcaster:
        _UPCASTERS[(event_type, from_version)] = fn
        return fn

    return decorate


@cache
def _instance(schema_cls: type[Schema]) -> Schema:
    """One instance per schema class: building one costs more than using it (py-spy, bench-events), and a
    marshmallow schema keeps no state between loads."""
    return schema_cls()


def new_event(event_type: str, data: Mapping, *, source: str, correlation_id: str | None = None) -> dict:
    """Build a validated envelope (a JSON-ready dict) of the latest version of `event_type`."""
    spec = spec_for(event_type)
    if spec is None:
        raise ContractError(f"unknown event type {event_type!r}")
    if source not in spec.sources:
        raise ContractError(f"{source!r} may not publish {event_type}")
    schema = _instance(spec.schema)
    try:
        payload = schema.dump(schema.load(_jsonable(data)))
    except ValidationError as exc:
        raise ContractError(f"invalid {event_type} data", exc.messages) from None
    return {
        "id": uuid.uuid4().hex,
        "type": event_type,
        "version": spec.version,
        "source": source,
        "time": datetime.now(UTC).isoformat(),
        "correlation_id": correlation_id,
        "data": payload,
    }


def _jsonable(data: Mapping) -> dict:
    """Dates as ISO strings, so producers may pass either Python values or JSON ones."""
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in data.items()}


def load_event(envelope: Any) -> Event:
    """Validate an envelope and its payload, upcasting old versions; raise ContractError if invalid."""
    if not isinstance(envelope, Mapping):
        raise ContractError("an event must be a JSON object")
    try:
        head = _instance(EnvelopeSchema).load(envelope)
    except ValidationError as exc:
        raise ContractError("invalid envelope", exc.messages) from None
    event_type, version, data = head["type"], head["version"], head["data"]
    if spec_for(event_type, version) is None:
        raise ContractError(f"unknown event {event_type} v{version}")
    if head["source"] not in spec_for(event_type, version).sources:
        raise ContractError(f"{head['source']!r} may not publish {event_type}")
    while version < LATEST[event_type]:
        upcast = _UPCASTERS.get((event_type, version))
        if upcast is None:
            raise ContractError(f"no upcaster for {event_type} v{version}")
        data, version = upcast(dict(data)), version + 1
    try:
        payload = _instance(spec_for(event_type, version).schema).load(data)
    except ValidationError as exc:
        raise ContractError(f"invalid {event_type} data", exc.messages) from None
    return Event(
        id=head["id"],
        type=event_type,
        version=version,
        source=head["source"],
        time=head["time"],
        correlation_id=head["correlation_id"],
        data=payload,
    )
