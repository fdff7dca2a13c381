"""API contract of the workshops service (Ateliers)."""

from marshmallow import Schema, fields, validate

from interra_contracts.api.common import LANGUAGE_CODE, Paging, an_id, choice, text
from interra_contracts.vocabulary import WORKSHOP_CATEGORIES, WORKSHOP_FORMATS, WORKSHOP_STATUSES


class ProposeWorkshop(Schema):
    proposer_id = an_id(required=True)
    title = text(3, 120, required=True, metadata={"example": "Syrian cooking"})
    description = text(
        10, 4000, required=True, metadata={"example": "We cook a Syrian meal together, then share it, in French."}
    )
    category = choice(WORKSHOP_CATEGORIES, required=True, metadata={"example": "cooking"})
    languages = fields.List(
        fields.String(validate=LANGUAGE_CODE),
        required=True,
        validate=validate.Length(min=1, max=20, error="give between {min} and {max} languages"),
        metadata={"example": ["fr", "ar"]},
    )
    format = choice(WORKSHOP_FORMATS, required=True, metadata={"example": "in_person"})


class ListWorkshops(Paging):
    status = choice(WORKSHOP_STATUSES, load_default=None, allow_none=True)


class WorkshopView(Schema):
    workshop_id = fields.String(attribute="_id")
    proposer_id = fields.String()
    title = fields.String()
    description = fields.String()
    category = fields.String()
    languages = fields.List(fields.String())
    format = fields.String()
    status = fields.String()
    created_at = fields.String()
