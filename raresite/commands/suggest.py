"""`build.py suggest-hpo`: ranked HPO terms for a curator's words."""

from __future__ import annotations

from raresite.model.hpo import HpoRelease


def suggest(words: str, release: HpoRelease) -> str:
    """The candidates, best first, one a line (or why there are none)."""
    candidates = release.suggest(words)
    if not candidates:
        return f"No HPO {release.version} term matches {words!r}."
    lines = [f"HPO {release.version} terms for {words!r}, best first:"]
    for hpo_id, label, matched, score in candidates:
        via = "" if matched == label else f"  (synonym: {matched})"
        lines.append(f"  {hpo_id}  {label}{via}  [{score:.2f}]")
    return "\n".join(lines)
