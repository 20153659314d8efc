"""Methods about the API itself."""

from . import __version__


def ping(params: dict) -> dict:
    return {"pong": True, "version": __version__}


def list_methods(params: dict) -> dict:
    from .api import METHODS

    return {"methods": sorted(METHODS)}
