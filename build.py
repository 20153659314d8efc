"""Build Round Two into dist/, a folder any static host can serve.

    python build.py                 build dist/
    python build.py serve [--port N] [--no-build]
                                    build if needed, then serve dist/ on 127.0.0.1
    python build.py --connect-origin https://llm.example.org
                                    also let the page call that origin (a hosted model provider)

dist/ holds: Pyodide's own files (names unchanged) under pyodide/, pinned wheels under wheels/, the
roundtwo package as one archive (roundtwo.zip), the metro wage files under salary-metros/ (fetched on
first use), the site shell from site/, and sw.js whose precache list and cache name come from the
content hashes of every file it serves.

Downloads go through npm and pip (so their configured registries and mirrors apply), are checked
against the pinned SHA-256 below and cached in .cache/downloads/: a second build needs no network, and
the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
SITE = ROOT / "site"
PACKAGE = ROOT / "py" / "roundtwo"
CACHE = Path(os.environ.get("ROUNDTWO_CACHE", ROOT / ".cache" / "downloads"))

PYODIDE_VERSION = "0.27.7"
PYODIDE_TARBALL = ("pyodide", PYODIDE_VERSION, f"pyodide-{PYODIDE_VERSION}.tgz",
                   "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343")
# The runtime files the page loads; the rest of the npm package (types, maps, console) is left out.
PYODIDE_FILES = ["pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json", "package.json"]

# name -> (version, wheel file, sha256). Loaded in the browser on demand, never from the network at run time.
WHEELS = {
    "packaging": ("24.2", "packaging-24.2-py3-none-any.whl",
                  "09abb1bccd265c01f4a3aa3f7a7db064b36514d2cba19a2f694fe6150451a759"),
    "micropip": ("0.7.2", "micropip-0.7.2-py3-none-any.whl",
                 "d2b63ea316a2a9dcbfeadd4f855d8cec7d54f65b3849e638a7cc627e6d35e4d5"),
    "markdown": ("3.11.3", "markdown-3.11.3-py3-none-any.whl",
                 "e1a31a112232504d753e5c01bb8c2de90d3f0ba986b063e10770cf7695b09e73"),
}

# Front-end libraries the page imports as ES modules: name -> (version, npm tarball, sha256, the file
# inside the package, where it goes in dist/, its licence). Fetched with `npm pack`, like Pyodide.
# qrcode-generator (Kazuhiko Arase, MIT) draws the QR code of a partner link: no dependencies.
VENDOR = {
    "qrcode-generator": ("2.0.4", "qrcode-generator-2.0.4.tgz",
                         "02e2e18a99a90b02dad940851f59b7c3c5fd1ab79cbdece8595cb06328878159",
                         "package/dist/qrcode.mjs", "vendor/qrcode.mjs", "MIT"),
}

# Fixed timestamp for archive entries, so the same sources give the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Where the page may connect besides itself: the language-model providers a person can turn on (each
# off until they do) and servers on their own computer (Ollama, LM Studio, llama.cpp). Nothing else.
PROVIDER_ORIGINS = ["https://api.openai.com", "https://api.anthropic.com", "https://generativelanguage.googleapis.com"]
LOOPBACK_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"]
CSP_CONNECT_MARKER = "connect-src 'self';"

# Files the service worker must not precache: itself (the browser fetches it) and source maps.
NOT_PRECACHED = {"sw.js"}

# Metro wage files: one per state, served beside the app rather than inside roundtwo.zip, listed in the
# precache manifest as "lazy" (sw.js caches each on its first fetch, for offline use, instead of on
# install), so a first visit does not download every state's metros. The worker fetches one when Python
# asks for it (NeedsResource "salary-metros:XX").
METRO_SOURCE = PACKAGE / "data" / "salary" / "metros"
METRO_DIST = "salary-metros"
LAZY_PREFIXES = (METRO_DIST + "/",)


class BuildError(Exception):
    """A build step failed; the message says what and why."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verified(path: Path, expected: str, what: str) -> Path:
    actual = sha256_file(path)
    if actual != expected:
        bad = path.with_name(path.name + ".rejected")
        path.replace(bad)
        raise BuildError(
            f"{what}: checksum mismatch. Expected SHA-256 {expected}, got {actual}. The download is corrupt "
            f"or was tampered with; it was moved to {bad} and the build stopped. Delete it and build again.")
    return path


def _run_fetch(cmd: list[str], what: str, cwd: Path) -> None:
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    except FileNotFoundError:
        raise BuildError(f"{what}: '{cmd[0]}' is not installed; install it (see README) and build again.") from None
    except subprocess.TimeoutExpired:
        raise BuildError(f"{what}: '{' '.join(cmd)}' took longer than 10 minutes; check the network.") from None
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise BuildError(f"{what}: download failed ('{' '.join(cmd)}' exited {proc.returncode}):\n  "
                         + "\n  ".join(tail))


