"""Details of the pages a reader sees: titles, the A-Z order, related disorders, identifiers whose
relation was not verified."""

from __future__ import annotations

import json

import lxml.html

from tests.conftest import REPO, copy_project, run_build

OPTB2 = (REPO / "content/diseases/optb2.yaml").read_text(encoding="utf-8")


def variant(text: str, number: int, name: str) -> str:
    """OPTB2's record under another slug, name and (made-up) identifiers."""
    return (text.replace("slug: optb2", f"slug: variant-{number}")
            .replace("OMIM:259710", f"OMIM:{900000 + number}").replace("MONDO:0009816", f"MONDO:{9000000 + number}")
            .replace("UMLS:C1850126", f"UMLS:C{9000000 + number}").replace("MedGen:342420", f"MedGen:{900000 + number}")
            .replace("preferred: Osteopetrosis, autosomal recessive 2", f"preferred: {name}"))


def test_the_home_page_is_titled_by_the_site_name_alone(built_site):
    page = lxml.html.fromstring((built_site / "index.html").read_bytes())
    assert page.findtext(".//title") == "Rare Disease Knowledge Base"


def test_related_disorders_say_why_in_a_paragraph_of_its_own_and_their_genes_are_italic_links(built_site):
    page = lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())
    why = [p for p in page.cssselect("article p") if "Why related:" in p.text_content()]
    assert why and all(p.text_content().strip().startswith("Why related:") for p in why)
    genes = [a for a in page.cssselect("article a") if a.cssselect("em") and a.text_content() == "TCIRG1"]
    assert genes and genes[0].get("href").startswith("https://www.genenames.org/")


def test_the_a_to_z_list_sorts_as_a_reader_would(tmp_path):
    project = copy_project(tmp_path / "project")
    names = ["Osteopetrosis osteoclast-poor, test variant", "Osteopetrosis, autosomal recessive 10"]
    for number, name in enumerate(names):
        (project / f"content/diseases/variant-{number}.yaml").write_text(variant(OPTB2, number, name), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    page = lxml.html.fromstring((project / "site/diseases/index.html").read_bytes())
    names = [a.text_content() for a in page.cssselect("article li > a")]
    starts = ("Osteopetrosis, autosomal recessive 2", "Osteopetrosis, autosomal recessive 10",
              "Osteopetrosis osteoclast-poor")
    order = [next(i for i, n in enumerate(names) if n.startswith(start)) for start in starts]
    assert order == sorted(order), names


def test_an_identifier_whose_relation_was_not_verified_is_said_so_and_used_for_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    record = project / "content/diseases/optb2.yaml"
    record.write_text(OPTB2.replace('''  - id: MedGen:342420
    relation: exact''', '''  - id: MedGen:342420
    relation: not verified'''), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/diseases/optb2/index.html").read_text(encoding="utf-8")
    assert "relation not verified" in page
    assert not (project / "site/medgen/342420").exists()
    jsonld = json.loads(lxml.html.fromstring(page.encode()).xpath('//script[@type="application/ld+json"]/text()')[0])
    assert not [link for link in json.dumps(jsonld).split('"') if "medgen/342420" in link]


def test_a_partial_record_builds_and_shows_what_is_not_known(tmp_path):
    # A gene known by its symbol and source alone, a reference by its PMID alone, a web page whose
    # reading date was not recorded: no placeholder is needed, and the page says what is unknown.
    project = copy_project(tmp_path / "project")
    text = OPTB2
    gene = text[text.index("  - symbol: TNFSF11"):text.index("phenotypes:")]
    text = text.replace(gene, "  - symbol: TNFSF11\n    source: Orphanet ORPHApacket 667\n\n")
    reference = text[text.index("  - key: sobacchi-2007"):text.index("  - key: de-vernejoul-2010")]
    text = text.replace(reference, "  - key: sobacchi-2007\n    pmid: 17632511\n")
    (project / "content/diseases/optb2.yaml").write_text(text, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    page = lxml.html.fromstring((project / "site/diseases/optb2/index.html").read_bytes())
    article = " ".join(page.cssselect("article")[0].text_content().split())
    assert "Name: not known" in article and "Locus: not known" in article and "Protein: not known" in article
    assert "Title not recorded. PMID 17632511" in article
    assert "[date read not recorded]" in article
