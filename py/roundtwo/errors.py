"""Errors that become error replies. Anything else raised inside a method is an `internal` fault."""


class ApiError(Exception):
    """A fault the caller can act on; `message` is a sentence for a person."""

    code = "error"

    def __init__(self, message: str, **extra):
        super().__init__(message)
        self.message = message
        self.extra = extra


class BadParams(ApiError):
    code = "bad_params"


class NeedsResource(ApiError):
    """The method needs something the browser loads on demand (for example the markdown wheel).

    The worker loads `resource` and calls again; CPython never sees this because everything is installed.
    """

    code = "needs_resource"

    def __init__(self, resource: str):
        super().__init__(f"Loading {resource}; try again in a moment.", resource=resource)