def cached_download(filename: str, digest: str, what: str, command) -> Path:
    """The verified file from the download cache, fetched first with command(tmpdir) if it is not there."""
    target = CACHE / filename
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            cmd = command(tmp)
            print(f"  downloading {what} with {cmd[0] if cmd[0] != sys.executable else 'pip'}", flush=True)
            # pip runs from the project folder; npm pack writes into its working folder.
            _run_fetch(cmd, what, ROOT if cmd[0] == sys.executable else Path(tmp))
            got = Path(tmp) / filename
            if not got.exists():
                raise BuildError(f"{what}: the download did not produce {filename}.")
            got.replace(target)
    return verified(target, digest, what)


def fetch_pyodide() -> Path:
    name, version, filename, digest = PYODIDE_TARBALL
    return cached_download(filename, digest, f"Pyodide {version} ({filename})",
                           lambda tmp: ["npm", "pack", f"{name}@{version}", "--silent"])


def fetch_wheel(name: str) -> Path:
    version, filename, digest = WHEELS[name]
    return cached_download(filename, digest, f"wheel {name}=={version}",
                           lambda tmp: [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                                        "--disable-pip-version-check", "-q", "-d", tmp, f"{name}=={version}"])


def write_pyodide(out: Path) -> None:
    tarball = fetch_pyodide()
    dest = out / "pyodide"
    dest.mkdir(parents=True)
    with tarfile.open(tarball, "r:gz") as tar:
        members = {m.name: m for m in tar.getmembers()}
        for fname in PYODIDE_FILES:
            member = members.get(f"package/{fname}")
            if member is None or not member.isfile():
                raise BuildError(f"Pyodide {PYODIDE_VERSION}: {fname} is missing from the package.")
            (dest / fname).write_bytes(tar.extractfile(member).read())


def write_vendor(out: Path) -> None:
    for name, (version, filename, digest, inside, target, licence) in VENDOR.items():
        tarball = cached_download(filename, digest, f"{name} {version} ({filename})",
                                  lambda tmp, n=name, v=version: ["npm", "pack", f"{n}@{v}", "--silent"])
        with tarfile.open(tarball, "r:gz") as tar:
            member = next((m for m in tar.getmembers() if m.name == inside and m.isfile()), None)
            if member is None:
                raise BuildError(f"{name} {version}: {inside} is missing from the package.")
            data = tar.extractfile(member).read()
        dest = out / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        # The licence line travels with the file, so a copy of dist/ still says whose code it is.
        dest.write_bytes(f"// {name} {version}, {licence} licence.\n".encode() + data)


def write_wheels(out: Path) -> None:
    dest = out / "wheels"
    dest.mkdir(parents=True)
    for name in WHEELS:
        shutil.copyfile(fetch_wheel(name), dest / WHEELS[name][1])
    # The worker reads this to install a resource: markdown needs micropip (and packaging) first.
    index = {"markdown": [WHEELS[n][1] for n in ("packaging", "micropip", "markdown")]}
    (dest / "wheels.json").write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")


def package_files() -> list[Path]:
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"} \
                and METRO_SOURCE not in path.parents:
            files.append(path)
    return files


def write_package_archive(out: Path) -> None:
    """roundtwo.zip: the package as it sits in py/; the worker puts the archive itself on sys.path."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in package_files():
            info = zipfile.ZipInfo(path.relative_to(PACKAGE.parent).as_posix(), ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    (out / "roundtwo.zip").write_bytes(buf.getvalue())


def write_metros(out: Path) -> None:
    dest = out / METRO_DIST
    dest.mkdir(parents=True)
    for path in sorted(METRO_SOURCE.glob("*.json.gz")):
        shutil.copyfile(path, dest / path.name)


def copy_site(out: Path, site: Path = SITE) -> None:
    for path in sorted(site.rglob("*")):
        if path.is_file():
            target = out / path.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def check_origin(raw: str) -> str:
    """An origin a deployment adds to connect-src: https://host[:port], nothing after it."""
    from urllib.parse import urlsplit

    value = raw.strip().rstrip("/")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme != "https" or not parts.hostname or parts.path or parts.query \
            or parts.fragment or parts.username or parts.password or any(c in value for c in " ;,'\""):
        raise BuildError(f"--connect-origin {raw!r}: give an origin like https://llm.example.org or "
                         "https://llm.example.org:8443 (https, a host, an optional port, no path).")
    return f"https://{parts.hostname}" + (f":{port}" if port else "")


def connect_sources(extra=()) -> list[str]:
    return ["'self'", *PROVIDER_ORIGINS, *LOOPBACK_ORIGINS, *dict.fromkeys(check_origin(o) for o in extra)]


