"""API contract of the incubator service (InterLab)."""

from marshmallow import Schema, fields

from interra_contracts.api.common import Paging, an_id, choice, text
from interra_contracts.vocabulary import INCUBATOR_SECTORS


class Apply(Schema):
    member_id = an_id(required=True)
    project_title = text(3, 120, required=True)
    sector = choice(INCUBATOR_SECTORS, required=True)
    description = text(10, 4000, required=True)
    cohort = text(1, 40, load_default=None, allow_none=True)


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
