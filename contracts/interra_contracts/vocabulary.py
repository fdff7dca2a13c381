"""Closed vocabularies shared by events, services and the gateway."""

FRENCH_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2", "native")
MEMBER_KINDS = ("newcomer", "local")
PROGRAMMES = ("workshops", "duos", "incubator")
DUO_SIDES = ("learner", "volunteer")
WORKSHOP_FORMATS = ("in_person", "online")
EVALUATED_PROGRAMMES = ("workshop", "duo", "mentoring")
CHANNELS = ("email", "sms")
DUO_FORMATS = ("video", "in_person")
DUO_END_REASONS = ("completed", "no_time", "moved", "mismatch", "bad_experience", "member_erased", "other")
DUO_BAD_ENDINGS = ("mismatch", "bad_experience")
GENDERS = ("woman", "man", "non_binary")
"""A member may say their gender (or not: None); a duo partner preference uses the same words."""
DUO_REJECTIONS = ("availability", "safeguarding", "known_to_each_other", "needs_in_person", "other")
"""Why a coordinator rejects a proposed duo (the pair is then not proposed again)."""
"""Endings after which the same pair is never proposed again."""
