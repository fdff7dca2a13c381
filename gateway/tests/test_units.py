"""The gateway's pure parts, without a broker: tokens and principals (auth.py), rate limits
(ratelimit.py) and the problem details, JSON bodies and query arguments of the edge (edge.py)."""

import hashlib
import json
import re
import time
from types import SimpleNamespace

import jwt
import pytest
from nameko.exceptions import RemoteError
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gateway.auth import (
    ALGORITHM,
    AUDIENCE,
    ISSUER,
    AuthError,
    Principal,
    bearer_token,
    digest,
    issue_access_token,
    new_refresh_token,
    principal_from_token,
)
from gateway.edge import (
    SECURITY_HEADERS,
    Edge,
    HttpProblem,
    authenticate,
    cors_headers,
    int_arg,
    json_response,
    problem,
    read_json,
    request_id_of,
    to_problem,
    werkzeug_path,
)
from gateway.ratelimit import RateLimit
from interra_chassis.errors import (
    Conflict,
    Forbidden,
    InterraError,
    Invalid,
    NotFound,
    TimedOut,
    Unauthorized,
    Unavailable,
)

SECRET = "unit-test-secret-" + "s" * 60  # long enough for HS512 too (64 bytes)
MEMBER = Principal("member:m-1", ("member",), "m-1")
ADMIN = Principal("staff:boss", ("admin",), None)
DUO_COORDINATOR = Principal("staff:coord", ("coordinator:duos",), None)


def claims(**changes) -> dict:
    """Valid access-token claims, with changes (None removes a claim)."""
    now = int(time.time())
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "member:m-1", "roles": ["member"], "member_id": "m-1",
            "iat": now, "nbf": now, "exp": now + 60}  # fmt: skip
    return {k: v for k, v in {**base, **changes}.items() if v is not None}


def request(path="/", **options) -> Request:
    return Request(EnvironBuilder(path=path, **options).get_environ())


# --- auth.py: access tokens ----------------------------------------------------------------------


def test_an_issued_token_gives_back_its_principal():
    for principal in (MEMBER, ADMIN, Principal("staff:two", ("coordinator:duos", "coordinator:workshops"), None)):
        assert principal_from_token(issue_access_token(principal, SECRET, ttl=60), SECRET) == principal


def test_an_issued_token_carries_every_claim_rfc_8725_asks_for():
    token = issue_access_token(MEMBER, SECRET, ttl=300, now=1_700_000_000)
    assert jwt.get_unverified_header(token)["alg"] == ALGORITHM == "HS256"
    body = jwt.decode(token, options={"verify_signature": False})
    assert (body["iss"], body["aud"], body["sub"]) == (ISSUER, AUDIENCE, "member:m-1")
    assert (body["roles"], body["member_id"]) == (["member"], "m-1")
    assert (body["iat"], body["nbf"], body["exp"]) == (1_700_000_000, 1_700_000_000, 1_700_000_300)
    again = issue_access_token(MEMBER, SECRET, ttl=300, now=1_700_000_000)
    other = jwt.decode(again, options={"verify_signature": False})
    assert re.fullmatch(r"[0-9a-f]{16}", body["jti"]) and other["jti"] != body["jti"]


def test_an_expired_token_is_refused_with_a_hint_to_refresh():
    token = issue_access_token(MEMBER, SECRET, ttl=60, now=time.time() - 61)
    with pytest.raises(AuthError, match="expired; refresh it"):
        principal_from_token(token, SECRET)
    still_valid = issue_access_token(MEMBER, SECRET, ttl=60, now=time.time() - 50)
    assert principal_from_token(still_valid, SECRET) == MEMBER


def test_a_token_checked_once_is_refused_when_it_expires_and_with_another_key():
    """Checked tokens are kept (auth._verified): keeping one never stretches its life or its key."""
    issued = time.time()
    token = issue_access_token(MEMBER, SECRET, ttl=60, now=issued)
    assert principal_from_token(token, SECRET) == MEMBER
    assert principal_from_token(token, SECRET, now=int(issued) + 59) == MEMBER
    with pytest.raises(AuthError, match="expired; refresh it"):
        principal_from_token(token, SECRET, now=int(issued) + 60)
    with pytest.raises(AuthError, match="not valid"):
        principal_from_token(token, OTHER_KEY)


