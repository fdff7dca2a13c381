"""The gateway's own database: audit trail, refresh tokens, failed logins. No personal details:
members appear by id, usernames and tokens only as one-way digests."""

import uuid

import pymongo
import pymongo.errors

from interra_chassis.store import Repository


class GatewayStore(Repository):
    @classmethod
    def ensure_indexes(cls, db):
        db.audit.create_index([("member_id", pymongo.ASCENDING), ("at", pymongo.DESCENDING)])
        db.idempotency.create_index("at")

    # idempotency keys (gateway.idempotency): digests and the first answer, kept a day
    def insert_idempotency(self, record: dict) -> bool:
        """Take a key: False when it is taken already (the unique _id decides between two copies)."""
        try:
            self.db.idempotency.insert_one(record)
        except pymongo.errors.DuplicateKeyError:
            return False
        return True

    # audit
    def audit(self, actor: str, action: str, member_id: str, request_id: str, at: str) -> None:
        self.db.audit.insert_one(
            {"_id": uuid.uuid4().hex, "actor": actor, "action": action, "member_id": member_id,
             "request_id": request_id, "at": at}
        )  # fmt: skip

    def audit_of(self, member_id: str, offset: int, limit: int) -> tuple[list[dict], int]:
        query = {"member_id": member_id}
        cursor = self.db.audit.find(query, {"_id": 0}).sort([("at", pymongo.DESCENDING)]).skip(offset).limit(limit)
        return list(cursor), self.db.audit.count_documents(query)

    # refresh tokens (stored by digest, single use)
    def add_refresh(self, token_digest: str, principal: dict, expires_at: float, csrf_digest: str | None = None):
        """csrf_digest: a browser's refresh token (in a cookie) is bound to the digest of its CSRF token."""
        doc = {"_id": token_digest, "principal": principal, "expires_at": expires_at}
        if csrf_digest is not None:
            doc["csrf"] = csrf_digest
        self.db.refresh_tokens.insert_one(doc)

    def refresh_csrf(self, token_digest: str, now: float) -> str | None:
        """The CSRF digest bound to a live browser refresh token (without using it); None if there is none."""
        doc = self.db.refresh_tokens.find_one({"_id": token_digest})
        return doc.get("csrf") if doc and doc["expires_at"] > now else None

    def revoke_refresh(self, token_digest: str) -> None:
        self.db.refresh_tokens.delete_one({"_id": token_digest})

    def use_refresh(self, token_digest: str, now: float) -> dict | None:
        """Take a refresh token (atomically: a token works once)."""
        doc = self.db.refresh_tokens.find_one_and_delete({"_id": token_digest})
        return doc["principal"] if doc and doc["expires_at"] > now else None

    def revoke_refresh_of(self, subject: str) -> None:
        self.db.refresh_tokens.delete_many({"principal.subject": subject})

    # failed logins, by username digest
    def failures(self, key: str) -> dict:
        return self.db.login_failures.find_one({"_id": key}) or {"count": 0, "locked_until": 0}

    def add_failure(self, key: str, now: float, lock_after: int, lock_seconds: float) -> dict:
        doc = self.db.login_failures.find_one_and_update(
            {"_id": key},
            {"$inc": {"count": 1}, "$setOnInsert": {"locked_until": 0}},
            upsert=True,
            return_document=pymongo.ReturnDocument.AFTER,
        )
        if doc["count"] >= lock_after:
            self.db.login_failures.update_one({"_id": key}, {"$set": {"count": 0, "locked_until": now + lock_seconds}})
            doc = {**doc, "locked_until": now + lock_seconds}
        return doc

    def clear_failures(self, key: str) -> None:
        self.db.login_failures.delete_one({"_id": key})
