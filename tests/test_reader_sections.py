"""Every disease page answers what readers ask, or says plainly that its sources do not.

Generic over the real content (every record, however many): each page has every section, and
each section is either sourced or says the sources do not say. The kitchen sink shows each
section filled in: figures side by side, onset and outlook, diagnosis by method, stances,
findings for the whole disease, a related disorder that links itself by its identifier.
"""

from __future__ import annotations

import lxml.html
import pytest
import yaml

from tests.conftest import DATA, REPO, copy_project, run_build

SECTIONS = ("How common", "Onset and outlook", "Cause and genetics", "What the inheritance means for a family",
            "Clinical features", "Laboratory findings", "How it is diagnosed", "Treatment and care",
            "Related disorders", "Patient organisations")
# The sections of issue 16 that rest on sources: each cites one, or says its sources are silent.
SOURCED = ("How common", "Onset and outlook", "What the inheritance means for a family", "How it is diagnosed",
           "Treatment and care")
SILENT = ("do not say", "do not describe", "make no statement", "does not yet explain")
SLUGS = sorted(yaml.safe_load(path.read_text(encoding="utf-8"))["slug"]
               for path in (REPO / "content/diseases").glob("*.yaml"))


def sections(page) -> dict[str, lxml.html.HtmlElement]:
    """Each h2 of the article, by its text, with the elements up to the next h2 in a div."""
    found = {}
    for heading in page.cssselect("article h2"):
        box = lxml.html.Element("div")
        element = heading.getnext()
        while element is not None and element.tag != "h2":
            box.append(lxml.html.fromstring(lxml.html.tostring(element)))
            element = element.getnext()
        found[" ".join(heading.text_content().split()).rstrip("¶").strip()] = box
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_every_disease_page_has_every_section_sourced_or_plainly_silent(built_site, slug):
    page = lxml.html.fromstring((built_site / f"diseases/{slug}/index.html").read_bytes())
    found = sections(page)
    assert [name for name in SECTIONS if name not in found] == []
    for name in SOURCED:
        text = " ".join(found[name].text_content().split())
        cited = found[name].cssselect("a[href^='#ref-'], a[href^='http']")
        assert cited or any(words in text for words in SILENT), f"{slug}: {name}: {text[:200]}"


def test_the_inheritance_section_says_what_it_means_for_a_family_with_its_sources(built_site):
    page = lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())
    family = sections(page)["What the inheritance means for a family"]
    text = " ".join(family.text_content().split())
    assert "1 in 4 (25%) chance of a child with the disease" in text and "carrier" in text
    assert any("mayoclinic.org" in a.get("href", "") for a in family.iter("a"))


@pytest.fixture(scope="module")
def kitchen_sink(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("sections") / "project", DATA / "kitchen-sink")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = lxml.html.fromstring((project / "site/diseases/kitchen-sink/index.html").read_bytes())
    return sections(page), result.stderr


def test_conflicting_figures_stand_side_by_side_each_with_its_source(kitchen_sink):
    text = " ".join(kitchen_sink[0]["How common"].text_content().split())
    assert "1 in 100,000 births, the invented country (a figure for this disease)" in text
    assert "1 in 20,000 births (a figure for its group, sink disorders)" in text
    assert "each is shown with its own source" in text


def test_onset_outlook_diagnosis_and_stances_are_shown_with_their_sources(kitchen_sink):
    found = kitchen_sink[0]
    onset = " ".join(found["Onset and outlook"].text_content().split())
    assert "Usual onset: Infantile onset (HP:0003593)" in onset and "last for decades" in onset
    diagnosis = " ".join(found["How it is diagnosed"].text_content().split())
    assert "Imaging" in diagnosis and "Genetic testing" in diagnosis and "Sources:" in diagnosis
    care = " ".join(found["Treatment and care"].text_content().split())
    assert "Draining (supportive)" in care and "Magic (not effective)" in care


def test_a_finding_of_the_whole_disease_has_its_own_column(kitchen_sink):
    table = kitchen_sink[0]["Laboratory findings"].cssselect("table")[0]
    header = [" ".join(th.text_content().split()) for th in table.cssselect("th")]
    assert header[1] == "The disease as a whole"
    igg = next(row for row in table.cssselect("tr") if "IgG" in row.text_content())
    assert [" ".join(td.text_content().split()) for td in igg.cssselect("td")][1] == "↓ low"


def test_a_related_disorder_links_itself_by_its_identifier_and_one_way_relations_are_warned(kitchen_sink):
    related = kitchen_sink[0]["Related disorders"]
    assert "../second/" in {a.get("href") for a in related.iter("a")}
    found_by_identifier = [h for h in related.cssselect("h3") if "found by its identifier" in h.text_content()]
    assert found_by_identifier
    assert "names second as related, but second's record does not name this one" in kitchen_sink[1]
