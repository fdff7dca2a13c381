"""The duo service's matching configuration, read and checked once when the service starts: a typo
stops the service with a clear message instead of silently matching with other rules."""

import json
from dataclasses import dataclass

from nameko.extensions import DependencyProvider

from duos import matching
from duos.domain import MATCH_MODES
from interra_chassis.config import settings


@dataclass(frozen=True)
class MatchingConfig:
    mode: str
    weights: matching.Weights


def matching_config() -> MatchingConfig:
    """DUO_MATCH_MODE and DUO_MATCH_WEIGHTS from the environment; ValueError saying what is wrong."""
    mode = settings().duo_match_mode
    if mode not in MATCH_MODES:
        raise ValueError(f"DUO_MATCH_MODE={mode!r}: expected one of {', '.join(MATCH_MODES)}")
    try:
        weights = json.loads(settings().duo_match_weights)
    except json.JSONDecodeError as exc:
        raise ValueError(f"DUO_MATCH_WEIGHTS is not JSON: {exc}") from None
    if not isinstance(weights, dict):
        raise ValueError("DUO_MATCH_WEIGHTS: expected a JSON object of weights")
    try:
        return MatchingConfig(mode, matching.Weights.from_mapping(weights))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"DUO_MATCH_WEIGHTS: {exc}") from None


class Matching(DependencyProvider):
    """Injects the MatchingConfig, checked at start-up."""

    def setup(self):
        self.config = matching_config()

    def get_dependency(self, worker_ctx):
        return self.config
