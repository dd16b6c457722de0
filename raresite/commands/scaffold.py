"""`build.py new`: write the skeleton of a new disease record, every field present and explained.

The comments come from the record model's field descriptions (raresite/record.py), so the
skeleton never drifts from the format. Nothing medical is filled in: only the name and the OMIM
number the curator typed, the slug made from them, and version 1.0.0 of a first record.
"""

from __future__ import annotations

import re
import textwrap
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from raresite.checks.validate import SCHEMA_LINE
from raresite.model.record import PROSE, DiseaseRecord
from raresite.model.yamlfile import shown_path
from raresite.problems import UsageError

FIRST_VERSION = "1.0.0"
COMMENT_WIDTH = 100

USAGE = 'python build.py new "PREFERRED NAME" [--omim NNNNNN] [--slug SLUG]'


@dataclass
class Skeleton:
    """The text of a new record, and the required fields the curator still has to fill in."""

    text: str
    to_fill: list[str] = field(default_factory=list)


def new_record(name: str, omim: str | None, slug: str | None, content_dir: Path, shown_from: Path) -> str:
    """Write a skeleton record for the command line's disease; returns what to tell the curator."""
    name, omim, slug = _checked(name, omim, slug)
    target = content_dir / "diseases" / f"{slug}.yaml"
    if target.exists():
        raise UsageError(
            f"{shown_path(target, shown_from)} already exists; edit it, or choose another slug with "
            f"--slug.\n  {USAGE}"
        )
    skeleton = skeleton_for(name, slug, omim)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as output:  # "x": never overwrite a record
        output.write(skeleton.text)
    fill = "\n".join(f"  {path}" for path in skeleton.to_fill)
    return (
        f"Wrote {shown_path(target, shown_from)} (page /diseases/{slug}/).\n"
        f"Fill in these required fields, each from a source the record names (the comment above "
        f"each field in the file says what it holds):\n{fill}\n"
        f"Optional fields may stay empty or be deleted. Then run: python build.py check"
    )


def _checked(name: str, omim: str | None, slug: str | None) -> tuple[str, str | None, str]:
    if not name.strip():
        raise UsageError(f"give the disease's preferred name, in quotes.\n  {USAGE}")
    if omim is not None:
        omim = omim.removeprefix("OMIM:")
        if not re.fullmatch(r"\d{6}", omim):
            raise UsageError(f"--omim expects the six digits of an OMIM number, got {omim!r}.")
    slug = slug or slug_from_name(name)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise UsageError(
            f"a slug is lower-case letters, digits and hyphens, like optb2; got {slug!r}. "
            f"Give one with --slug.\n  {USAGE}"
        )
    return " ".join(name.split()), omim, slug


def slug_from_name(name: str) -> str:
    """'Osteopetrosis, autosomal recessive 7' -> 'osteopetrosis-autosomal-recessive-7'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")



# --- The skeleton -------------------------------------------------------------------------------


def skeleton_for(name: str, slug: str, omim: str | None) -> Skeleton:
    """The skeleton text: given values filled in, required facts blank, every field explained."""
    given = {
        "slug": slug,
        "names.preferred": name,
        "provenance.version": FIRST_VERSION,
        "provenance.changes[0].version": FIRST_VERSION,
    }
    if omim:
        given["identifiers[0].id"] = f"OMIM:{omim}"
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
    skeleton = Skeleton(text="")
    body = _model_lines(DiseaseRecord, "", "", given, skeleton.to_fill, top_level=True)
    skeleton.text = "\n".join(header + body) + "\n"
    return skeleton


def _model_lines(model: type[BaseModel], indent: str, path: str, given: dict[str, str],
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
        inner = field_model(info.annotation)
        if here in given:
            lines.append(f"{indent}{name}: {_scalar(given[here])}")
        elif inner is not None and _is_list(info.annotation):
            if info.is_required():
                lines.append(f"{indent}{name}:")
                lines.extend(_list_item(inner, indent + "  ", here + "[0]", given, to_fill))
            else:
                lines.append(f"{indent}{name}: []")
                example = _list_item(inner, indent + "  ", here + "[0]", given, None)
                lines.extend(_commented(example, len(indent)))
        elif inner is not None:
            lines.append(f"{indent}{name}:")
            nested = _model_lines(inner, indent + "  ", here, given,
                                  to_fill if info.is_required() else None)
            lines.extend(nested if info.is_required() else _commented(nested, len(indent)))
        elif _is_list(info.annotation):
            lines.append(f"{indent}{name}: []")
        elif not info.is_required() and info.default is not None:
            lines.append(f"{indent}{name}: {_scalar(info.default)}")
        else:
            lines.append(f"{indent}{name}:")
            if info.is_required() and to_fill is not None:
                to_fill.append(here)
    return lines


def _list_item(model: type[BaseModel], indent: str, path: str, given: dict[str, str],
               to_fill: list[str] | None) -> list[str]:
    """One entry of a list of mappings: the fields of the model, the first behind '- '."""
    lines = _model_lines(model, indent + "  ", path, given, to_fill)
    first_field = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    lines[first_field] = indent + "- " + lines[first_field].lstrip()
    return lines


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