def write_csp(out: Path, extra=()) -> str:
    """Fill index.html's connect-src with the provider origins, loopback and any origin the deployment adds."""
    index = out / "index.html"
    html = index.read_text()
    if html.count(CSP_CONNECT_MARKER) != 1:
        raise BuildError(f"site/index.html must hold \"{CSP_CONNECT_MARKER}\" once in its Content-Security-Policy; "
                         "build.py fills it in.")
    directive = "connect-src " + " ".join(connect_sources(extra)) + ";"
    index.write_text(html.replace(CSP_CONNECT_MARKER, directive))
    return directive


def sri(path: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def write_snapshot_key(out: Path) -> str:
    """Fill py-worker.js with the key of its Python memory snapshot: a hash of everything that shapes
    Python's memory at start-up (the Pyodide runtime, our package, the worker's own start-up code), so
    a deployment that changes any of them never restores an older snapshot."""
    h = hashlib.sha256()
    worker = out / "py-worker.js"
    for path in [*sorted((out / "pyodide").iterdir()), out / "roundtwo.zip", worker]:
        h.update(path.name.encode() + b"\0" + bytes.fromhex(sha256_file(path)))
    key = h.hexdigest()[:16]
    marker = "const SNAPSHOT_KEY = null; // filled in by build.py"
    template = worker.read_text()
    if marker not in template:
        raise BuildError("site/py-worker.js has lost its snapshot key marker line; build.py cannot fill it in.")
    worker.write_text(template.replace(marker, f'const SNAPSHOT_KEY = "{key}";'))
    return key


def write_service_worker(out: Path, site: Path = SITE) -> dict:
    """Fill sw.js with the precache list (url + SRI hash of every served file) and a cache name from them."""
    entries = []
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in NOT_PRECACHED:
            entry = {"url": rel, "integrity": sri(path)}
            if rel.startswith(LAZY_PREFIXES):
                entry["lazy"] = True
            entries.append(entry)
    digest = hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()[:16]
    manifest = {"version": digest, "cache": f"roundtwo-{digest}", "files": entries}
    template = (site / "sw.js").read_text()
    marker = "const PRECACHE = null; // filled in by build.py"
    if marker not in template:
        raise BuildError("site/sw.js has lost its precache marker line; build.py cannot fill it in.")
    filled = template.replace(marker, "const PRECACHE = " + json.dumps(manifest, indent=1) + ";")
    (out / "sw.js").write_text(filled)
    return manifest


def build(out: Path = DIST, site: Path = SITE, connect_origins=()) -> dict:
    """Build into a fresh folder, then swap it in, so a failed build never leaves half a dist/.
    `site` is the shell's source folder (tests build a changed copy to deploy a second build);
    `connect_origins` are extra https origins the page may call (another hosted model provider)."""
    connect_sources(connect_origins)  # a bad origin stops the build before anything is downloaded
    staging = out.with_name(out.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        copy_site(staging, site)
        write_csp(staging, connect_origins)
        write_pyodide(staging)
        write_vendor(staging)
        write_wheels(staging)
        write_package_archive(staging)
        write_metros(staging)
        write_snapshot_key(staging)
        manifest = write_service_worker(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(out, ignore_errors=True)
    staging.replace(out)
    return manifest


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
        ".whl": "application/zip",
        ".zip": "application/zip",
        ".css": "text/css",
    }

    def log_message(self, format, *args):  # noqa: A002 - quiet: one line per request is noise here
        pass


def serve(directory: Path, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    handler = functools.partial(Handler, directory=str(directory))
    return http.server.ThreadingHTTPServer((host, port), handler)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build Round Two into dist/ and optionally serve it.")
    parser.add_argument("command", nargs="?", choices=["build", "serve"], default="build")
    parser.add_argument("--port", type=int, default=8000, help="port for serve (default 8000)")
    parser.add_argument("--no-build", action="store_true", help="serve the existing dist/ as it is")
    parser.add_argument("--connect-origin", action="append", default=[], metavar="https://HOST[:PORT]",
                        help="let the page call this origin too (another hosted OpenAI-compatible provider); repeatable")
    args = parser.parse_args(argv)
    try:
        if not (args.command == "serve" and args.no_build and DIST.exists()):
            print("building dist/ ...", flush=True)
            manifest = build(connect_origins=args.connect_origin)
            print(f"built dist/ ({len(manifest['files'])} files, cache {manifest['cache']})")
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    if args.command == "serve":
        try:
            server = serve(DIST, args.port)
        except OSError as exc:
            print(f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror}. Try --port with another number.",
                  file=sys.stderr)
            return 1
        print(f"serving Round Two at http://127.0.0.1:{server.server_address[1]}/  (Ctrl+C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
