"""Idempotency keys, as payment APIs have them: a client that sends `Idempotency-Key: <its own unique
value>` with a POST that creates something may send it again (a timeout, a lost answer, a crash) and gets
the first answer back, with nothing created twice. The same key with another request answers 422; while
the first is still being handled, 409 with Retry-After. Keys are per caller (a key of another member is
another key) and kept KEY_HOURS; the gateway stores digests and the answer it gave, never the key. The
answer may hold personal details (a registration's): erasing a member deletes the records they made or
that are about them (forget_member), and no record outlives KEY_HOURS by much (begin sweeps old ones)."""

import hashlib
import json
import re
import time

from gateway import edge  # HttpProblem, read at call time (edge imports this module)
from gateway.auth import Principal

HEADER = "Idempotency-Key"
KEY = re.compile(r"^[\x21-\x7e]{8,255}$")  # printable ASCII without spaces: a UUID fits
KEY_HOURS = 24
KEEP_S = KEY_HOURS * 3600
ABANDONED_S = 120.0
"""A first request still unanswered after this long died with its gateway (requests end within the RPC
deadline): a retry takes the key over instead of waiting a day."""


def key_of(request, principal: Principal | None) -> str | None:
    """The digest of the caller's key (scoped to who calls, or to the client address when anonymous), or None."""
    given = request.headers.get(HEADER)
    if given is None:
        return None
    if not KEY.match(given):
        detail = f"{HEADER} must be 8 to 255 printable characters without spaces"
        raise edge.HttpProblem(400, "Invalid header", detail, {HEADER: ["invalid"]})
    caller = principal.subject if principal else f"anonymous:{request.remote_addr}"
    return hashlib.sha256(f"{caller}\n{given}".encode()).hexdigest()


def fingerprint(request, body: dict | None) -> str:
    """What the request asks: method, path and body (keys sorted), as a digest."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode()).hexdigest()


def begin(store, key: str, principal: Principal | None, request, body: dict | None) -> dict | None:
    """Take the key for this request (None: go on and handle it), or the first answer to give again.
    One insert under the unique _id decides between two copies sent at the same time."""
    now, asked = time.time(), fingerprint(request, body)
    caller = principal.subject if principal else None
    store.db.idempotency.delete_many({"at": {"$lt": now - KEEP_S}})  # this key's old use, and any other
    if store.insert_idempotency({"_id": key, "request": asked, "at": now, "status": None, "caller": caller}):
        return None
    first = store.db.idempotency.find_one({"_id": key}) or {}
    if first.get("request") != asked:
        detail = f"this {HEADER} was used for another request: use a new key"
        raise edge.HttpProblem(422, "Idempotency key reused", detail, {HEADER: ["reused"]})
    if first.get("status") is None and first.get("at", now) < now - ABANDONED_S:
        taken = store.db.idempotency.find_one_and_update(
            {"_id": key, "status": None, "at": first["at"]}, {"$set": {"at": now}}
        )  # of two retries taking it over, one wins
        if taken is not None:
            return None
    if first.get("status") is None:
        raise edge.HttpProblem(
            409, "Request in progress", "the first request with this key is still being handled: try again",
            headers={"Retry-After": "1"},
        )  # fmt: skip
    return {"status": first["status"], "body": first["body"]}


def finish(store, key: str, status: int, body) -> None:
    about = body.get("member_id") if isinstance(body, dict) else None  # whom the answer describes, for erasure
    store.db.idempotency.update_one({"_id": key}, {"$set": {"status": status, "body": body, "about": about}})


def forget_member(store, member_id: str) -> None:
    """Erasure: the answers a member's requests got, and any answer about them."""
    store.db.idempotency.delete_many({"$or": [{"caller": f"member:{member_id}"}, {"about": member_id}]})


def forget(store, key: str) -> None:
    store.db.idempotency.delete_one({"_id": key, "status": None})
