"""API contract of the notifications service."""

from marshmallow import Schema, fields


class DeliveryView(Schema):
    """A delivery as staff see it: what was sent to whom (by id), when, and how it went."""

    notification_id = fields.String(attribute="_id")
    member_id = fields.String()
    template = fields.String()
    channel = fields.String()
    language = fields.String(allow_none=True)
    status = fields.String()
    attempt = fields.Integer()
    event_id = fields.String()
    sent_at = fields.String(allow_none=True)
