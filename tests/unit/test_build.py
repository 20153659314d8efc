"""build.py: pinned and verified downloads, the same bytes from the same inputs, a precache list that
covers every served file, and a clear stop on a tampered download. Uses the download cache (the first
build of a session fills it)."""

import json
import re
import shutil

import pytest

import build


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    a = tmp_path_factory.mktemp("a") / "dist"
    b = tmp_path_factory.mktemp("b") / "dist"
    return build.build(a), a, build.build(b), b


def files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_inputs_give_same_bytes(two_builds):
    _, a, _, b = two_builds
    assert files(a) == files(b)


def test_layout(two_builds):
    _, a, _, _ = two_builds
    for name in build.PYODIDE_FILES:
        assert (a / "pyodide" / name).is_file()
    for _, filename, _ in build.WHEELS.values():
        assert (a / "wheels" / filename).is_file()
    for name in ("index.html", "sw.js", "roundtwo.zip", "manifest.webmanifest", "py-worker.js",
                 "icons/icon-192.png", "icons/icon-512.png"):
        assert (a / name).is_file(), name


def test_precache_lists_every_served_file_with_its_hash(two_builds):
    manifest, a, _, _ = two_builds
    listed = {f["url"] for f in manifest["files"]}
    served = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()} - {"sw.js"}
    assert listed == served
    for entry in manifest["files"]:
        assert entry["integrity"] == build.sri(a / entry["url"])
    assert manifest["cache"] == f"roundtwo-{manifest['version']}"
    assert "const PRECACHE = null" not in (a / "sw.js").read_text()


def test_cache_name_changes_when_any_file_changes(tmp_path, two_builds):
    manifest, a, _, _ = two_builds
    copy = tmp_path / "dist"
    shutil.copytree(a, copy)
    (copy / "styles.css").write_text((copy / "styles.css").read_text() + "\n/* changed */\n")
    again = build.write_service_worker(copy)
    assert again["cache"] != manifest["cache"]


def test_urls_in_the_shell_are_relative(two_builds):
    _, a, _, _ = two_builds
    for name in ("index.html", "manifest.webmanifest", "js/boot.js", "py-worker.js", "sw.js"):
        text = (a / name).read_text()
        assert not re.search(r"""(?:src|href|url|Worker|fetch|register)\s*[=(]\s*["']/(?!/)""", text), name
        assert '"start_url": "/' not in text


def test_package_archive_holds_the_package_and_no_bytecode(two_builds):
    import zipfile

    _, a, _, _ = two_builds
    names = zipfile.ZipFile(a / "roundtwo.zip").namelist()
    assert "roundtwo/api.py" in names and "roundtwo/__init__.py" in names
    assert not [n for n in names if n.endswith(".pyc") or "__pycache__" in n]


def test_metro_files_are_served_beside_the_app_and_cached_on_first_use(two_builds):
    import zipfile

    manifest, a, _, _ = two_builds
    names = zipfile.ZipFile(a / "roundtwo.zip").namelist()
    assert "roundtwo/data/salary/salary.json.gz" in names
    assert not [n for n in names if "/metros/" in n]  # a first visit does not download every state's metros
    metros = sorted(p.name for p in (a / build.METRO_DIST).iterdir())
    assert "TX.json.gz" in metros and len(metros) >= 50
    lazy = {f["url"] for f in manifest["files"] if f.get("lazy")}
    assert lazy == {f"{build.METRO_DIST}/{m}" for m in metros}
    assert "lazy" in (a / "sw.js").read_text()


def test_tampered_download_stops_the_build(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    version, filename, digest = build.WHEELS["markdown"]
    (cache / filename).write_bytes(b"not the real wheel")
    monkeypatch.setattr(build, "CACHE", cache)
    with pytest.raises(build.BuildError) as err:
        build.fetch_wheel("markdown")
    message = str(err.value)
    assert "checksum mismatch" in message and digest in message and "markdown" in message
    assert not (cache / filename).exists()  # moved aside, so the next build downloads again


def test_failed_download_says_what_failed(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "CACHE", tmp_path)
    monkeypatch.setattr(build, "WHEELS", {"nope": ("0.0.0", "nope-0.0.0-py3-none-any.whl", "0" * 64)})
    monkeypatch.setattr(build, "_run_fetch", lambda cmd, what, cwd: (_ for _ in ()).throw(
        build.BuildError(f"{what}: download failed")))
    with pytest.raises(build.BuildError, match="nope==0.0.0: download failed"):
        build.fetch_wheel("nope")


def test_failed_build_keeps_the_previous_dist(tmp_path, monkeypatch):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "keep.txt").write_text("previous build")
    monkeypatch.setattr(build, "write_pyodide", lambda staging: (_ for _ in ()).throw(build.BuildError("no")))
    with pytest.raises(build.BuildError):
        build.build(out)
    assert (out / "keep.txt").read_text() == "previous build"
    assert not (tmp_path / "dist.tmp").exists()


