"""Load every record and check everything, collecting every problem before anything is written."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import difflib
import functools
import json
import types
import typing
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from raresite.keeping import Keeping
from raresite.model.hpo import ONSET_ROOT, PHENOTYPIC_ABNORMALITY, HpoRelease
from raresite.model.prose import check_prose
from raresite.model.readability import reading_grade_warning
from raresite.model.record import PROSE, DiseaseRecord
from raresite.model.yamlfile import FieldPath, YamlDocument, read_yaml
from raresite.plan import Plan
from raresite.problems import Problem
from raresite.project import RecordFile

MODE_OF_INHERITANCE = "HP:0000005"
# Slugs whose files would stand where the site's own are.
RESERVED_SLUGS = {
    "index": "the address of the Diseases A–Z page, diseases/",
    "diseases": "the name of the file of all records, data/diseases.json",
}


@dataclass
class LoadedRecord:
    """A record that passed the model, with the file it came from."""

    record: DiseaseRecord
    file: RecordFile
    _document: YamlDocument | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def shown_as(self) -> str:
        return self.file.shown_as

    @property
    def document(self) -> YamlDocument:
        """The file as read, with where each field stands: read again from the same bytes when
        a problem between records must be placed (a record checked elsewhere comes without it)."""
        if self._document is None:
            self._document = read_yaml(self.file.path, self.file.shown_as, self.file.raw)
        return self._document


@dataclass
class CheckedFile:
    """What checking one record file found."""

    record: DiseaseRecord | None = None  # the record, where the model took it
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    slug_written: str | None = None  # the slug the file states, valid or not
    salvaged: LoadedRecord | None = None  # a refused record less its refused parts, checked


@dataclass
class Validation:
    """The outcome of loading and checking the records."""

    records: list[LoadedRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Records the model refused, less the refused parts: checked, never published.
    salvaged: list[LoadedRecord] = field(default_factory=list)
    # Every slug a record file states, valid or not: a link to a broken record is not a dangling one.
    slugs_written: set[str] = field(default_factory=set)
    # Files the model refused in part or whole: what needs their refused fields is not checked yet.
    partly_checked: int = 0


def _unkept_work(file: RecordFile) -> bytes:
    return file.shown_as.encode() + b"\0" + file.raw


def _keep_checked(checked: CheckedFile) -> bytes | None:
    if checked.problems or checked.record is None:
        return None  # only a record that passed is kept
    # A line of JSON for the warnings and the slug, then the record as the model writes it, which
    # the model reads back in one pass (pydantic's own JSON parser: half the time of two steps).
    head = json.dumps({"warnings": [dataclasses.astuple(w) for w in checked.warnings], "slug": checked.slug_written},
                      ensure_ascii=False)
    return head.encode() + b"\n" + checked.record.model_dump_json().encode()


def _kept_checked(data: bytes) -> CheckedFile:
    head, _, record = data.partition(b"\n")
    kept = json.loads(head)
    return CheckedFile(
        # Validated again: a kept record is held to the model as a record read from its file.
        record=DiseaseRecord.model_validate_json(record),
        warnings=[Problem(str(f), int(line), int(column), str(name), str(message))
                  for f, line, column, name, message in kept["warnings"]],
        slug_written=str(kept["slug"]),
    )


# A record file that passed its checks, by its name and bytes: checked again only when they change.
CHECKED_RECORDS = Keeping("records", _unkept_work, _keep_checked, _kept_checked)


def load_and_validate(files: list[RecordFile], release: HpoRelease, plan: Plan | None = None) -> Validation:
    """Model and check every record file, then the records together; problems are returned, never
    raised."""
    outcome = Validation()
    checked = (plan or Plan()).map(functools.partial(check_record_file, release=release), files, CHECKED_RECORDS)
    for file, found in zip(files, checked, strict=True):
        outcome.problems.extend(found.problems)
        outcome.warnings.extend(found.warnings)
        if found.slug_written is not None:
            outcome.slugs_written.add(found.slug_written)
        if found.problems and found.record is None:
            outcome.partly_checked += 1
        if found.salvaged is not None:
            outcome.salvaged.append(found.salvaged)
        elif found.record is not None:
            outcome.records.append(LoadedRecord(found.record, file))
    outcome.problems.extend(check_collection(outcome.records + outcome.salvaged, outcome.slugs_written))
    if not outcome.problems:
        outcome.warnings.extend(one_way_relations(outcome.records))
    return outcome


def related_pages(records: list[DiseaseRecord]) -> dict[str, tuple[str | None, ...]]:
    """For each record's slug, the slug of each of its related disorders that has a page here:
    the one its record field names, else the record that holds one of its identifiers as exact."""
    by_identifier = {i.id: r.slug for r in records for i in r.identifiers if i.relation == "exact"}
    return {record.slug: tuple(
        disorder.record or next((by_identifier[i] for i in disorder.identifiers if i in by_identifier), None)
        for disorder in record.related_disorders) for record in records}


def one_way_relations(records: list[LoadedRecord]) -> list[Problem]:
    """Warnings where a record names another of the site as related and is not named back."""
    pages = related_pages([loaded.record for loaded in records])
    warnings = []
    for loaded in records:
        for index, other in enumerate(pages[loaded.record.slug]):
            if other is not None and other != loaded.record.slug and loaded.record.slug not in pages.get(other, ()):
                warnings.append(loaded.document.problem(("related_disorders", index), (
                    f"names {other} as related, but {other}'s record does not name this one among its "
                    "related disorders (expected the relation in both records, or a reason it runs one way)")))
    return warnings


def check_record_file(file: RecordFile, release: HpoRelease) -> CheckedFile:
    """Read, model and check one record file."""
    found = CheckedFile()
    if file.refused is not None:
        found.problems.append(Problem(file.shown_as, 1, 1, "", file.refused))
        return found
    document = read_yaml(file.path, file.shown_as, file.raw)
    found.problems.extend(document.problems)
    if document.data is None:
        return found
    found.problems.extend(check_schema_line(file.path, file.shown_as, file.raw))
    if isinstance(document.data, dict) and isinstance(document.data.get("slug"), str):
        found.slug_written = document.data["slug"]
    try:
        record = DiseaseRecord.model_validate(document.data)
    except ValidationError as error:
        found.problems.extend(translate_errors(error, document))
        # Check what is left once the refused parts are set aside, so that one run reports
        # the record's other problems too; the record itself is not published.
        salvaged = _salvage(document, error)
        if salvaged is not None:
            record, renumbered = salvaged
            found.problems.extend(check_record(record, renumbered, release))
            found.salvaged = LoadedRecord(record, file, document)
        return found
    found.problems.extend(check_record(record, document, release))
    found.warnings.extend(compare_genes_with_hpo(record, document, release))
    hard_to_read = reading_grade_warning(record, document)
    found.warnings += [hard_to_read] if hard_to_read else []
    found.record = record
    return found


# --- What is left of a record the model refused ------------------------------------------------


class _Renumbered:
    """A record's document after refused list items were set aside: problems are told with the
    items' original numbers, so that they name the field and line the curator wrote."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.file = document.file
        self.removed: set[FieldPath] = set()  # original paths of what was set aside
        self._original: dict[FieldPath, list[int]] = {}  # list (original path) -> original numbers

    def original_path(self, path: FieldPath) -> FieldPath:
        result: list[str | int] = []
        for part in path:
            if isinstance(part, int):
                numbers = self._original.get(tuple(result))
                part = numbers[part] if numbers and part < len(numbers) else part
            result.append(part)
        return tuple(result)

    def set_aside(self, data: object, path: FieldPath) -> None:
        """Remove the part at (current) path from data, remembering where it was."""
        *parents, last = path
        container = data
        for part in parents:
            try:
                container = container[part]
            except (KeyError, IndexError, TypeError):
                return
        original = self.original_path(path)
        if isinstance(container, list) and isinstance(last, int) and last < len(container):
            numbers = self._original.setdefault(original[:-1], list(range(len(container))))
            container.pop(last)
            numbers.pop(last)
        elif isinstance(container, dict) and last in container:
            del container[last]
        else:
            return
        self.removed.add(original)

    def lost(self, prefix: FieldPath) -> bool:
        """Whether anything under prefix was set aside."""
        return any(removed[: len(prefix)] == prefix for removed in self.removed)

    def problem(self, path: FieldPath, message: str) -> Problem:
        return self.document.problem(self.original_path(path), message)