def test_a_token_from_the_future_is_refused():
    token = issue_access_token(MEMBER, SECRET, ttl=60, now=time.time() + 3600)  # nbf and iat ahead
    with pytest.raises(AuthError, match="not valid"):
        principal_from_token(token, SECRET)


OTHER_KEY = "another secret of the right length, for HS256"


@pytest.mark.parametrize(
    ("changes", "key", "algorithm"),
    [
        pytest.param({}, OTHER_KEY, "HS256", id="key"),
        pytest.param({"aud": "another-api"}, SECRET, "HS256", id="audience"),
        pytest.param({"iss": "someone-else"}, SECRET, "HS256", id="issuer"),
        pytest.param({}, None, "none", id="alg-none"),
        pytest.param({}, SECRET, "HS512", id="alg-hs512"),
        pytest.param({"exp": None}, SECRET, "HS256", id="no-exp"),
        pytest.param({"iat": None}, SECRET, "HS256", id="no-iat"),
        pytest.param({"sub": None}, SECRET, "HS256", id="no-sub"),
        pytest.param({"aud": None}, SECRET, "HS256", id="no-aud"),
        pytest.param({"iss": None}, SECRET, "HS256", id="no-iss"),
    ],
)
def test_tokens_that_break_a_rule_are_refused(changes, key, algorithm):
    token = jwt.encode(claims(**changes), key, algorithm=algorithm)  # claims made now: not expired
    with pytest.raises(AuthError, match="the access token is not valid"):
        principal_from_token(token, SECRET)


@pytest.mark.parametrize("token", ["not.a.token", "", "a" * 100])
def test_what_is_not_a_token_is_refused(token):
    with pytest.raises(AuthError, match="the access token is not valid"):
        principal_from_token(token, SECRET)


def test_a_token_with_every_rule_kept_is_accepted():  # the control for the refusals above
    token = jwt.encode(claims(), SECRET, algorithm="HS256")
    assert principal_from_token(token, SECRET) == MEMBER


@pytest.mark.parametrize("roles", [None, "admin", ["admin", 1], [["admin"]], {"admin": True}])
def test_a_roles_claim_that_is_not_a_list_of_strings_is_refused(roles):
    token = jwt.encode(claims(roles=roles), SECRET, algorithm="HS256")
    with pytest.raises(AuthError, match="not valid"):
        principal_from_token(token, SECRET)


def test_an_empty_roles_list_is_a_principal_without_roles():
    principal = principal_from_token(jwt.encode(claims(roles=[], member_id=None), SECRET, algorithm="HS256"), SECRET)
    assert principal == Principal("member:m-1", (), None)
    assert not principal.is_staff and not principal.has_any(["member", "admin"])


# --- auth.py: principals, the Authorization header, refresh tokens and digests --------------------


def test_members_act_for_themselves_and_admins_for_anyone():
    assert MEMBER.acts_for("m-1")
    assert not MEMBER.acts_for("m-2")
    assert ADMIN.acts_for("m-1") and ADMIN.acts_for("m-2")


def test_coordinators_act_for_members_only_where_the_route_says_so():
    assert not DUO_COORDINATOR.acts_for("m-1")
    assert DUO_COORDINATOR.acts_for("m-1", staff_roles=("admin", "coordinator:duos"))
    assert not DUO_COORDINATOR.acts_for("m-1", staff_roles=("admin", "coordinator:workshops"))
    assert not ADMIN.acts_for("m-1", staff_roles=("coordinator:duos",))  # only the roles given count
    assert MEMBER.acts_for("m-2", staff_roles=("member",))  # a role named in staff_roles acts for anyone


def test_has_any_and_is_staff():
    assert MEMBER.has_any(["member"]) and MEMBER.has_any({"admin", "member"}) and MEMBER.has_any(("member",))
    assert not MEMBER.has_any(["admin", "coordinator:duos"])
    assert not ADMIN.has_any([])
    assert ADMIN.is_staff and DUO_COORDINATOR.is_staff
    assert not MEMBER.is_staff
    assert not Principal("x", ("coordinator:nothing",), None).is_staff


@pytest.mark.parametrize(
    ("header", "token"),
    [(None, None), ("", None), ("Bearer abc.def.ghi", "abc.def.ghi"), ("bearer abc", "abc"),
     ("BEARER  abc  ", "abc")],
)  # fmt: skip
def test_bearer_tokens_are_read_from_the_authorization_header(header, token):
    assert bearer_token(header) == token


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token abc", "abc.def.ghi"])
def test_other_authorization_headers_are_refused_with_the_expected_form(header):
    with pytest.raises(AuthError, match="Bearer <access token>"):
        bearer_token(header)


