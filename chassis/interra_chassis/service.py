"""What every Interra service has: log context and a health check."""

from interra_chassis.logs import LogContext
from interra_chassis.rpc import rpc


class InterraService:
    """Base class of every service: `class Members(InterraService): name = "members"`."""

    name = "interra"
    log_context = LogContext()

    @rpc
    def health(self) -> dict:
        """Liveness over the broker: the service answers, with its name."""
        return {"service": self.name, "status": "ok"}
