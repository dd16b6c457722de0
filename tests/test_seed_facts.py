"""Every fact of the seed document (../shared/seed/OPTB2-source.txt) reaches the built OPTB2 page.

The facts are listed here by hand from the seed, so that a fact dropped from the record, the
views or the templates fails this test.
"""

from __future__ import annotations

import re

import lxml.html
import pytest

CLINICAL_FEATURES = [
    "osteoclast-poor", "multiple fractures", "increased bone density (sclerosis)",
    "generalized high bone mass", "diaphyseal sclerosis", "genu valgum", "dental defects",
    "deciduous teeth retention", "tooth crown malformation", "dental caries",
    "osteomyelitis of the mandible", "mandibular prognathism", "cranial hyperostosis",
    "facial paralysis", "cranial nerve VII compression", "normal intelligence", "optic atrophy",
    "early blindness", "anemia", "thrombocytopenia", "pancytopenia",
    "extramedullary hematopoiesis", "hepatosplenomegaly",
]
# (finding, form column, what the page must say there) from "Main biochemical alterations".
BIOCHEMICAL_FINDINGS = [
    ("CK-BB", "Adult/intermediate form", "high"),
    ("bone ALP", "Adult/intermediate form", "high"),
    ("Ca", "Infantile/severe form", "low"),
    ("PTH", "Infantile/severe form", "high"),
    ("1,25(OH)2D", "Infantile/severe form", "high"),
    ("CK-BB", "Infantile/severe form", "high"),
    ("AP", "Infantile/severe form", "high"),
    ("anemia", "Infantile/severe form", "present"),
]
REFERENCES = [
    "RANK-dependent autosomal recessive osteopetrosis: characterization of five new cases with novel mutations",
    "Osteoclast-poor human osteopetrosis due to mutations in the gene encoding RANKL",
    "Heritable sclerosing bone disorders: presentation and new molecular mechanisms",
    "Sclerosing bone dysplasias: review and differentiation from other causes of osteosclerosis",
    "Taxonomy of rare genetic metabolic bone disorders",
    "https://www.omim.org",
]
OTHER_FACTS = [
    "Osteopetrosis, autosomal recessive 2", "OPTB2", "259710", "602642", "TNFSF11", "13q14.11",
    "RANKL", "receptor activator of nuclear factor-kappa", "Intermediate", "Infantile/severe",
    "osteoblasts and stromal cells", "mesenchymal lineage", "loss-of-function",
    "failure in bone resorption", "malignant infantile osteopetrosis", "OPTB1",
    "master osteoclastogenic cytokine", "Osteopetrosis Society (OPETS)",
    "Autosomal recessive inheritance",
]


@pytest.fixture(scope="module")
def optb2_page(built_site):
    return lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())


def page_text(page) -> str:
    return " ".join(page.cssselect("article")[0].text_content().split())


@pytest.mark.parametrize("words", CLINICAL_FEATURES)
def test_every_clinical_feature_is_in_the_features_tables(optb2_page, words):
    cells = [" ".join(td.text_content().split()) for td in optb2_page.cssselect("article td")]
    assert any(cell.startswith(words) for cell in cells), f"{words!r} is in no table cell"


@pytest.mark.parametrize(("finding", "form", "expected"), BIOCHEMICAL_FINDINGS)
def test_every_biochemical_finding_is_shown_with_its_form(optb2_page, finding, form, expected):
    heading = optb2_page.get_element_by_id("laboratory-findings")
    table = heading.getnext()
    while table.tag != "table":
        table = table.cssselect("table")[0] if table.cssselect("table") else table.getnext()
    columns = [" ".join(th.text_content().split()) for th in table.cssselect("thead th")]
    rows = {
        " ".join(tr[0].text_content().split()): [" ".join(td.text_content().split()) for td in tr]
        for tr in table.cssselect("tbody tr")
    }
    assert finding in rows, f"no row for {finding!r}; rows are {list(rows)}"
    assert expected in rows[finding][columns.index(form)]


def test_the_direction_arrows_are_shown(optb2_page):
    text = page_text(optb2_page)
    assert "↑ high" in text and "↓ low" in text


@pytest.mark.parametrize("title", REFERENCES)
def test_every_reference_of_the_seed_is_listed(optb2_page, title):
    references = optb2_page.get_element_by_id("references").getnext()
    assert title in " ".join(references.text_content().split())


@pytest.mark.parametrize("fact", OTHER_FACTS)
def test_gene_locus_protein_identifiers_and_organisation(optb2_page, fact):
    assert fact in page_text(optb2_page)


def test_references_are_numbered_in_the_seed_order(optb2_page):
    items = optb2_page.get_element_by_id("references").getnext().cssselect("li")
    assert len(items) == 6
    assert items[0].text_content().startswith("Pangrazio A")
    assert items[1].text_content().startswith("Sobacchi C")


def test_omim_numbers_link_to_omim(optb2_page):
    links = {a.get("href") for a in optb2_page.cssselect("article a")}
    assert "https://omim.org/entry/259710" in links
    assert "https://omim.org/entry/602642" in links
    assert "https://pubmed.ncbi.nlm.nih.gov/17632511/" in links
    assert "https://doi.org/10.1038/ng2076" in links


def test_the_page_never_says_transplantation_cures_optb2(optb2_page):
    text = page_text(optb2_page).lower()
    assert "does not cure" in text
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if "transplant" in sentence and re.search(r"\bcur(e|es|ed|ative)\b", sentence):
            assert re.search(r"\b(not|cannot|could not)\b", sentence), sentence