def _salvage(document: YamlDocument, error: ValidationError) -> tuple[DiseaseRecord, _Renumbered] | None:
    """The record without the parts the model refused, or None where a required part is refused."""
    renumbered = _Renumbered(document)
    data = copy.deepcopy(document.data)
    for _ in range(8):  # each round sets aside a level more; records are not deeper than that
        targets: set[FieldPath] = set()
        for detail in error.errors(include_url=False):
            path = tuple(detail["loc"])
            if detail["type"] == "missing" or not path:
                # A part without a required field goes whole: the nearest list item holding it.
                items = [i for i, part in enumerate(path[:-1]) if isinstance(part, int)]
                if not items:
                    return None
                path = path[: items[-1] + 1]
            elif detail["type"] == "extra_forbidden":
                # 'refrences' was surely meant as 'references': what that field holds is lost too.
                meant = difflib.get_close_matches(str(path[-1]), _field_names_at(path[:-1]), n=1, cutoff=0.6)
                renumbered.removed.update(renumbered.original_path(path[:-1] + (m,)) for m in meant)
            targets.add(path)
        # The deepest first, and within a list the highest number first, so numbers stay valid.
        for target in sorted(targets, key=lambda t: [(0, p) if isinstance(p, int) else (1, p) for p in t],
                             reverse=True):
            renumbered.set_aside(data, target)
        try:
            return DiseaseRecord.model_validate(data), renumbered
        except ValidationError as again:
            error = again
    return None


