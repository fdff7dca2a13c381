"""API contract of the members service: registration, profiles, staff accounts, credentials."""

from marshmallow import Schema, fields, validate

from interra_contracts.api.common import LANGUAGE_CODE, an_id, one_of
from interra_contracts.vocabulary import CONSENT_PURPOSES, FRENCH_LEVELS, GENDERS, PROGRAMMES, STAFF_ROLES

PASSWORD = validate.Length(min=10, max=128, error="use 10 to 128 characters")
MIN_AGE, MAX_AGE = 16, 110
UPDATABLE_FIELDS = ("phone", "region", "languages", "french_level", "interests", "preferred_language", "programmes")
"""What a member may change in their profile; kind, names and arrival are not self-service."""


class Consent(Schema):
    purpose = fields.String(required=True, validate=validate.OneOf(CONSENT_PURPOSES))
    granted = fields.Boolean(required=True)


class RegisterMember(Schema):
    password = fields.String(required=True, load_only=True, validate=PASSWORD)
    consents = fields.List(fields.Nested(Consent), required=True, validate=validate.Length(min=1, max=10))
    first_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^\+?[0-9 ()./-]{6,20}$", error="not a phone number"),
    )
    birth_year = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1900, max=2100),
        metadata={"description": f"the member must be {MIN_AGE} to {MAX_AGE} years old", "example": 1990},
    )
    gender = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(GENDERS), metadata={"description": "optional"}
    )
    region = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=40), validate.Regexp(r"^[a-z][a-z_-]*$", error="a region code")],
        metadata={"description": "a region code (REGIONS: liege, brussels by default)", "example": "liege"},
    )
    languages = fields.List(fields.String(validate=LANGUAGE_CODE), load_default=list, validate=validate.Length(max=20))
    french_level = fields.String(required=True, validate=one_of(FRENCH_LEVELS))
    interests = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        load_default=list,
        validate=validate.Length(max=30),
    )
    arrived_on = fields.Date(
        load_default=None, allow_none=True, metadata={"description": "arrival in Belgium (not in the future)"}
    )
    programmes = fields.List(fields.String(validate=validate.OneOf(PROGRAMMES)), load_default=list)
    preferred_language = fields.String(load_default="fr", validate=LANGUAGE_CODE)


def update_profile_schema() -> RegisterMember:
    """What a member may change themselves: no names, kind, roles or status (unknown = refused)."""
    return RegisterMember(only=UPDATABLE_FIELDS, partial=True)


class Credentials(Schema):
    username = fields.String(
        required=True, validate=validate.Length(min=3, max=254), metadata={"description": "e-mail or phone"}
    )
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=128))


class CreateStaff(Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, load_only=True, validate=PASSWORD)
    roles = fields.List(
        fields.String(validate=validate.OneOf(STAFF_ROLES)), required=True, validate=validate.Length(min=1)
    )


class StaffView(Schema):
    staff_id = fields.String(attribute="_id")
    email = fields.String()
    roles = fields.List(fields.String())


class ConsentView(Schema):
    purpose = fields.String()
    granted = fields.Boolean()
    language = fields.String()
    at = fields.String()


class MemberView(Schema):
    """A member as the member (or staff) sees them: personal details included."""

    member_id = fields.String(attribute="_id")
    kind = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    email = fields.String()
    phone = fields.String(allow_none=True)
    birth_year = fields.Integer()
    gender = fields.String(allow_none=True)
    region = fields.String()
    languages = fields.List(fields.String())
    french_level = fields.String()
    interests = fields.List(fields.String())
    arrived_on = fields.String(allow_none=True)
    programmes = fields.List(fields.String())
    preferred_language = fields.String()
    registered_at = fields.String()
    consents = fields.List(fields.Nested(ConsentView))


class Principal(Schema):
    """Who a login is: what the gateway puts in its tokens."""

    subject = fields.String(required=True, metadata={"description": "member:<id> or staff:<id>"})
    roles = fields.List(fields.String(), required=True)
    member_id = an_id(allow_none=True)
