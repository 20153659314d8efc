"""Small checks for request params, so every method says clearly what is wrong with its input."""

from .errors import BadParams

# Longest text a single field may carry. 1 MB answers must be handled; beyond that we refuse clearly.
MAX_TEXT = 2_000_000


def require_dict(params, what: str = "params") -> dict:
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise BadParams(f"{what} must be an object with named fields.")
    return params


def text(params: dict, name: str, *, required: bool = True, default: str = "", max_len: int = MAX_TEXT) -> str:
    """A string field. Missing and required -> bad_params; wrong type -> bad_params; too long -> bad_params."""
    if name not in params or params[name] is None:
        if required:
            raise BadParams(f"The field '{name}' is missing; send it as text.")
        return default
    value = params[name]
    if not isinstance(value, str):
        raise BadParams(f"The field '{name}' must be text, not {type(value).__name__}.")
    if len(value) > max_len:
        raise BadParams(f"The field '{name}' is too long ({len(value):,} characters; the limit is {max_len:,}).")
    return value


def form_text(obj: dict, name: str, *, where: str = "", max_len: int = MAX_TEXT) -> str:
    """A text field as a form sends it: missing -> "", a number -> its text; anything else must be text.

    `where` prefixes the field's name in messages ("panelists[2].") so a person can find it.
    """
    value = obj.get(name)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise BadParams(f"The field '{where}{name}' must be text, not {type(value).__name__}.")
    if len(value) > max_len:
        raise BadParams(f"The field '{where}{name}' is too long ({len(value):,} characters; the limit is "
                        f"{max_len:,}). Shorten it and try again.")
    return value


def choice(params: dict, name: str, options, *, default=None):
    value = params.get(name, default)
    if value is None:
        return default
    if value not in options:
        listed = ", ".join(sorted(options))
        raise BadParams(f"The field '{name}' must be one of: {listed}.")
    return value


def integer(params: dict, name: str, *, default=None, lo=None, hi=None):
    value = params.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise BadParams(f"The field '{name}' must be a whole number.")
    value = int(value)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise BadParams(f"The field '{name}' must be between {lo} and {hi}.")
    return value


def listing(params: dict, name: str, *, default=None, max_items: int = 10_000) -> list:
    value = params.get(name, default if default is not None else [])
    if not isinstance(value, list):
        raise BadParams(f"The field '{name}' must be a list.")
    if len(value) > max_items:
        raise BadParams(f"The field '{name}' has too many items ({len(value):,}; the limit is {max_items:,}).")
    return value
