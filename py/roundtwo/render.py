"""Render a person's text as safe HTML with python-markdown.

Raw HTML in what a person typed is shown as text, never passed through: we escape it before Markdown
sees it, so `<script>` becomes visible `&lt;script&gt;`. Markdown is installed in the browser on demand
(from the site's own wheel), so this module imports it lazily.
"""

from __future__ import annotations

import html

from .errors import NeedsResource
from .params import text


def _markdown_module():
    try:
        import markdown  # noqa: PLC0415 - loaded on demand in the browser
    except ImportError as exc:
        raise NeedsResource("markdown") from exc
    return markdown


def to_html(source: str) -> str:
    markdown = _markdown_module()
    # Escape first: Markdown then treats every < and & as text, so no raw HTML can get through,
    # while its own syntax (*, #, -, `) still works.
    escaped = html.escape(source, quote=False)
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    out = md.convert(escaped)
    return _strip_unsafe_links(out)


def _strip_unsafe_links(rendered: str) -> str:
    # [x](javascript:...) is Markdown syntax, not raw HTML, so escaping does not catch it.
    # python-markdown keeps the href as written; neutralise any scheme other than http(s)/mailto.
    import re

    def fix(match):
        href = html.unescape(match.group(2)).strip().lower()
        href = "".join(ch for ch in href if ch.isprintable() and not ch.isspace())
        if href.startswith(("http:", "https:", "mailto:", "#")) or ":" not in href.split("/")[0]:
            return match.group(0)
        return f'{match.group(1)}"#"'

    return re.sub(r'(<(?:a|img)\b[^>]*?\b(?:href|src)=)"([^"]*)"', fix, rendered)


def markdown_params(params: dict) -> dict:
    return {"html": to_html(text(params, "text"))}
