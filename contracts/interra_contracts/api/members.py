"""API contract of the members service: registration, profiles, staff accounts, credentials."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from interra_contracts.api.common import LANGUAGE_CODE, an_id, flag, one_of
from interra_contracts.vocabulary import CONSENT_PURPOSES, FRENCH_LEVELS, GENDERS, PROGRAMMES, REGIONS, STAFF_ROLES

PASSWORD = validate.Length(min=10, max=128, error="use 10 to 128 characters")
MIN_AGE, MAX_AGE = 16, 110
FIRST_NAMES_MAX = 500
"""The most members whose first names one call of members.first_names asks."""
UPDATABLE_FIELDS = ("phone", "region", "languages", "french_level", "interests", "preferred_language", "programmes")
"""What a member may change in their profile; kind, names and arrival are not self-service."""


class Consent(Schema):
    purpose = fields.String(required=True, validate=validate.OneOf(CONSENT_PURPOSES))
    granted = fields.Boolean(required=True)


class RegisterMember(Schema):
    password = fields.String(
        required=True, load_only=True, validate=PASSWORD, metadata={"example": "a long password 1"}
    )
    consents = fields.List(
        fields.Nested(Consent),
        required=True,
        validate=validate.Length(min=1, max=10),
        metadata={
            "description": "data_processing must be granted to register",
            "example": [{"purpose": "data_processing", "granted": True}],
        },
    )
    first_name = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={"example": "Yasmin"})
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={"example": "Al-Rahim"})
    email = fields.Email(required=True, validate=validate.Length(max=254), metadata={"example": "yasmin@example.org"})
    phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^\+?[0-9 ()./-]{6,20}$", error="not a phone number"),
        metadata={"example": "+32 470 12 34 56"},
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
        validate=one_of(REGIONS),
        metadata={"description": "one of the regions this deployment serves (REGIONS)", "example": "liege"},
    )
    languages = fields.List(
        fields.String(validate=LANGUAGE_CODE),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"example": ["ar", "en"]},
    )
    french_level = fields.String(required=True, validate=one_of(FRENCH_LEVELS), metadata={"example": "A2"})
    interests = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        load_default=list,
        validate=validate.Length(max=30),
        metadata={"example": ["cooking"]},
    )
    arrived_on = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "arrival in Belgium (not in the future)", "example": "2025-06-01"},
    )
    programmes = fields.List(
        fields.String(validate=validate.OneOf(PROGRAMMES)), load_default=list, metadata={"example": ["duos"]}
    )
    preferred_language = fields.String(load_default="fr", validate=LANGUAGE_CODE, metadata={"example": "en"})


def update_profile_schema() -> RegisterMember:
    """What a member may change themselves: no names, kind, roles or status (unknown = refused)."""
    return RegisterMember(only=UPDATABLE_FIELDS, partial=True)


class Credentials(Schema):
    username = fields.String(
        required=True,
        validate=validate.Length(min=3, max=254),
        metadata={"description": "e-mail or phone", "example": "yasmin@example.org"},
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=128),
        metadata={"example": "a long password 1"},
    )


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
    active = fields.Boolean(
        dump_default=True, metadata={"description": "false: the account can no longer log in or refresh"}
    )
    created_at = fields.String(allow_none=True)


class StaffList(Schema):
    staff = fields.List(fields.Nested(StaffView), required=True)


class StaffChange(Schema):
    """What an admin changes of a staff account: its roles (the whole new set), whether it is active.
    An admin cannot deactivate themselves or take the admin role from themselves, and one active admin
    always remains (409)."""

    roles = fields.List(
        fields.String(validate=validate.OneOf(STAFF_ROLES)),
        validate=validate.Length(min=1, max=len(STAFF_ROLES)),
        metadata={"example": ["coordinator:duos"]},
    )
    active = flag(metadata={"example": False})

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError("send roles, active or both", "_schema")


class FirstNames(Schema):
    """Whose first names (members.first_names): the gateway asks for several at once."""

    member_ids = fields.List(an_id(), required=True, validate=validate.Length(max=FIRST_NAMES_MAX))


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
