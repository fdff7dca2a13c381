"""What every API contract uses: ids, texts, choices, pages and problem details."""

import re

from marshmallow import Schema, fields, validate

from interra_contracts.vocabulary import WEEK_DAYS

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
"""Every id the API takes, in a path, a query or a body."""
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
ID = [validate.Length(min=1, max=64), validate.Regexp(ID_PATTERN, error="not a valid id")]
LANGUAGE_CODE = validate.Regexp(r"^[a-z]{2,3}$", error="use an ISO 639 code such as fr, en, ar")
NOT_BLANK = validate.Regexp(r"\S", error="must not be blank")
CLOCK = validate.Regexp(r"^\d{2}:\d{2}$", error="a time like 19:30")


def an_id(**kwargs) -> fields.String:
    """An id field (member, duo, workshop...): letters, digits, _ and -, at most 64."""
    return fields.String(validate=ID, **kwargs)


def text(min_length: int, max_length: int, **kwargs) -> fields.String:
    """A free text of min_length to max_length characters, not blank."""
    return fields.String(validate=[validate.Length(min=min_length, max=max_length), NOT_BLANK], **kwargs)


def one_of(values, **kwargs) -> validate.OneOf:
    return validate.OneOf(values, error=f"must be one of: {', '.join(values)}", **kwargs)


def choice(values, **kwargs) -> fields.String:
    return fields.String(validate=one_of(values), **kwargs)


class Paging(Schema):
    """offset and limit of a page query (a service serves at most MAX_LIMIT items, whatever is asked)."""

    offset = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(strict=True, load_default=DEFAULT_LIMIT, validate=validate.Range(min=1))


def page_of(item_schema, name: str) -> type[Schema]:
    """The schema of a page of items: {items, total, offset, limit}."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "total": fields.Integer(required=True),
            "offset": fields.Integer(required=True),
            "limit": fields.Integer(required=True),
        },
        name=name,
    )


def list_of(item_schema, name: str) -> type[Schema]:
    """The schema of a whole list of items (no paging): {items, total}."""
    return Schema.from_dict(
        {"items": fields.List(fields.Nested(item_schema), required=True), "total": fields.Integer(required=True)},
        name=name,
    )


class Flag(fields.Boolean):
    """A JSON true or false, nothing else: "yes", 1 or "true" are refused, as the document says."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def flag(**kwargs) -> Flag:
    return Flag(**kwargs)


def page(items: list, total: int, offset: int, limit: int) -> dict:
    return {"items": items, "total": total, "offset": offset, "limit": limit}


class Problem(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    request_id = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "per field: what is wrong"})


class Window(Schema):
    """A weekly window (availability, opening hours), e.g. {"day": "tue", "from": "19:00", "to": "21:00"}."""

    day = fields.String(required=True, validate=validate.OneOf(WEEK_DAYS))
    start = fields.String(required=True, data_key="from", validate=CLOCK)
    end = fields.String(required=True, data_key="to", validate=CLOCK)