def test_refresh_tokens_are_long_random_and_url_safe():
    tokens = {new_refresh_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43,}", t) for t in tokens)


def test_a_digest_is_sha256_hex_and_never_the_value():
    assert digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert digest("samir@example.org") == hashlib.sha256(b"samir@example.org").hexdigest()
    assert digest("samir@example.org") != digest("Samir@example.org")
    assert "samir" not in digest("samir@example.org")


# --- ratelimit.py ------------------------------------------------------------------------------------


class Clock:
    def __init__(self, now: float = 1000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("spec", "limit", "window"), [("10/60", 10, 60.0), ("5", 5, 60.0), ("3/0.5", 3, 0.5)])
def test_a_limit_is_parsed_from_count_slash_seconds(spec, limit, window):
    parsed = RateLimit.parse(spec)
    assert (parsed.limit, parsed.window) == (limit, window)


@pytest.mark.parametrize("spec", ["", "ten/60", "10/a minute"])
def test_a_malformed_limit_is_an_error(spec):
    with pytest.raises(ValueError):
        RateLimit.parse(spec)


def test_a_fixed_window_allows_the_limit_then_says_how_long_to_wait():
    clock = Clock()
    limit = RateLimit(2, 10.0, clock=clock)
    assert (limit.hit("a"), limit.hit("a")) == (0.0, 0.0)
    assert limit.hit("a") == 10.0
    clock.now += 4
    assert limit.hit("a") == 6.0  # refused requests do not move the window
    assert limit.hit("b") == 0.0  # each key has its own window
    clock.now += 6  # the window of "a" is over
    assert (limit.hit("a"), limit.hit("a"), limit.hit("a")) == (0.0, 0.0, 10.0)


def test_the_window_starts_at_the_first_request_and_is_not_sliding():
    clock = Clock()
    limit = RateLimit(2, 10.0, clock=clock)
    limit.hit("a")
    clock.now += 9.5
    assert limit.hit("a") == 0.0
    assert limit.hit("a") == pytest.approx(0.5)
    clock.now += 0.5
    assert limit.hit("a") == 0.0  # a new window from here, though a request came 0.5 s ago


def test_the_default_clock_is_monotonic_time():
    limit = RateLimit(1, 60.0)
    assert limit.clock is time.monotonic
    assert limit.hit("a") == 0.0
    assert 59.0 < limit.hit("a") <= 60.0


def test_finished_windows_are_forgotten_when_there_are_many():
    clock = Clock()
    limit = RateLimit(1, 10.0, clock=clock)
    for n in range(99_999):
        limit.hit(f"client-{n}")
    clock.now += 15
    limit.hit("recent")
    clock.now += 5
    limit.hit("new")  # the 100 001st window: the finished ones go
    assert set(limit._windows) == {"recent", "new"}
    assert limit.hit("recent") == 5.0  # an open window is kept, with its count
    assert limit.hit("client-0") == 0.0


def test_the_edge_throttles_with_429_and_retry_after():
    clock = Clock()
    limit = RateLimit(1, 30.0, clock=clock)
    edge = Edge()
    edge.throttle(limit, "10.0.0.1")
    clock.now += 0.4
    with pytest.raises(HttpProblem) as caught:
        edge.throttle(limit, "10.0.0.1")
    assert (caught.value.status, caught.value.title) == (429, "Too many requests")
    assert caught.value.headers == {"Retry-After": "30"}
    assert "30 s" in caught.value.detail
    clock.now += 29.4  # 0.2 s left: never tell a client to retry after 0 s
    with pytest.raises(HttpProblem) as caught:
        edge.throttle(limit, "10.0.0.1")
    assert caught.value.headers == {"Retry-After": "1"}
    edge.throttle(limit, "10.0.0.2")


# --- edge.py: problem details ---------------------------------------------------------------------


