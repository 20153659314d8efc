"""Shared fixtures. Browser tests build dist/ once per session, serve it on 127.0.0.1 and drive Chromium
(Debian's /usr/bin/chromium where it exists, Playwright's own browser elsewhere)."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

SYSTEM_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]


# The Big List of Naughty Strings (MIT, (c) 2015-2020 Max Woolf), copied into tests/fixtures so a checkout
# anywhere runs every hostile-input test with all 515 strings, whatever lies beside it.
BLNS = ROOT / "tests" / "fixtures" / "blns.json"


def blns_strings() -> list[str]:
    return json.loads(BLNS.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def blns() -> list[str]:
    return blns_strings()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = dict(browser_type_launch_args)
    if os.path.exists(SYSTEM_CHROMIUM):
        args["executable_path"] = SYSTEM_CHROMIUM
        args["args"] = [*args.get("args", []), *CHROMIUM_FLAGS]
    return args


class Server:
    def __init__(self, directory: Path):
        import build

        self.directory = directory
        self.httpd = build.serve(directory, 0)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory) -> Path:
    """A fresh build for this test session, in a temporary folder (never the developer's dist/)."""
    import build

    out = tmp_path_factory.mktemp("site") / "dist"
    build.build(out)
    return out


@pytest.fixture(scope="session")
def app_server(dist_dir):
    server = Server(dist_dir)
    yield server
    server.close()


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server.url
