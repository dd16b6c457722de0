"""`build.py new`: write the skeleton of a new disease record, every field present and explained.

The comments come from the record model's field descriptions (raresite/record.py), so the
skeleton never drifts from the format. Without --omim or --orpha nothing medical is filled in:
only the name the curator typed, the slug made from it, and version 1.0.0 of a first record.
With them, the skeleton becomes a draft prefilled from the HPO release the project ships (see
draft_from_hpo): each prefilled value says in a comment where it came from, and what HPO does
not hold is left blank and explained as in the plain skeleton.
"""

from __future__ import annotations

import re
import textwrap
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from raresite.checks.validate import SCHEMA_LINE
from raresite.commands.report import field_for
from raresite.model.hpo import Annotation, HpoRelease
from raresite.model.names import identifier_link
from raresite.model.record import PROSE, DiseaseRecord, Frequency, Gene, Reference
from raresite.model.yamlfile import shown_path
from raresite.problems import UsageError

FIRST_VERSION = "1.0.0"
COMMENT_WIDTH = 100

USAGE = 'python build.py new "PREFERRED NAME" [--omim NNNNNN] [--orpha NNNN] [--slug SLUG]'


@dataclass
class Skeleton:
    """The text of a new record, and the required fields the curator still has to fill in."""

    text: str
    to_fill: list[str] = field(default_factory=list)


@dataclass
class Prefill:
    """The values a new record starts with, by field path ('phenotypes[2].hpo'), and where each
    came from, said in a comment above the field or list entry of that path."""

    values: dict[str, object] = field(default_factory=dict)
    origins: dict[str, list[str]] = field(default_factory=dict)
    told: list[str] = field(default_factory=list)  # what the curator is told of the draft

    def put(self, path: str, value: object) -> None:
        """Set path to value; a mapping sets each of its fields (nested ones too)."""
        if isinstance(value, dict):
            for name, inner in value.items():
                self.put(f"{path}.{name}", inner)
        else:
            self.values[path] = value

    def filled_under(self, path: str) -> bool:
        return any(key.startswith(path + ".") or key.startswith(path + "[") for key in self.values)

    def entries(self, path: str) -> int:
        """How many entries of the list at path are given."""
        found = [int(m[1]) for key in self.values if (m := re.match(re.escape(path) + r"\[(\d+)\]", key))]
        return max(found) + 1 if found else 0


def new_record(name: str, omim: str | None, slug: str | None, content_dir: Path, shown_from: Path,
               orpha: str | None = None, hpo: Callable[[], HpoRelease] | None = None) -> str:
    """Write a skeleton record for the command line's disease, a draft from HPO where HPO annotates
    its OMIM number or ORPHAcode (hpo gives the release); returns what to tell the curator."""
    name, omim, orpha, slug = _checked(name, omim, orpha, slug)
    target = content_dir / "diseases" / f"{slug}.yaml"
    if target.exists():
        raise UsageError(
            f"{shown_path(target, shown_from)} already exists; edit it, or choose another slug with "
            f"--slug.\n  {USAGE}"
        )
    identifiers = [f"OMIM:{omim}"] * bool(omim) + [f"ORPHA:{orpha}"] * bool(orpha)
    prefill, first = None, ""
    if identifiers and hpo is not None:
        release = hpo()
        annotated = next((i for i in identifiers if release.has_annotations(i)), None)
        if annotated is None:
            first = (f"HPO {release.version} has no annotations of {' or '.join(identifiers)}: the record "
                     "is the plain skeleton.\n")
        else:
            prefill = draft_from_hpo(release, annotated, name)
    skeleton = skeleton_for(name, slug, identifiers, prefill)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as output:  # "x": never overwrite a record
        output.write(skeleton.text)
    fill = "\n".join(f"  {path}" for path in skeleton.to_fill)
    return (
        f"{first}Wrote {shown_path(target, shown_from)} (page /diseases/{slug}/)"
        + (", " + "\n".join(prefill.told) if prefill else ".") + "\n"
        f"Fill in these required fields, each from a source the record names (the comment above "
        f"each field in the file says what it holds):\n{fill}\n"
        f"Optional fields may stay empty or be deleted. Then run: python build.py check"
    )