def test_a_problem_is_rfc_9457_json_with_the_request_id_and_the_edge_headers():
    cors = {"Access-Control-Allow-Origin": "https://app.interra.be", "Vary": "Origin"}
    failure = HttpProblem(429, "Too many requests", "slow down", headers={"Retry-After": "7"})
    response = problem(failure, "req-1", cors)
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert json.loads(response.get_data()) == {
        "type": "https://interra.be/problems/too-many-requests",
        "title": "Too many requests",
        "status": 429,
        "detail": "slow down",
        "request_id": "req-1",
    }
    assert response.headers["X-Request-ID"] == "req-1"
    assert response.headers["Retry-After"] == "7"
    assert response.headers["Access-Control-Allow-Origin"] == "https://app.interra.be"
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_a_problem_names_the_fields_in_error_when_there_are_some():
    body = json.loads(problem(HttpProblem(422, "Invalid input", "check", {"email": ["not an email"]}), "r", {}).data)
    assert body["errors"] == {"email": ["not an email"]}
    assert body["type"] == "https://interra.be/problems/invalid-input"
    assert "errors" not in json.loads(problem(HttpProblem(404, "Not found", "no such thing", {}), "r", {}).data)


@pytest.mark.parametrize(
    ("error", "status", "title"),
    [
        (Invalid("check the fields", {"email": ["not an email"]}), 422, "Invalid input"),
        (NotFound("no such workshop"), 404, "Not found"),
        (Conflict("already registered"), 409, "Conflict"),
        (Unauthorized("wrong username or password"), 401, "Unauthorized"),
        (Forbidden("not yours"), 403, "Forbidden"),
        (TimedOut("members did not answer"), 504, "Gateway timeout"),
        (Unavailable("members is not running"), 503, "Service unavailable"),
        (InterraError("something of ours"), 500, "Internal error"),
    ],
)
def test_service_errors_become_their_own_problem(error, status, title):
    failure = to_problem(error)
    assert (failure.status, failure.title, failure.detail) == (status, title, error.message)
    assert failure.errors == (error.fields or None)


def test_an_http_problem_is_left_as_it_is():
    failure = HttpProblem(415, "Unsupported media type", "send JSON")
    assert to_problem(failure) is failure


def test_a_remote_error_is_a_502_that_gives_nothing_of_the_service_away():
    failure = to_problem(RemoteError("KeyError", "'password_hash' in members.store line 42"))
    assert (failure.status, failure.title) == (502, "Bad gateway")
    assert "password_hash" not in failure.detail and "KeyError" not in failure.detail
    assert failure.errors is None


def test_any_other_error_is_a_500_that_gives_nothing_away():
    failure = to_problem(ValueError("mongodb://admin:secret@db"))
    assert (failure.status, failure.title) == (500, "Internal error")
    assert "secret" not in failure.detail


def test_an_answer_carries_the_request_id_and_security_headers():
    response = json_response({"ok": True}, 201, "req-2", {})
    assert (response.status_code, json.loads(response.data)) == (201, {"ok": True})
    assert response.headers["X-Request-ID"] == "req-2"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert json_response(None, 204, "req-3", {}).data == b""


# --- edge.py: JSON bodies -----------------------------------------------------------------------


def test_a_json_object_is_read():
    body = {"first_name": "Amina", "languages": ["ar", "fr"]}
    assert read_json(request(method="POST", json=body), max_bytes=1000) == body
    charset = request(method="POST", data=json.dumps(body), content_type="application/json; charset=utf-8")
    assert read_json(charset, max_bytes=1000) == body


def test_a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_413():
    raw = json.dumps({"note": "x" * 20}).encode()
    assert read_json(request(method="POST", data=raw, content_type="application/json"), len(raw)) == {"note": "x" * 20}
    with pytest.raises(HttpProblem) as caught:
        read_json(request(method="POST", data=raw, content_type="application/json"), len(raw) - 1)
    assert (caught.value.status, caught.value.title) == (413, "Payload too large")
    assert str(len(raw) - 1) in caught.value.detail


def test_a_declared_length_over_the_limit_is_413_before_reading():
    environ = EnvironBuilder(method="POST", data=b'{"a": 1}', content_type="application/json").get_environ()
    environ["CONTENT_LENGTH"] = "101"  # more than allowed, whatever is actually sent
    with pytest.raises(HttpProblem) as caught:
        read_json(Request(environ), max_bytes=100)
    assert caught.value.status == 413


def test_a_body_without_content_length_is_cut_at_the_limit():
    environ = EnvironBuilder(method="POST", data=json.dumps({"note": "x" * 500}), content_type="application/json")
    environ = environ.get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True  # a chunked body: the server does not know its length
    with pytest.raises(HttpProblem) as caught:
        read_json(Request(environ), max_bytes=100)
    assert caught.value.status == 413


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_a_body_that_is_not_json_is_415(content_type):
    with pytest.raises(HttpProblem) as caught:
        read_json(request(method="POST", data='{"a": 1}', content_type=content_type), max_bytes=1000)
    assert (caught.value.status, caught.value.title) == (415, "Unsupported media type")


