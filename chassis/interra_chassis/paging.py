"""A page of a list RPC, the same in every service: newest first (Repository.newest_first_page), at
most MAX_LIMIT items whatever the caller asks, answered as {items, total, offset, limit}. The
contracts' Paging schema checks offset and limit first."""

from interra_contracts.api.common import DEFAULT_LIMIT, MAX_LIMIT, page

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "page", "page_limit"]


def page_limit(limit: int) -> int:
    """A page never holds more than MAX_LIMIT items, whatever the caller asks."""
    return min(limit, MAX_LIMIT)
