#!/usr/bin/env python3
"""Lighthouse on the built site, served on 127.0.0.1 with gzip as GitHub Pages serves it.

    python tools/audit/audit.py [SITE_DIR] [--runs N] [--only NAME ...] [--json DIR]

Mobile (Lighthouse's default: a mid-range phone, slow 4G and a 4x slower CPU, simulated) on four
page types: the home page, the A-Z page, the OPTB2 page and a feature page; desktop (the desktop
preset) on the home and OPTB2 pages. Prints a table of the four category scores and the metrics
behind performance, then what the failing audits found, and exits 1 when accessibility, best
practices or SEO is below 100, or performance below 95. With --runs N each page is measured N
times and the run with the median performance score is reported (Lighthouse's own advice for
noisy machines). Uses Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) and the
Lighthouse pinned in tools/audit/package.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # run as a script: the project's tools package
from tools import served  # noqa: E402 - after the path it needs

DISEASE = "diseases/optb2/"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift", "SI": "speed-index"}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
# Audits that always say something useful about a page's speed, failing or not.
ALWAYS_SHOWN = ("largest-contentful-paint-element",)


def feature_page(site: Path) -> str:
    """The feature page of the first clinical feature on the OPTB2 page: a page every build has
    while OPTB2 lists a feature, found in the built site rather than named here."""
    html = (site / DISEASE / "index.html").read_text(encoding="utf-8")
    article = html.split("<article", 1)[-1]
    match = re.search(r'href="([^"#]*features/hp-[^"#/]+/)"', article)
    if not match:
        sys.exit(f"No feature page is linked from {DISEASE}: cannot choose one to audit.")
    return urljoin(DISEASE, match.group(1))


def lighthouse(url: str, chrome: str, form_factor: str) -> dict:
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        sys.exit("Lighthouse is not installed: npm ci --prefix tools/audit")
    preset = ["--preset=desktop"] if form_factor == "desktop" else []  # mobile is Lighthouse's default
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [str(binary), url, *preset, "--output=json", f"--output-path={report}",
             "--quiet", f"--chrome-flags={CHROME_FLAGS}",
             "--only-categories=performance,accessibility,best-practices,seo"],
            check=True, env=dict(os.environ, CHROME_PATH=chrome), timeout=300,
        )
        return json.loads(report.read_text(encoding="utf-8"))


def scores(result: dict) -> dict[str, int]:
    return {key: round(100 * (result["categories"][key]["score"] or 0)) for key in TARGETS}


# Headless Chromium under Lighthouse's phone emulation sometimes holds a long page's first frame for
# about a second after the page is parsed, even with every script taken out (the main thread idle
# all the while; not seen without the emulation's mobile mode, nor in Playwright). Lighthouse then
# counts every task run before that frame against the first paints (LCP, speed index), which
# moves the run's score for something the page did not do. Marked "*" so that a median is read
# with it in mind.
HELD_MS = 500


def paint_held(result: dict) -> bool:
    """Whether the run's first paint came long after the page was parsed (HELD_MS)."""
    metrics = result["audits"]["metrics"]["details"]["items"][0]
    return metrics["observedFirstContentfulPaint"] > metrics["observedDomContentLoaded"] + HELD_MS


