"""`build.py suggest-hpo`: ranked HPO terms for a curator's words."""

from __future__ import annotations

from raresite.model.hpo import HpoRelease


def suggest(words: str, release: HpoRelease) -> str:
    """The candidates, best first, one a line (or why there are none)."""
    candidates = release.suggest(words)
    if not candidates:
        return f"No HPO {release.version} term matches {words!r}."
    lines = [f"HPO {release.version} terms for {words!r}, best first:"]
    for candidate in candidates:
        if candidate.matched == candidate.label:
            via = ""
        elif candidate.scope == "EXACT":
            via = f"  (synonym: {candidate.matched})"
        else:  # HPO's BROAD, NARROW or RELATED synonyms say less than the label: the curator should know
            via = f"  ({candidate.scope.lower()} synonym: {candidate.matched})"
        lines.append(f"  {candidate.id}  {candidate.label}{via}  [{candidate.score:.2f}]")
    return "\n".join(lines)