def test_serve_maps_mime_types():
    assert build.Handler.extensions_map[".wasm"] == "application/wasm"
    assert build.Handler.extensions_map[".mjs"] == "text/javascript"
    assert build.Handler.extensions_map[".webmanifest"] == "application/manifest+json"


def test_serve_command_serves_dist_with_mime_types(two_builds, monkeypatch):
    """`python build.py serve --port 0 --no-build` serves the folder on 127.0.0.1 with the right types."""
    import subprocess
    import sys
    import time
    import urllib.request

    _, a, _, _ = two_builds
    env = {**__import__("os").environ}
    code = (f"import build, pathlib; build.DIST = pathlib.Path({str(a)!r}); "
            "import sys; sys.exit(build.main(['serve', '--port', '0', '--no-build']))")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=build.ROOT, stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        assert "serving Round Two at http://127.0.0.1:" in line
        url = line.split("at ")[1].split()[0]
        deadline = time.monotonic() + 120  # waits for the server to come up; not a bound on its speed
        while True:
            try:
                with urllib.request.urlopen(url + "pyodide/pyodide.asm.wasm") as r:
                    assert r.headers["Content-Type"] == "application/wasm"
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with urllib.request.urlopen(url) as r:
            assert r.headers["Content-Type"].startswith("text/html") and b"Round Two" in r.read()
        with urllib.request.urlopen(url + "manifest.webmanifest") as r:
            assert r.headers["Content-Type"] == "application/manifest+json"
    finally:
        proc.terminate()
        proc.wait(timeout=60)


# Each call reads one of the package's data files: in the browser they come out of roundtwo.zip.
ARCHIVE_CALLS = [
    ("questions.bank", {}),
    ("questions.frameworks", {}),
    ("facts.extract", {"text": "I led a team of five for 18 months and cut costs by 30%."}),
    ("answer.analyze", {"text": "We shipped it. I think I maybe led the rollout, and it cut costs by 30%."}),
    ("practice.personas", {}),
    ("salary.lookup", {"title": "Software Developer"}),
    ("panel.concern", {"role": "VP Finance"}),
    ("plan.build", {"rounds": [{"name": "Round one", "ended_at": "2025-03-04T15:30:00Z", "company": "Acme"}],
                    "second_interview_at": "2025-03-12T14:00:00Z", "now": "2025-03-04T18:00:00Z"}),
]


def test_package_runs_from_its_archive_as_in_the_browser(two_builds):
    """The worker imports roundtwo straight from roundtwo.zip (zipimport): every data file must be read
    through importlib.resources, never a path on disk. Same replies from the archive as from py/."""
    import subprocess
    import sys

    from roundtwo import api

    _, a, _, _ = two_builds
    script = ("import json, sys; sys.path.insert(0, sys.argv[1]); import roundtwo.api as api; "
              "print(api.__file__); "
              "print(json.dumps([api.dispatch({'method': m, 'params': p}) for m, p in json.loads(sys.argv[2])]))")
    # -I: isolated, so py/ (installed editable) is not on the path; -S: no site-packages either.
    out = subprocess.run([sys.executable, "-I", "-S", "-c", script, str(a / "roundtwo.zip"), json.dumps(ARCHIVE_CALLS)],
                         capture_output=True, text=True, timeout=120, check=True).stdout.splitlines()
    assert out[0] == str(a / "roundtwo.zip" / "roundtwo" / "api.py")
    replies = json.loads(out[1])
    for (method, params), reply in zip(ARCHIVE_CALLS, replies):
        assert reply["ok"], (method, reply)
        assert reply == json.loads(json.dumps(api.dispatch({"method": method, "params": params}))), method


def test_snapshot_key_follows_what_shapes_python_memory(tmp_path, two_builds):
    _, a, _, _ = two_builds
    key = re.search(r'const SNAPSHOT_KEY = "([0-9a-f]{16})";', (a / "py-worker.js").read_text())
    assert key, "build.py did not fill in the worker's snapshot key"
    copy = tmp_path / "dist"
    shutil.copytree(a, copy)
    (copy / "py-worker.js").write_text((build.SITE / "py-worker.js").read_text())
    assert build.write_snapshot_key(copy) == key.group(1)  # the same inputs, the same key
    (copy / "roundtwo.zip").write_bytes((copy / "roundtwo.zip").read_bytes() + b"\0")
    (copy / "py-worker.js").write_text((build.SITE / "py-worker.js").read_text())
    assert build.write_snapshot_key(copy) != key.group(1)  # a changed package never restores an old snapshot
