"""The HTTP gateway: composes the services for frontends through RPC, enforces who may do what.

Business rules stay in the services; here: authentication, the access rules of each route
(function, object and property level), audit of access to personal data, and the HTTP edge. It
depends on the contracts and the chassis only, never on a service package.

One nameko service composed of the routes of each programme (gateway/routes/).
"""

from gateway.routes.accounts import AccountRoutes
from gateway.routes.duos import DuoRoutes
from gateway.routes.incubator import IncubatorRoutes
from gateway.routes.incubator_follow_up import IncubatorFollowUpRoutes
from gateway.routes.incubator_mentoring import IncubatorMentoringRoutes
from gateway.routes.incubator_projects import IncubatorProjectRoutes
from gateway.routes.incubator_reviews import IncubatorReviewRoutes
from gateway.routes.members import MemberRoutes
from gateway.routes.platform import PlatformRoutes
from gateway.routes.workshops import WorkshopRoutes


class GatewayService(
    AccountRoutes,
    MemberRoutes,
    DuoRoutes,
    WorkshopRoutes,
    IncubatorRoutes,
    IncubatorReviewRoutes,
    IncubatorProjectRoutes,
    IncubatorMentoringRoutes,
    IncubatorFollowUpRoutes,
    PlatformRoutes,
):
    """Every route of the API (see docs/api/openapi.json)."""