def median_run(results: list[dict]) -> dict:
    """The run with the median performance score (the lower middle one of an even count)."""
    ordered = sorted(results, key=lambda result: result["categories"]["performance"]["score"] or 0)
    return ordered[(len(ordered) - 1) // 2]


def failing_audits(result: dict, category: str) -> list[str]:
    """The audits that cost a category its points, and for performance the diagnostics that
    explain them, each with the items Lighthouse found."""
    lines = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        weighted = ref["weight"] > 0
        diagnostic = category == "performance" and audit.get("scoreDisplayMode") in ("metricSavings", "binary",
                                                                                        "numeric")
        failing = audit.get("score") is not None and audit["score"] < 1
        if (failing and (weighted or diagnostic)) or ref["id"] in ALWAYS_SHOWN:
            lines.append(f"    {ref['id']}: {audit['title']} ({audit.get('displayValue', audit['score'])})")
            lines += [f"      {item}" for item in describe_items(audit.get("details") or {})]
    return lines


def describe_items(details: dict, limit: int = 8) -> list[str]:
    """One short line per item of an audit's details (tables, lists of tables, critical chains)."""
    if details.get("type") == "list":
        return [line for sub in details.get("items", []) for line in describe_items(sub, limit)]
    if details.get("type") == "criticalrequestchain":
        return [f"chain: {url}" for url in _chain_urls(details.get("chains", {}))][:limit]
    lines = []
    for item in details.get("items", [])[:limit]:
        if not isinstance(item, dict):
            continue
        fields = []
        for key, value in item.items():
            if isinstance(value, dict) and value.get("type") == "node":
                fields.append(f"{value.get('selector', '')} {value.get('snippet', '')[:100]}")
            elif isinstance(value, float | int) and not isinstance(value, bool):
                fields.append(f"{key}={value:.0f}")
            elif isinstance(value, str):
                fields.append(f"{key}={value[:100]}")
        if fields:
            lines.append("; ".join(fields))
    hidden = len(details.get("items", [])) - limit
    return lines + ([f"... and {hidden} more"] if hidden > 0 else [])


def _chain_urls(chains: dict) -> list[str]:
    urls = []
    for chain in chains.values():
        urls.append(chain["request"]["url"])
        urls += _chain_urls(chain.get("children", {}))
    return urls


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is reported")
    parser.add_argument("--only", action="append", default=[], help="audit these rows only, e.g. mobile/OPTB2")
    parser.add_argument("--json", type=Path, help="keep each median report in this folder")
    args = parser.parse_args(argv)
    site = Path(args.site).resolve()
    if not (site / "index.html").is_file():
        sys.exit(f"No built site in {site}: run `make site` first.")
    pages = {"home": "", "A-Z": "diseases/", "OPTB2": DISEASE, "feature": feature_page(site)}
    rows = [("mobile", name, path) for name, path in pages.items()]
    rows += [("desktop", name, pages[name]) for name in ("home", "OPTB2")]
    rows = [row for row in rows if not args.only or f"{row[0]}/{row[1]}" in args.only]
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    reports = []
    with served.serve(site) as server:
        for form_factor, name, path in rows:
            url = f"{server.url}{path}"
            runs = [lighthouse(url, chrome, form_factor) for _ in range(args.runs)]
            result = median_run(runs)
            perf = [f"{score}{'*' * held}" for score, held in
                    sorted((scores(run)["performance"], paint_held(run)) for run in runs)]
            reports.append((form_factor, name, path, result, perf))
            if args.json:
                args.json.mkdir(parents=True, exist_ok=True)
                (args.json / f"{form_factor}-{name}.json").write_text(json.dumps(result), encoding="utf-8")

    header = f"{'':8} {'page':8} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4}  " + " ".join(
        f"{metric:>6}" for metric in METRICS)
    print(f"\nLighthouse, median of {args.runs} run(s) per page (performance of each run in brackets)")
    print(header)
    failed = []
    for form_factor, name, path, result, perf in reports:
        got = scores(result)
        marks = {key: f"{got[key]}{'' if got[key] >= TARGETS[key] else '!'}" for key in TARGETS}
        metrics = " ".join(f"{result['audits'][audit_id].get('displayValue', '-'):>6}".replace("\xa0", "")
                           for audit_id in METRICS.values())
        each = f"[{', '.join(perf)}]" if len(perf) > 1 else perf[0].lstrip("0123456789")  # one run: its mark
        print(f"{form_factor:8} {name:8} " + " ".join(f"{marks[key]:>4}" for key in TARGETS)
              + f"  {metrics}  /{path} {each}")
        failed += [(form_factor, name, result, key) for key in TARGETS if got[key] < TARGETS[key]]
    print("(! below the target: performance 95, the others 100; * a run whose first frame the browser held "
          f"over {HELD_MS} ms after the page was parsed: audit.py says why)")
    for form_factor, name, result, key in failed:
        print(f"\n{form_factor} {name}: {key} {scores(result)[key]}, needs {TARGETS[key]}")
        print("\n".join(failing_audits(result, key)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
