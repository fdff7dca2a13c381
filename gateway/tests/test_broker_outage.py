"""While the broker is away the gateway answers 503 with Retry-After (ADR 0010)."""

from kombu.exceptions import OperationalError

from gateway.edge import RETRY_AFTER_S, to_problem
from interra_chassis.errors import NotFound, Unavailable


def test_unavailable_is_a_503_saying_when_to_try_again():
    failure = to_problem(Unavailable("the message broker is unreachable; try again shortly"))
    assert (failure.status, failure.headers) == (503, {"Retry-After": str(RETRY_AFTER_S)})


def test_a_broker_error_that_slips_through_is_a_503_not_a_500():
    failure = to_problem(OperationalError("[Errno 111] ECONNREFUSED"))
    assert (failure.status, failure.title, failure.headers["Retry-After"]) == (503, "Service unavailable", "5")
    assert "ECONNREFUSED" not in failure.detail  # no internals in answers


def test_other_answers_have_no_retry_after():
    assert to_problem(NotFound("no member")).headers == {}
