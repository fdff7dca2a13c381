"""API contract of the incubator service (InterLab)."""

from marshmallow import Schema, fields

from interra_contracts.api.common import Paging, an_id, choice, text
from interra_contracts.vocabulary import INCUBATOR_SECTORS


class Apply(Schema):
    member_id = an_id(required=True)
    project_title = text(3, 120, required=True, metadata={"example": "A Syrian bakery in Outremeuse"})
    sector = choice(INCUBATOR_SECTORS, required=True, metadata={"example": "food"})
    description = text(10, 4000, required=True, metadata={"example": "Bread and pastries from Aleppo, baked in Liège."})
    cohort = text(1, 40, load_default=None, allow_none=True, metadata={"example": "2027-spring"})


class ListApplications(Paging):
    member_id = an_id(load_default=None, allow_none=True)


class ApplicationView(Schema):
    application_id = fields.String(attribute="_id")
    member_id = fields.String()
    project_title = fields.String()
    sector = fields.String()
    description = fields.String()
    cohort = fields.String(allow_none=True)
    status = fields.String()
    created_at = fields.String()
