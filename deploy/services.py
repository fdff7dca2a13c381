"""The platform's processes, in start order, from the one registry (interra_contracts.registry)."""

import importlib

from interra_contracts.registry import processes


def service_classes() -> list[type]:
    """Every nameko service class of the platform, the gateway last."""
    return [getattr(importlib.import_module(p.module), p.cls) for p in processes()]
