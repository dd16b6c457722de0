"""axe-core in the page: the copy that axe-playwright-python ships, with our choice of rules."""

from __future__ import annotations

import json
from importlib.resources import files

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_source() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Run axe on the page as it is now; the violations, each with its rule, impact and nodes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        RULE_TAGS,
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """One line per rule and element, for a readable failure."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"{violation['id']} ({violation['impact']}): {json.dumps(node['target'])} {summary[:200]}")
    return "\n".join(lines)
