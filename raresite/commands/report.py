"""The curator's report: how each record's features compare with HPO's annotations."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from raresite.checks.validate import LoadedRecord
from raresite.model.hpo import PHENOTYPIC_ABNORMALITY, HpoRelease
from raresite.model.record import DiseaseRecord, Form, Gene, HpoTerm, Identifier, LaboratoryFinding, Phenotype
from raresite.model.yamlfile import read_yaml
from raresite.project import RecordFile


@dataclass(frozen=True)
class Reported:
    """What the report reads of one record: its exact identifiers, its terms and its genes."""

    name: str  # the slug, or the file's name where the draft has none yet
    shown_as: str
    identifiers: list[Identifier]
    recorded: dict[str, bool]  # every HPO term the record uses, with whether it is present
    genes: set[str]


def recorded_terms(record: DiseaseRecord) -> dict[str, bool]:
    """Every HPO term the record uses, with whether it is recorded as present."""
    return _terms(record.phenotypes, record.laboratory_findings, record.classification.inheritance,
                  record.classification.disease_term, record.classification.forms,
                  record.course.onset if record.course else None)


def _terms(phenotypes, findings, inheritance, disease_term, forms, onset) -> dict[str, bool]:
    terms = {p.hpo: p.status == "present" for p in phenotypes}
    terms.update({f.hpo: True for f in findings if f.hpo})
    terms.update({term.hpo: True for term in (inheritance, disease_term, onset) if term})
    terms.update({f.onset.hpo: True for f in forms if f.onset})
    return terms


def reported_record(loaded: LoadedRecord) -> Reported:
    record = loaded.record
    return Reported(record.slug, loaded.shown_as, list(record.identifiers), recorded_terms(record),
                    {g.symbol for g in record.genes})


def reported_draft(file: RecordFile) -> Reported | None:
    """A draft the model cannot read whole (a required field still to fill, say): each identifier,
    feature, finding, gene and HPO term it holds that the model takes on its own."""
    if file.refused is not None:
        return None
    data = read_yaml(file.path, file.shown_as, file.raw).data
    if not isinstance(data, dict):
        return None

    def each(model: type[BaseModel], values: object) -> list:
        return [part for part in map(lambda value: one(model, value), values if isinstance(values, list) else [])
                if part is not None]

    def one(model: type[BaseModel], value: object):
        try:
            return model.model_validate(value) if value is not None else None
        except ValidationError:
            return None

    classification = data.get("classification") if isinstance(data.get("classification"), dict) else {}
    course = data.get("course") if isinstance(data.get("course"), dict) else {}
    recorded = _terms(each(Phenotype, data.get("phenotypes")), each(LaboratoryFinding, data.get("laboratory_findings")),
                      one(HpoTerm, classification.get("inheritance")), one(HpoTerm, classification.get("disease_term")),
                      each(Form, classification.get("forms")), one(HpoTerm, course.get("onset")))
    slug = data.get("slug") if isinstance(data.get("slug"), str) else file.path.stem
    return Reported(slug, file.shown_as, each(Identifier, data.get("identifiers")), recorded,
                    {g.symbol for g in each(Gene, data.get("genes"))})


# Where the record format takes a term, by the branch of HPO it is in.
CLINICAL_COURSE = "HP:0031797"
MODE_OF_INHERITANCE = "HP:0000005"


def field_for(hpo_id: str, release: HpoRelease) -> str:
    """The field of the record a term belongs in: an onset term as the disease's or a form's
    onset, a course term in the outlook's words, an inheritance term as the inheritance, any other
    phenotype as a feature."""
    above = release.ancestors(hpo_id)
    if release.is_onset(hpo_id):
        return "course.onset (or a form's onset)"
    if CLINICAL_COURSE in above:
        return "course.outlook (say it in words, with its reference)"
    if MODE_OF_INHERITANCE in above:
        return "classification.inheritance"
    if PHENOTYPIC_ABNORMALITY in above:
        return "phenotypes"
    return "no field of the record (not a phenotype, onset, course or inheritance term)"


def hpo_report(records: list[Reported], release: HpoRelease) -> str:
    """Plain text, one block per record that has an identifier HPO annotates."""
    lines = [f"HPO release {release.version} (annotations {release.annotations_version})", ""]
    for record in records:
        recorded = record.recorded
        annotated_ids = [i.id for i in record.identifiers
                         if i.relation == "exact" and release.has_annotations(i.id)]
        lines.append(f"{record.name} ({record.shown_as})")
        if not annotated_ids:
            lines += ["  HPO annotates none of this record's exact identifiers.", ""]
            continue
        for disease_id in annotated_ids:
            annotations = release.annotations_for(disease_id)
            present_in_hpo: dict[str, list[str]] = {}
            for annotation in annotations:
                excluded = annotation.excluded
                label = release.terms[annotation.hpo].label if annotation.hpo in release.terms else "?"
                detail = " ".join(part for part in (
                    "absent" if excluded else "", release.frequency_label(annotation.frequency),
                    annotation.reference) if part)
                present_in_hpo.setdefault(annotation.hpo, []).append(f"{label}: {detail}")
                if annotation.hpo in recorded and recorded[annotation.hpo] == excluded:
                    lines.append(
                        f"  DISAGREE {annotation.hpo} {label}: record says "
                        f"{'present' if recorded[annotation.hpo] else 'absent'}, HPO says "
                        f"{'absent' if excluded else 'present'} ({annotation.reference})"
                    )
            missing = sorted(set(present_in_hpo) - set(recorded))
            lines.append(f"  HPO annotates for {disease_id}, the record lacks ({len(missing)}):")
            for hpo_id in missing:
                for detail in present_in_hpo[hpo_id]:
                    lines.append(f"    {hpo_id} {detail} -> {field_for(hpo_id, release)}")
            extra = sorted(set(recorded) - set(present_in_hpo))
            lines.append(f"  The record has, HPO does not annotate for {disease_id} ({len(extra)}):")
            for hpo_id in extra:
                lines.append(f"    {hpo_id} {release.terms[hpo_id].label}")
            genes = {g.symbol for g in release.genes.get(disease_id, ())}
            mine = record.genes
            verdict = "agree" if genes == mine else "DIFFER"
            lines.append(f"  Genes: record {sorted(mine)}, HPO {sorted(genes)}: {verdict}")
        lines.append("")
    return "\n".join(lines)