SCHEMA_LINE = "# yaml-language-server: $schema=../disease.schema.json"


def check_schema_line(path: Path, shown_as: str, raw: bytes | None = None) -> list[Problem]:
    """A record must begin with the line that points editors at the schema, so they check as we type."""
    raw = path.read_bytes() if raw is None else raw
    first_line = raw.decode("utf-8-sig", errors="replace").splitlines()[0] if raw.strip() else ""
    if first_line == SCHEMA_LINE:
        return []
    got = repr(first_line[:57] + "...") if len(first_line) > 60 else repr(first_line)
    return [Problem(shown_as, 1, 1, "", f"the first line must point editors at the record schema "
                                        f"(expected '{SCHEMA_LINE}', got {got})")]


# --- Pydantic's errors, said for curators -----------------------------------------------------


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "date_type": "a date like 2026-11-24",
    "date_parsing": "a date like 2026-11-24",
    "date_from_datetime_parsing": "a date like 2026-11-24",
    "date_from_datetime_inexact": "a date like 2026-11-24",
}


# What a curator can do about a required field whose value the sources do not give. Optional
# fields are simply left out: the page says what is not known.
WHEN_NOT_KNOWN = {
    "relation": "; where you could not check how the entry relates to this disease, write 'not verified'",
    "source": "; name where you checked it (a record holds nothing its sources do not say)",
    "references": "; cite the references that say it, or leave the statement out",
}