def _checked(name: str, omim: str | None, orpha: str | None,
             slug: str | None) -> tuple[str, str | None, str | None, str]:
    if not name.strip():
        raise UsageError(f"give the disease's preferred name, in quotes.\n  {USAGE}")
    if omim is not None:
        omim = omim.removeprefix("OMIM:")
        if not re.fullmatch(r"\d{6}", omim):
            raise UsageError(f"--omim expects the six digits of an OMIM number, got {omim!r}.")
    if orpha is not None:
        orpha = orpha.removeprefix("ORPHA:")
        if not re.fullmatch(r"[1-9]\d{0,6}", orpha):
            raise UsageError(f"--orpha expects the digits of an ORPHAcode, like 667, got {orpha!r}.")
    slug = slug or slug_from_name(name)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise UsageError(
            f"a slug is lower-case letters, digits and hyphens, like optb2; got {slug!r}. "
            f"Give one with --slug.\n  {USAGE}"
        )
    return " ".join(name.split()), omim, orpha, slug


def slug_from_name(name: str) -> str:
    """'Osteopetrosis, autosomal recessive 7' -> 'osteopetrosis-autosomal-recessive-7'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


# --- The draft from HPO -------------------------------------------------------------------------

# HPO's frequency terms and the share of patients each stands for, as their definitions say. The
# record's frequency is a count or a percentage, so a term is said in the feature's note instead.
FREQUENCY_TERMS = {
    "HP:0040280": (100, 100),  # Obligate
    "HP:0040281": (80, 99),  # Very frequent
    "HP:0040282": (30, 79),  # Frequent
    "HP:0040283": (5, 29),  # Occasional
    "HP:0040284": (1, 4),  # Very rare
    "HP:0040285": (0, 0),  # Excluded
}
EXCLUDED_FREQUENCY = "HP:0040285"
_FREQUENCY = TypeAdapter(Frequency)


def draft_from_hpo(release: HpoRelease, disease_id: str, name: str) -> Prefill:
    """What HPO's release says of one disease, in the record's fields: the name HPO gives it (as
    the identifier's label), the inheritance, the onset, every annotated feature with its
    frequency, onset and references (NOT rows as excluded), the genes, and the references cited.
    Each term goes where the record format takes it (report.field_for, as `hpo-report` says)."""
    draft = Draft(release, disease_id)
    by_field: dict[str, dict[str, list[Annotation]]] = {}
    for annotation in release.annotations_for(disease_id):
        hpo_id = _current_term(annotation.hpo, release)
        place = field_for(hpo_id, release).split(" ", 1)[0] if hpo_id else "no"
        by_field.setdefault(place, {}).setdefault(hpo_id or annotation.hpo, []).append(annotation)
    hpo_name = release.annotation_rows[disease_id].split("\t", 2)[1]
    prefill = draft.prefill
    prefill.put("identifiers[0]", {"id": disease_id, "relation": "exact", "source": f"{draft.version} (phenotype.hpoa)"}
                | ({"label": hpo_name} if hpo_name != name else {}))
    prefill.origins["identifiers[0].relation"] = [
        f"from {draft.version} (phenotype.hpoa), which names {disease_id} '{hpo_name}'. This draft is made "
        "from its annotations; check that the entry is this disease (relation) against the source."]
    features = draft.features(by_field.get("phenotypes", {}))
    draft.inheritance(by_field.get("classification.inheritance", {}))
    draft.course(by_field.get("course.onset", {}), by_field.get("course.outlook", {}))
    nowhere = by_field.get("no", {})
    if nowhere:
        prefill.origins["phenotypes"] = [
            f"{draft.version} annotates {disease_id} with these terms too, which no field of the record takes: "
            + "; ".join(draft.described(hpo_id, rows) for hpo_id, rows in nowhere.items()) + "."]
    genes = draft.genes()
    draft.references()
    excluded = sum(1 for i in range(features) if prefill.values.get(f"phenotypes[{i}].status") == "excluded")
    filled = [f"{features} feature{'s' * (features != 1)} ({excluded} excluded)",
              "the inheritance" * ("classification.inheritance.hpo" in prefill.values),
              "the onset" * ("course.onset.hpo" in prefill.values),
              f"{genes} gene{'s' * (genes != 1)}", f"{len(draft.cited)} reference{'s' * (len(draft.cited) != 1)}"]
    prefill.told = [
        f"a draft from {draft.version}'s annotations of {disease_id}: " + ", ".join(f for f in filled if f) + ".",
        "Each prefilled value says where it came from in a comment `# from HPO ...`: check it against that "
        "source, and write each feature's words as the source says them.",
    ]
    return prefill


def _current_term(hpo_id: str, release: HpoRelease) -> str | None:
    """The current term for an annotated ID: itself, its primary ID or its replacement."""
    hpo_id = release.primary_of_alt.get(hpo_id, hpo_id)
    term = release.term(hpo_id)
    if term is not None and term.obsolete and term.replaced_by:
        hpo_id, term = term.replaced_by, release.term(term.replaced_by)
    return hpo_id if term is not None and not term.obsolete else None


class Draft:
    """A Prefill in the making from one disease's annotations, and the references it cites."""

    def __init__(self, release: HpoRelease, disease_id: str) -> None:
        self.release = release
        self.disease_id = disease_id
        self.version = f"HPO {release.version}"
        self.prefill = Prefill()
        self.cited: dict[str, dict[str, object]] = {}  # key -> reference entry, in citation order

    def label(self, hpo_id: str) -> str:
        term = self.release.term(hpo_id)
        return term.label if term else "not in the release"

    def term(self, hpo_id: str) -> dict[str, str]:
        return {"hpo": hpo_id, "label": self.label(hpo_id)}

    def origin(self, rows: list[Annotation]) -> str:
        return f"from {self.version} (phenotype.hpoa, {', '.join(_sources(rows)) or 'no reference'})"

    def described(self, hpo_id: str, rows: list[Annotation]) -> str:
        """'Death in infancy (HP:0001522) 2/8, PMID:18606301', for a comment."""
        said = f"{self.label(hpo_id)} ({hpo_id})" + " absent" * all(_excluded(r) for r in rows)
        frequencies = dict.fromkeys(self.release.frequency_label(r.frequency) for r in rows if r.frequency)
        said += f" {'/'.join(frequencies)}" * bool(frequencies)
        sources = ", ".join(_sources(rows))
        return f"{said}, {sources}" if sources else said

    def cite(self, rows: list[Annotation]) -> list[str]:
        """The keys of the rows' references that a record can hold (PubMed, OMIM, Orphanet),
        defined in the draft's references as they are cited."""
        keys = []
        for source in _sources(rows):
            entry = _reference_entry(source)
            if entry is not None:
                self.cited.setdefault(str(entry["key"]), entry)
                keys += [str(entry["key"])] * (entry["key"] not in keys)
        return keys

    def features(self, annotated: dict[str, list[Annotation]]) -> int:
        """Every feature HPO annotates, one entry per term: present ones first, then excluded ones."""
        ordered = sorted(annotated.items(), key=lambda item: all(_excluded(r) for r in item[1]))
        for index, (hpo_id, rows) in enumerate(ordered):
            path, notes = f"phenotypes[{index}]", []
            entry: dict[str, object] = {"words": self.label(hpo_id), **self.term(hpo_id)}
            absent = [r for r in rows if _excluded(r)]
            if absent and len(absent) == len(rows):
                entry["status"] = "excluded"
            elif absent:
                notes.append(f"HPO says absent in {', '.join(_sources(absent))}, present in "
                             f"{', '.join(_sources([r for r in rows if not _excluded(r)]))}")
            frequencies = list(dict.fromkeys(r.frequency for r in rows if r.frequency))
            if len(frequencies) == 1 and _is_frequency(frequencies[0]):
                entry["frequency"] = frequencies[0]
            elif len(frequencies) == 1:
                notes.append(f"HPO gives the frequency as {self._frequency_words(frequencies[0])}")
            elif frequencies:
                notes.append("HPO gives the frequencies " + "; ".join(
                    f"{self._frequency_words(r.frequency)} ({r.reference})" for r in rows if r.frequency))
            onsets = {_current_term(r.onset, self.release) for r in rows if r.onset}
            if len(onsets) == 1 and (onset := onsets.pop()) and self.release.is_onset(onset):
                entry["onset"] = self.term(onset)
            if notes:
                entry["note"] = "; ".join(notes) + "."
            entry["references"] = self.cite(rows)
            self.prefill.put(path, entry)
            self.prefill.origins[path] = [self.origin(rows)]
        return len(ordered)

    def _frequency_words(self, frequency: str) -> str:
        if frequency in FREQUENCY_TERMS:
            low, high = FREQUENCY_TERMS[frequency]
            share = f"{low}%" if low == high else f"{low}-{high}%"
            return f"'{self.release.frequency_label(frequency)}' ({frequency}, {share} of patients)"
        return self.release.frequency_label(frequency)

    def inheritance(self, annotated: dict[str, list[Annotation]]) -> None:
        """The first mode of inheritance HPO gives; any others are named in the comment."""
        if not annotated:
            return
        (hpo_id, rows), *others = annotated.items()
        self.prefill.put("classification.inheritance", self.term(hpo_id))
        self.prefill.origins["classification.inheritance"] = [self.origin(rows)] + [
            f"HPO gives another mode of inheritance too: {self.described(other, more)}" for other, more in others]
        keys = self.cite(rows)
        if keys:
            self.prefill.put("classification.references", keys)
            self.prefill.origins["classification.references"] = [
                f"the references of the inheritance, {self.origin(rows)}"]

    def course(self, onsets: dict[str, list[Annotation]], course_terms: dict[str, list[Annotation]]) -> None:
        """The onset HPO gives most often, with its references; other onsets and the clinical
        course terms are named in a comment, for the outlook in words."""
        ranked = sorted(onsets.items(), key=lambda item: -max(_share(r.frequency) for r in item[1]))
        chosen = ranked[0] if ranked and _sources(ranked[0][1]) else None
        said = [self.described(hpo_id, rows) for hpo_id, rows in ranked if (hpo_id, rows) != chosen]
        said += [self.described(hpo_id, rows) for hpo_id, rows in course_terms.items()]
        words = [f"{self.version} (phenotype.hpoa) gives these for the course of {self.disease_id}, to say in "
                 "words with their references: " + "; ".join(said) + "."] if said else []
        keys = self.cite(chosen[1]) if chosen else []
        if not keys:  # a course needs a reference: where HPO gives none, only the comment is written
            self.prefill.origins["course"] = words
            return
        hpo_id, rows = chosen
        self.prefill.put("course.onset", self.term(hpo_id))
        self.prefill.put("course.references", keys)
        self.prefill.origins["course.onset"] = [self.origin(rows)] + [
            f"HPO gives it for {_share_words(rows)}; the other onsets it gives are under outlook."] * bool(said)
        self.prefill.origins["course.references"] = [f"the references of the onset, {self.origin(rows)}"]
        self.prefill.origins["course.outlook"] = words

    def genes(self) -> int:
        links = [link for link in self.release.genes.get(self.disease_id, ())
                 if _valid(Gene, {"symbol": link.symbol, "source": "HPO"})]
        for index, link in enumerate(links):
            path = f"genes[{index}]"
            self.prefill.put(path, {"symbol": link.symbol, "ncbi_gene": link.ncbi_gene,
                                    "source": f"{self.version} (genes_to_phenotype.txt)"})
            self.prefill.origins[path] = [f"from {self.version} (genes_to_phenotype.txt)"]
        return len(links)

    def references(self) -> None:
        for index, entry in enumerate(self.cited.values()):
            path = f"references[{index}]"
            self.prefill.put(path, entry)
            to_add = "its authors, title, journal and year" if "pmid" in entry else "the date you read it (accessed)"
            self.prefill.origins[path] = [f"cited by {self.version} (phenotype.hpoa): check it, and add {to_add}"]


def _sources(rows: list[Annotation]) -> list[str]:
    """The references the rows give, each once: 'PMID:18606301', 'OMIM:612301', 'ISBN-13:...'."""
    return list(dict.fromkeys(s.strip() for r in rows for s in r.reference.split(";") if s.strip()))


def _reference_entry(source: str) -> dict[str, object] | None:
    """A reference of the record for one of HPO's: a PubMed ID, or an OMIM or Orphanet entry (a
    book or other web page is left to the curator, in the comment that names it)."""
    prefix, _, code = source.partition(":")
    if prefix == "PMID":
        entry: dict[str, object] = {"key": f"pmid-{code}", "pmid": int(code) if code.isdigit() else code}
    elif prefix in ("OMIM", "ORPHA") and code.isdigit():
        system, _, url = identifier_link(source)
        entry = {"key": f"{prefix.lower()}-{code}", "title": f"{system}, entry {source}", "url": url}
    else:
        return None
    return entry if _valid(Reference, entry) else None


def _valid(model: type[BaseModel], value: dict[str, object]) -> bool:
    try:
        model.model_validate(value)
    except ValidationError:
        return False
    return True


def _excluded(row: Annotation) -> bool:
    return row.excluded or row.frequency == EXCLUDED_FREQUENCY


def _is_frequency(frequency: str) -> bool:
    try:
        _FREQUENCY.validate_python(frequency)
    except ValidationError:
        return False
    return True


def _share(frequency: str) -> float:
    """The share of patients a frequency stands for, to find the usual onset; -1 where none is given."""
    if frequency in FREQUENCY_TERMS:
        return sum(FREQUENCY_TERMS[frequency]) / 200
    if match := re.fullmatch(r"(\d+)/(\d+)", frequency):
        return int(match[1]) / max(int(match[2]), 1)
    if match := re.fullmatch(r"(\d+(?:\.\d+)?)%", frequency):
        return float(match[1]) / 100
    return -1.0


def _share_words(rows: list[Annotation]) -> str:
    frequencies = [r.frequency for r in rows if r.frequency]
    return " and ".join(frequencies) if frequencies else "no frequency"


# --- The skeleton -------------------------------------------------------------------------------


def skeleton_for(name: str, slug: str, identifiers: list[str], prefill: Prefill | None = None) -> Skeleton:
    """The skeleton text: given values filled in, required facts blank, every field explained."""
    prefill = prefill or Prefill()
    given = Prefill(dict(prefill.values), prefill.origins)
    given.values |= {
        "slug": slug,
        "names.preferred": name,
        "provenance.version": FIRST_VERSION,
        "provenance.changes[0].version": FIRST_VERSION,
    }
    drafted = {given.values.get(f"identifiers[{i}].id") for i in range(given.entries("identifiers"))}
    for identifier in identifiers:
        if identifier not in drafted:
            given.values[f"identifiers[{given.entries('identifiers')}].id"] = identifier
    header = [
        SCHEMA_LINE,
        f"# {name}.",
        "#",
        "# Every field is explained in the comment above it. Fill in each REQUIRED field; optional",
        "# fields may stay empty, or be deleted. A list shown as [] is empty: to add entries,",
        "# replace [] by entries like the commented-out example under it (remove the leading '# ').",
        "# Write only facts from a source this record names; leave out what the sources do not say.",
        "# Then run `python build.py check`: it names every field that is still missing or wrong.",
        "",
    ]
    if prefill.values:
        header[-1:] = [
            "#",
            "# A DRAFT: what HPO holds is filled in, each value with a comment `# from HPO ...` that",
            "# names the release file and the references HPO gives. These are HPO's terms to check",
            "# against those references, not facts to publish unread: write each feature's words as",
            "# the source says them (the draft has HPO's label there), and delete what they do not support.",
            "",
        ]
    skeleton = Skeleton(text="")
    body = _model_lines(DiseaseRecord, "", "", given, skeleton.to_fill, top_level=True)
    skeleton.text = "\n".join(header + body) + "\n"
    return skeleton


def _model_lines(model: type[BaseModel], indent: str, path: str, given: Prefill,
                 to_fill: list[str] | None, top_level: bool = False) -> list[str]:
    """The lines of one mapping of the given model: each field with its comment above it.

    to_fill collects the paths of the required fields left blank; None inside commented-out
    examples, where nothing has to be filled in.
    """
    lines: list[str] = []
    for name, info in model.model_fields.items():
        here = f"{path}.{name}" if path else name
        if top_level and lines:
            lines.append("")
        lines.extend(_comment(indent, info))
        lines.extend(_origin(indent, given.origins.get(here, ())))
        inner = field_model(info.annotation)
        if here in given.values:
            lines.append(f"{indent}{name}: {_scalar(given.values[here])}")
        elif inner is not None and _is_list(info.annotation):
            entries = given.entries(here)
            if info.is_required():
                lines.append(f"{indent}{name}:")
                for index in range(max(entries, 1)):
                    lines.extend(_origin(indent + "  ", given.origins.get(f"{here}[{index}]", ())))
                    lines.extend(_list_item(inner, indent + "  ", f"{here}[{index}]", given, to_fill))
            elif entries:
                # Prefilled entries show only what they hold; the example under them, every field.
                lines.append(f"{indent}{name}:")
                for index in range(entries):
                    lines.extend(_origin(indent + "  ", given.origins.get(f"{here}[{index}]", ())))
                    lines.extend(_given_item(inner, indent + "  ", f"{here}[{index}]", given))
                example = _list_item(inner, indent + "  ", here + "[0]", Prefill(), None)
                lines.append(f"{indent}# Another entry, every field explained:")
                lines.extend(_commented(example, len(indent)))
            else:
                lines.append(f"{indent}{name}: []")
                example = _list_item(inner, indent + "  ", here + "[0]", given, None)
                lines.extend(_commented(example, len(indent)))
        elif inner is not None:
            lines.append(f"{indent}{name}:")
            written = info.is_required() or given.filled_under(here)
            nested = _model_lines(inner, indent + "  ", here, given, to_fill if written else None)
            lines.extend(nested if written else _commented(nested, len(indent)))
        elif _is_list(info.annotation):
            lines.append(f"{indent}{name}: []")
        elif not info.is_required() and info.default is not None:
            lines.append(f"{indent}{name}: {_scalar(info.default)}")
        else:
            lines.append(f"{indent}{name}:")
            if info.is_required() and to_fill is not None:
                to_fill.append(here)
    return lines


def _list_item(model: type[BaseModel], indent: str, path: str, given: Prefill,
               to_fill: list[str] | None) -> list[str]:
    """One entry of a list of mappings: the fields of the model, the first behind '- '."""
    return _dashed(_model_lines(model, indent + "  ", path, given, to_fill), indent)


def _given_item(model: type[BaseModel], indent: str, path: str, given: Prefill) -> list[str]:
    """One prefilled entry of a list of mappings: only the fields it holds, the first behind '- '."""
    return _dashed(_given_lines(model, indent + "  ", path, given), indent)


def _given_lines(model: type[BaseModel], indent: str, path: str, given: Prefill) -> list[str]:
    lines = []
    for name, info in model.model_fields.items():
        here = f"{path}.{name}"
        if here in given.values:
            lines.append(f"{indent}{name}: {_scalar(given.values[here])}")
        elif given.filled_under(here) and (inner := field_model(info.annotation)) is not None:
            lines.append(f"{indent}{name}:")
            lines.extend(_given_lines(inner, indent + "  ", here, given))
    return lines


def _dashed(lines: list[str], indent: str) -> list[str]:
    first_field = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    lines[first_field] = indent + "- " + lines[first_field].lstrip()
    return lines


def _origin(indent: str, said: list[str] | tuple[str, ...]) -> list[str]:
    """Where prefilled values came from, as comment lines."""
    return [line for text in said for line in textwrap.wrap(
        text, width=COMMENT_WIDTH, initial_indent=indent + "# ", subsequent_indent=indent + "# ",
        break_on_hyphens=False)]


def _commented(lines: list[str], column: int) -> list[str]:
    """Comment lines out at one column, so that an editor's 'uncomment' gives them back whole."""
    return [line[:column] + "# " + line[column:] for line in lines]


def _comment(indent: str, info: FieldInfo) -> list[str]:
    """The field's description as a comment, marked REQUIRED or optional, with allowed values."""
    required = info.is_required()
    text = f"{'REQUIRED' if required else 'optional'}: {info.description or ''}"
    allowed = _literal_values(info.annotation)
    if allowed:
        text += " One of: " + ", ".join(allowed) + "."
    minimum = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), 0)
    if _is_list(info.annotation) and minimum and "at least" not in text:
        text += f" At least {minimum}."
    if PROSE in info.metadata:
        text += (" Paragraphs: put | after the colon and the text on the lines below, indented;"
                 " *emphasis*, [links](https://...) and lists are allowed.")
    # Continuation lines start "# " too: "#   " (three spaces) marks a commented-out field.
    return textwrap.wrap(text, width=COMMENT_WIDTH, initial_indent=indent + "# ",
                         subsequent_indent=indent + "# ")


def _scalar(value: object) -> str:
    """A value as YAML on one line, quoted only where YAML needs it."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


# --- Reading the model's annotations ------------------------------------------------------------


def _arguments(annotation: object) -> tuple[object, ...]:
    return typing.get_args(annotation)


def _unwrap(annotation: object) -> object:
    """X from Annotated[X, ...] and from X | None."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = _arguments(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            present = [a for a in _arguments(annotation) if a is not type(None)]
            if len(present) != 1:
                return annotation
            annotation = present[0]
        else:
            return annotation


def _is_list(annotation: object) -> bool:
    return typing.get_origin(_unwrap(annotation)) is list


def field_model(annotation: object) -> type[BaseModel] | None:
    """The model of a field that holds a mapping, or a list of them; None for plain values."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is list:
        annotation = _unwrap(_arguments(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _literal_values(annotation: object) -> list[str]:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return [str(value) for value in _arguments(annotation)]
    return []
