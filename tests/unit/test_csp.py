"""The Content-Security-Policy's connect-src: the provider origins and loopback, plus what a deployment adds."""

import pytest

import build

SITE_INDEX = build.SITE / "index.html"


def test_the_shell_holds_the_marker_build_fills_in():
    assert SITE_INDEX.read_text().count(build.CSP_CONNECT_MARKER) == 1


def test_connect_src_is_exactly_the_providers_and_loopback(tmp_path):
    (tmp_path / "index.html").write_text(SITE_INDEX.read_text())
    directive = build.write_csp(tmp_path)
    assert directive == ("connect-src 'self' https://api.openai.com https://api.anthropic.com "
                         "https://generativelanguage.googleapis.com http://localhost:* http://127.0.0.1:*;")
    assert directive in (tmp_path / "index.html").read_text()


def test_build_adds_an_origin_only_when_asked(tmp_path):
    (tmp_path / "index.html").write_text("<meta content=\"default-src 'self'; connect-src 'self'; img-src 'self'\">")
    directive = build.write_csp(tmp_path, ["https://llm.example.org/", "https://llm.example.org", "https://x.example:8443"])
    assert directive.endswith("http://127.0.0.1:* https://llm.example.org https://x.example:8443;")


@pytest.mark.parametrize("bad", ["http://llm.example.org", "https://llm.example.org/v1", "llm.example.org",
                                 "https://a.org; script-src *", "https://user:pw@a.org", "https://a.org?x=1", ""])
def test_a_bad_origin_stops_the_build_with_the_form_to_use(bad):
    with pytest.raises(build.BuildError, match="--connect-origin"):
        build.connect_sources([bad])


def test_a_shell_without_the_marker_is_a_build_error(tmp_path):
    (tmp_path / "index.html").write_text("<meta content=\"connect-src *\">")
    with pytest.raises(build.BuildError, match="connect-src"):
        build.write_csp(tmp_path)