def translate_errors(error: ValidationError, document: YamlDocument,
                     root: type[BaseModel] = DiseaseRecord) -> list[Problem]:
    """The model's complaints about a file, in the curators' words, each where it stands."""
    problems = []
    for detail in error.errors(include_url=False):
        path: FieldPath = tuple(detail["loc"])
        if document.follows_from_refused(path):
            continue
        kind = detail["type"]
        value = detail.get("input")
        context = detail.get("ctx", {})
        if kind == "missing":
            hint = WHEN_NOT_KNOWN.get(str(path[-1]), "")
            message = f"required field is missing (expected {path[-1]}, got nothing{hint})"
        elif kind == "extra_forbidden":
            known = _field_names_at(path[:-1], root)
            guess = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else "expected one of " + ", ".join(known)
            message = f"unknown field ({hint})"
        elif kind == "literal_error":
            message = f"expected one of {context.get('expected')}, got {_describe(value)}"
        elif kind in ("too_short", "string_too_short"):
            minimum = context.get("min_length", 1)
            message = (
                f"expected at least {minimum} item{'s' if minimum != 1 else ''}, got "
                f"{context.get('actual_length', 0)}"
                if kind == "too_short" else "expected some text, got an empty string"
            )
        elif kind in ("greater_than_equal", "less_than_equal"):
            bound = context.get("ge", context.get("le"))
            sign = "at least" if kind == "greater_than_equal" else "at most"
            message = f"expected a number {sign} {bound}, got {_describe(value)}"
        elif kind in _EXPECTED:
            reason = context.get("error")
            message = f"expected {_EXPECTED[kind]}, got {_describe(value)}"
            # Pydantic's reason helps for a date that cannot exist ('day value is outside expected
            # range'), not for text that is no date at all ('input is too short').
            if reason and kind.startswith("date") and "range" in reason:
                message += f" ({reason})"
        elif "ctx" in detail and kind not in ("value_error", "assertion_error"):
            message = detail["msg"]  # our own PydanticCustomError, already worded for curators
        else:
            message = f"{detail['msg']} (got {_describe(value)})"
        problems.append(document.problem(path, message))
    return problems


