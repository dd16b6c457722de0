"""The curator's report: how each record's features compare with HPO's annotations."""

from __future__ import annotations

from raresite.checks.validate import LoadedRecord
from raresite.model.hpo import PHENOTYPIC_ABNORMALITY, HpoRelease
from raresite.model.record import DiseaseRecord


def recorded_terms(record: DiseaseRecord) -> dict[str, bool]:
    """Every HPO term the record uses, with whether it is recorded as present."""
    terms = {p.hpo: p.status == "present" for p in record.phenotypes}
    terms.update({f.hpo: True for f in record.laboratory_findings if f.hpo})
    terms[record.classification.inheritance.hpo] = True
    if record.classification.disease_term:
        terms[record.classification.disease_term.hpo] = True
    terms.update({f.onset.hpo: True for f in record.classification.forms if f.onset})
    if record.course and record.course.onset:
        terms[record.course.onset.hpo] = True
    return terms


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


def hpo_report(records: list[LoadedRecord], release: HpoRelease) -> str:
    """Plain text, one block per record that has an identifier HPO annotates."""
    lines = [f"HPO release {release.version} (annotations {release.annotations_version})", ""]
    for loaded in records:
        record = loaded.record
        recorded = recorded_terms(record)
        annotated_ids = [i.id for i in record.identifiers
                         if i.relation == "exact" and release.has_annotations(i.id)]
        lines.append(f"{record.slug} ({loaded.shown_as})")
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
            mine = {g.symbol for g in record.genes}
            verdict = "agree" if genes == mine else "DIFFER"
            lines.append(f"  Genes: record {sorted(mine)}, HPO {sorted(genes)}: {verdict}")
        lines.append("")
    return "\n".join(lines)
