"""Calling the api the way the page does, for unit tests: `roundtwo.api.dispatch` with a method and params."""

from roundtwo import api


def call(method, **params):
    return api.dispatch({"method": method, "params": params})


def ok(method, **params):
    """The result of a call that must succeed (the whole reply is shown when it does not)."""
    reply = call(method, **params)
    assert reply["ok"], reply
    return reply["result"]