def _field_names_at(path: FieldPath, root: type[BaseModel] = DiseaseRecord) -> list[str]:
    """The fields a record (or another file of root's model) allows at path, for 'did you mean' hints."""
    model: object = root
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        info = model.model_fields.get(part)
        if info is None:
            return []
        model = model_in(info.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def model_in(annotation: object) -> object:
    """The model class inside list[X], X | None and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            found = model_in(argument)
            if found is not None:
                return found
    return None


# --- Checks inside one record -----------------------------------------------------------------


@dataclass(frozen=True)
class _Fields:
    """What the checks look for in one kind of part of a record, by its fields."""

    names: tuple[str, ...]
    prose: tuple[str, ...]
    cites: bool  # has references (keys, where it holds strings)
    in_forms: bool  # has forms (keys, where it holds strings)
    hpo: bool


@functools.cache
def _fields(model: type[BaseModel]) -> _Fields:
    fields = model.model_fields
    return _Fields(tuple(fields), tuple(name for name, info in fields.items() if PROSE in info.metadata),
                   "references" in fields, "forms" in fields, "hpo" in fields)


def _walk(model: BaseModel, path: FieldPath = ()):
    """Every model inside a record, with its path and fields: the record itself first."""
    fields = _fields(type(model))
    yield path, model, fields
    for name in fields.names:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _walk(value, path + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _walk(item, path + (name, index))


def check_record(record: DiseaseRecord, document: YamlDocument, release: HpoRelease) -> list[Problem]:
    """Everything that can be wrong inside one record once its fields have the right types."""
    problems: list[Problem] = []

    def problem(path: FieldPath, message: str) -> None:
        problems.append(document.problem(path, message))

    # Of a record the model refused, only what is left is checked: a check that the refused parts
    # could have satisfied (a citation, a form, a reference) is skipped rather than misreport.
    lost = document.lost if isinstance(document, _Renumbered) else (lambda prefix: False)
    numbered = document.original_path if isinstance(document, _Renumbered) else (lambda path: path)

    defined_keys = Counter(reference.key for reference in record.references)
    for index, reference in enumerate(record.references):
        if defined_keys[reference.key] > 1:
            problem(("references", index, "key"),
                    f"duplicate reference key (expected each key once, got '{reference.key}' "
                    f"{defined_keys[reference.key]} times)")
    form_keys = {form.key for form in record.classification.forms}
    cited: set[str] = set()
    for path, part, fields in _walk(record):
        for name in fields.prose:
            value = getattr(part, name)
            if isinstance(value, str):
                for message in check_prose(value):
                    problem(path + (name,), message)
        for index, key in enumerate((part.references or ()) if fields.cites else ()):
            if isinstance(key, str):
                cited.add(key)
                if key not in defined_keys and not lost(("references",)):
                    near = difflib.get_close_matches(key, list(defined_keys), n=1)
                    hint = f"; did you mean '{near[0]}'?" if near else ""
                    problem(path + ("references", index),
                            f"cites a reference that is not defined (expected a key from "
                            f"references, got '{key}'{hint})")
        for index, key in enumerate((part.forms or ()) if fields.in_forms else ()):
            if isinstance(key, str) and key not in form_keys and not lost(("classification",)):
                problem(path + ("forms", index),
                        f"names a form that is not defined (expected one of "
                        f"{sorted(form_keys) or 'the keys of classification.forms'}, got '{key}')")
        if fields.hpo and isinstance(part.hpo, str):
            problems.extend(_check_hpo(part, path, document, release))
    for index, reference in enumerate(record.references):
        if reference.key not in cited and not lost(()):
            problem(("references", index, "key"),
                    f"reference defined but never cited (expected '{reference.key}' to be cited "
                    f"by a phenotype, finding, statement or other part, got no citation)")
    seen_phenotypes: dict[tuple[str, tuple[str, ...]], int] = {}
    for index, phenotype in enumerate(record.phenotypes):
        key = (phenotype.hpo, tuple(sorted(phenotype.forms)))
        if key in seen_phenotypes:
            problem(("phenotypes", index, "hpo"),
                    f"the same phenotype twice (expected {phenotype.hpo} once, got it again; the "
                    f"first is phenotypes[{numbered(('phenotypes', seen_phenotypes[key]))[1]}])")
        else:
            seen_phenotypes[key] = index
    seen_identifiers: dict[str, int] = {}
    for index, identifier in enumerate(record.identifiers):
        if identifier.id in seen_identifiers:
            problem(("identifiers", index, "id"),
                    f"the same identifier twice (expected {identifier.id} once, got it again)")
        seen_identifiers.setdefault(identifier.id, index)
    if record.provenance.changes[0].version != record.provenance.version and not lost(("provenance",)):
        problem(("provenance", "changes", 0, "version"),
                f"the newest change must carry the record's version (expected "
                f"{record.provenance.version}, got {record.provenance.changes[0].version})")
    if record.slug in RESERVED_SLUGS:
        problem(("slug",), f"the site's own files use this address (expected another slug, got "
                           f"'{record.slug}', which would take {RESERVED_SLUGS[record.slug]})")
    for index, related in enumerate(record.related_disorders):
        if related.record == record.slug:
            problem(("related_disorders", index, "record"),
                    "a disorder cannot be related to itself (expected another record's slug, "
                    f"got '{related.record}')")
    return problems


# Where each kind of HPO term must sit in the ontology.
_EXPECTED_BRANCH = {
    "inheritance": (MODE_OF_INHERITANCE, "a mode of inheritance"),
    "onset": (ONSET_ROOT, "an onset term"),
}


def _check_hpo(part: BaseModel, path: FieldPath, document: YamlDocument,
               release: HpoRelease) -> list[Problem]:
    hpo_id: str = part.hpo
    label = getattr(part, "label", None)
    where = path + ("hpo",)
    term = release.term(hpo_id)
    version = f"HPO {release.version}"
    if term is None:
        primary = release.primary_of_alt.get(hpo_id)
        if primary:
            return [document.problem(where, (
                f"{hpo_id} is an alternative ID (expected the primary ID {primary} "
                f"'{release.terms[primary].label}', got the alt_id {hpo_id} of {version})"
            ))]
        return [document.problem(where, f"no such HPO term (expected an ID of {version}, got '{hpo_id}')")]
    if term.obsolete:
        if term.replaced_by and term.replaced_by in release.terms:
            instead = f"its replacement {term.replaced_by} '{release.terms[term.replaced_by].label}'"
        elif term.consider:
            instead = "one of the terms it suggests: " + ", ".join(term.consider)
        else:
            instead = "a current term (it names no replacement)"
        return [document.problem(where, f"{hpo_id} is obsolete in {version} (expected {instead}, got '{term.label}')")]
    problems = []
    if label is not None and label != term.label:
        problems.append(document.problem(path + ("label",), (
            f"does not match the HPO label of {hpo_id} (expected '{term.label}', got '{label}')"
        )))
    branch_name = next((p for p in reversed(path) if isinstance(p, str)), "")
    root, kind = _EXPECTED_BRANCH.get(branch_name, (PHENOTYPIC_ABNORMALITY, "a phenotypic abnormality"))
    if path and path[0] == "classification" and branch_name == "disease_term":
        root, kind = PHENOTYPIC_ABNORMALITY, "a phenotypic abnormality"
    if root not in release.ancestors(hpo_id):
        problems.append(document.problem(where, (
            f"expected {kind} (a term under {root} '{release.terms[root].label}'), "
            f"got {hpo_id} '{term.label}'"
        )))
    return problems


# --- Checks across records --------------------------------------------------------------------


def check_collection(records: list[LoadedRecord], slugs_written: set[str] = frozenset()) -> list[Problem]:
    """What can only be wrong between records: shared slugs and exact identifiers, dangling links."""
    problems: list[Problem] = []
    by_slug: dict[str, LoadedRecord] = {}
    by_omim: dict[str, LoadedRecord] = {}
    for loaded in records:
        record = loaded.record
        if record.slug in by_slug:
            first = by_slug[record.slug].shown_as
            problems.append(loaded.document.problem(("slug",), (
                f"another record has this slug (expected a slug of its own, got '{record.slug}', "
                f"already used by {first})"
            )))
        by_slug.setdefault(record.slug, loaded)
        for index, identifier in enumerate(record.identifiers):
            # An exact identifier is a permanent address of its page (/omim/259710/): one owner.
            if identifier.relation == "exact":
                if identifier.id in by_omim:
                    first = by_omim[identifier.id].shown_as
                    problems.append(loaded.document.problem(("identifiers", index, "id"), (
                        f"another record has this identifier as exact (expected one record per "
                        f"entry, got {identifier.id}, already in {first})"
                    )))
                by_omim.setdefault(identifier.id, loaded)
    known = by_slug.keys() | set(slugs_written)  # once: per link, it made the check quadratic
    for loaded in records:
        for index, related in enumerate(loaded.record.related_disorders):
            if related.record is not None and related.record not in known:
                near = difflib.get_close_matches(related.record, list(by_slug), n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                problems.append(loaded.document.problem(("related_disorders", index, "record"), (
                    f"names a record that does not exist (expected the slug of a record in "
                    f"content/diseases, got '{related.record}'{hint})"
                )))
    return problems


def compare_genes_with_hpo(record: DiseaseRecord, document: YamlDocument,
                           release: HpoRelease) -> list[Problem]:
    """Warnings where the record's genes differ from HPO's gene annotations of the disease."""
    warnings = []
    recorded = {gene.symbol for gene in record.genes}
    for identifier in record.identifiers:
        if identifier.relation != "exact" or identifier.id not in release.genes:
            continue
        annotated = {link.symbol for link in release.genes[identifier.id]}
        for symbol in sorted(annotated - recorded):
            warnings.append(document.problem(("genes",), (
                f"HPO {release.version} links {identifier.id} to {symbol}, which the record does "
                f"not list (expected genes to include {symbol}, got {sorted(recorded) or 'none'})"
            )))
        for symbol in sorted(recorded - annotated):
            gene_index = next(i for i, g in enumerate(record.genes) if g.symbol == symbol)
            warnings.append(document.problem(("genes", gene_index, "symbol"), (
                f"HPO {release.version} does not link {identifier.id} to {symbol} (expected one "
                f"of {sorted(annotated)}, got {symbol})"
            )))
    return warnings
