"""Rendering a person's text as Markdown: their syntax works, raw HTML never gets through."""

from html.parser import HTMLParser

import pytest

from roundtwo import api, render

# What python-markdown may produce from a person's text; anything else means raw HTML got through.
ALLOWED_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre", "a", "img",
                "blockquote", "hr", "br"}


class TagCheck(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or (name in ("href", "src") and value != "#" and not value.startswith(("http:", "https:", "mailto:", "#")) and ":" in value.split("/")[0]):
                self.bad.append(f"{tag}[{name}={value}]")


def unsafe_parts(out):
    check = TagCheck()
    check.feed(out)
    return check.bad


def html(text):
    return render.to_html(text)


def test_markdown_syntax_renders():
    out = html("# Round one\n\n- **five** engineers\n- six months")
    assert "<h1>Round one</h1>" in out and "<strong>five</strong>" in out and "<li>" in out


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src='javascript:alert(1)'></iframe>",
    "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>",
])
def test_raw_html_is_shown_as_text(hostile):
    out = html(hostile)
    assert unsafe_parts(out) == [] and "<img" not in out
    assert "&lt;" in out


@pytest.mark.parametrize("link", ["[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](data:text/html,hi)",
                                  "[x]( javascript:alert(1))", "![x](javascript:alert(1))", "[x](vbscript:msgbox)"])
def test_script_links_are_neutralised(link):
    assert unsafe_parts(html(link)) == []


def test_safe_links_survive():
    assert 'href="https://example.com/a"' in html("[a](https://example.com/a)")


def test_every_naughty_string_renders_without_raw_tags(blns):
    for s in blns:
        reply = api.dispatch({"method": "render.markdown", "params": {"text": s}})
        assert reply["ok"], s
        assert unsafe_parts(reply["result"]["html"]) == [], s