def test_a_body_without_content_type_is_415():
    with pytest.raises(HttpProblem) as caught:
        read_json(request(method="POST", data=b'{"a": 1}'), max_bytes=1000)
    assert caught.value.status == 415


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ('{"a": 1', "not valid JSON"),
        ("", "not valid JSON"),
        (b"\xff\xfe{", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('"text"', "must be a JSON object"),
        ("null", "must be a JSON object"),
        ("42", "must be a JSON object"),
    ],
)
def test_malformed_json_and_other_values_than_an_object_are_400(raw, detail):
    with pytest.raises(HttpProblem) as caught:
        read_json(request(method="POST", data=raw, content_type="application/json"), max_bytes=1000)
    assert (caught.value.status, caught.value.title) == (400, "Malformed JSON")
    assert detail in caught.value.detail


# --- edge.py: request ids, query arguments, paths, CORS and authentication -------------------------


@pytest.mark.parametrize("given", ["abc", "req-1.2_3", "A" * 64, "0f8e2b1c9d"])
def test_a_well_formed_request_id_is_kept(given):
    assert request_id_of(request(headers={"X-Request-ID": given})) == given


@pytest.mark.parametrize("given", [None, "", "A" * 65, "has space", "semi;colon", "a/b", "<script>", "é"])
def test_any_other_request_id_is_replaced_by_a_fresh_one(given):
    headers = {} if given is None else {"X-Request-ID": given}
    first, second = request_id_of(request(headers=headers)), request_id_of(request(headers=headers))
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.parametrize(
    ("query", "value"), [({}, 20), ({"limit": "5"}, 5), ({"limit": "-3"}, -3), ({"limit": "0"}, 0)]
)
def test_an_integer_argument_or_its_default(query, value):
    assert int_arg(request(query_string=query), "limit", 20) == value


@pytest.mark.parametrize("given", ["ten", "1.5", "", "5a"])
def test_an_argument_that_is_not_an_integer_is_400_naming_it(given):
    with pytest.raises(HttpProblem) as caught:
        int_arg(request(query_string={"offset": given}), "offset", 0)
    assert (caught.value.status, caught.value.title) == (400, "Invalid query")
    assert caught.value.errors == {"offset": ["not an integer"]}


@pytest.mark.parametrize(
    ("openapi", "werkzeug"),
    [
        ("/members", "/members"),
        ("/members/{member_id}", "/members/<string:member_id>"),
        ("/duos/{duo_id}/sessions/{session_id}", "/duos/<string:duo_id>/sessions/<string:session_id>"),
    ],
)
def test_openapi_paths_become_werkzeug_rules(openapi, werkzeug):
    assert werkzeug_path(openapi) == werkzeug


def test_cors_headers_only_for_an_allowed_origin():
    edge = SimpleNamespace(cors_origins={"https://app.interra.be"})
    allowed = cors_headers(edge, request(headers={"Origin": "https://app.interra.be"}))
    assert allowed["Access-Control-Allow-Origin"] == "https://app.interra.be"
    assert allowed["Vary"] == "Origin"
    assert "X-Request-ID" in allowed["Access-Control-Expose-Headers"]
    assert cors_headers(edge, request(headers={"Origin": "https://evil.example"})) == {}
    assert cors_headers(edge, request()) == {}


def test_authentication_gives_the_principal_or_a_401_with_www_authenticate():
    edge = SimpleNamespace(jwt_secret=SECRET)
    token = issue_access_token(MEMBER, SECRET, ttl=60)
    assert authenticate(edge, request(headers={"Authorization": f"Bearer {token}"}), required=True) == MEMBER
    assert authenticate(edge, request(), required=False) is None
    for headers in ({}, {"Authorization": "Basic eDp5"}, {"Authorization": "Bearer forged"}):
        with pytest.raises(HttpProblem) as caught:
            authenticate(edge, request(headers=headers), required=True)
        assert caught.value.status == 401
        assert caught.value.headers == {"WWW-Authenticate": 'Bearer realm="interra"'}
    with pytest.raises(HttpProblem):  # a bad token is refused even where none is required
        authenticate(edge, request(headers={"Authorization": "Bearer forged"}), required=False)
