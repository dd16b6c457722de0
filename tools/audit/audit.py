#!/usr/bin/env python3
"""Lighthouse on the built site, served on 127.0.0.1: the home page and the OPTB2 page.

    python tools/audit/audit.py [SITE_DIR]

Prints the four category scores of each page (desktop preset) and exits 1 when accessibility,
best practices or SEO is below 100, or performance below 95. Uses Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium) and the Lighthouse pinned in tools/audit/package.json.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = {"home": "", "OPTB2": "diseases/optb2/"}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def lighthouse(url: str, chrome: str) -> dict:
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        sys.exit("Lighthouse is not installed: npm ci --prefix tools/audit")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [str(binary), url, "--preset=desktop", "--output=json", f"--output-path={report}",
             "--quiet", f"--chrome-flags={CHROME_FLAGS}",
             "--only-categories=performance,accessibility,best-practices,seo"],
            check=True, env=dict(os.environ, CHROME_PATH=chrome), timeout=300,
        )
        return json.loads(report.read_text(encoding="utf-8"))


def failing_audits(result: dict, category: str) -> list[str]:
    """The audits that cost a category its points, for a useful message."""
    refs = result["categories"][category]["auditRefs"]
    lines = []
    for ref in refs:
        audit = result["audits"][ref["id"]]
        if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
            lines.append(f"    {ref['id']}: {audit['title']} ({audit.get('displayValue', audit['score'])})")
    return lines


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site").resolve()
    if not (site / "index.html").is_file():
        sys.exit(f"No built site in {site}: run `make site` first.")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    failed = False
    try:
        for name, path in PAGES.items():
            url = f"http://127.0.0.1:{server.server_address[1]}/{path}"
            result = lighthouse(url, chrome)
            scores = {key: round(100 * (result["categories"][key]["score"] or 0)) for key in TARGETS}
            print(f"{name:6} {url}")
            for key, target in TARGETS.items():
                verdict = "ok" if scores[key] >= target else f"FAIL (needs {target})"
                print(f"  {key:15} {scores[key]:3}  {verdict}")
                if scores[key] < target:
                    failed = True
                    print("\n".join(failing_audits(result, key)))
    finally:
        server.shutdown()
        server.server_close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
