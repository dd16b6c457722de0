"""Check content/comparisons.yaml alone, then against the records it compares."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from raresite.checks.validate import LoadedRecord, translate_errors
from raresite.model.comparison import COMPARISONS_FILE, Comparison, ComparisonsFile
from raresite.model.yamlfile import YamlDocument, read_yaml, shown_path
from raresite.problems import Problem


@dataclass
class Comparisons:
    """The comparisons as read and checked."""

    comparisons: list[Comparison] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    document: YamlDocument | None = None  # the file as read, to place problems found later


def read_comparisons(content_dir: Path, shown_from: Path, raw: bytes | None) -> Comparisons:
    """Check content/comparisons.yaml as read (raw: its bytes, None where there is none)."""
    found = Comparisons()
    if raw is None:
        return found  # a site without comparison pages
    path = content_dir / COMPARISONS_FILE
    document = read_yaml(path, shown_path(path, shown_from), raw)
    found.document = document
    if document.problems:
        found.problems.extend(
            Problem(p.file, p.line, p.column, p.field, p.message.replace("a disease record", "the comparisons file"))
            for p in document.problems)
        return found
    try:
        parsed = ComparisonsFile.model_validate(document.data)
    except ValidationError as error:
        found.problems.extend(translate_errors(error, document, ComparisonsFile))
        return found
    slugs = Counter(c.slug for c in parsed.comparisons)
    for index, comparison in enumerate(parsed.comparisons):
        if slugs[comparison.slug] > 1:
            found.problems.append(document.problem(
                ("comparisons", index, "slug"),
                f"two comparisons share this address (expected each slug once, got '{comparison.slug}' "
                f"{slugs[comparison.slug]} times)"))
    found.comparisons = parsed.comparisons
    return found


def check_comparisons(comparisons: Comparisons, records: list[LoadedRecord]) -> list[Problem]:
    """What a comparison asks of the records: each group has records, each trait a known value."""
    problems: list[Problem] = []
    groups = {loaded.record.classification.group for loaded in records}
    for index, comparison in enumerate(comparisons.comparisons):
        for at, group in enumerate(comparison.groups):
            if group not in groups:
                problems.append(comparisons.document.problem(
                    ("comparisons", index, "groups", at),
                    f"no record is in this group (expected a classification.group of a record, such as "
                    f"{', '.join(repr(g) for g in sorted(groups)[:3]) or 'none yet'}; got '{group}')"))
        allowed = {column.trait: column.values for column in comparison.traits}
        for loaded in records:
            if loaded.record.classification.group not in comparison.groups:
                continue
            for at, trait in enumerate(loaded.record.traits):
                if trait.trait in allowed and trait.value not in allowed[trait.trait]:
                    problems.append(loaded.document.problem(
                        ("traits", at, "value"),
                        f"not a value the comparison '{comparison.slug}' shows (expected one of "
                        f"{', '.join(allowed[trait.trait])}, got '{trait.value}')"))
    return problems
