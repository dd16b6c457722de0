"""Comparison pages: generated from the records, one row per disease of the compared groups,
every known cell cited on the disease's own page, and refused where the file or a record does not
fit (every problem at its line).

Generic over the real content: whatever records and comparisons content/ holds.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import yaml

from tests.conftest import REPO, copy_project, run_build

RECORDS = [yaml.safe_load(path.read_text(encoding="utf-8"))
           for path in sorted((REPO / "content/diseases").glob("*.yaml"))]
COMPARISONS_FILE = REPO / "content/comparisons.yaml"
COMPARISONS = (yaml.safe_load(COMPARISONS_FILE.read_text(encoding="utf-8"))["comparisons"]
               if COMPARISONS_FILE.is_file() else [])
STANCES = {"curative": "Curative", "not curative": "Not curative", "not recommended": "Not recommended",
           "not effective": "Not effective", "supportive": "Supportive only", "information": "See the statement",
           "standard care": "Standard care", "recommended": "Recommended", "experimental": "Experimental"}


def page_of(site, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path / "index.html").read_bytes())


def rows(page) -> dict[str, lxml.html.HtmlElement]:
    """The comparison's rows, by the slug of the disease page each links to."""
    found = {}
    for row in page.cssselect(".comparison tbody tr"):
        first = row.cssselect("td")[0].cssselect("a")[0].get("href")
        found[urlsplit(first).path.rstrip("/").rsplit("/", 1)[-1]] = row
    return found


def cell(row, heading: str) -> str:
    for td in row.cssselect("td"):
        label = td.cssselect(".cell-label")
        if label and label[0].text_content().strip() == heading:
            return " ".join(td.text_content().replace(heading, "", 1).split())
    raise AssertionError(f"no cell {heading!r}")


@pytest.mark.parametrize("comparison", COMPARISONS, ids=[c["slug"] for c in COMPARISONS])
def test_a_comparison_has_one_row_per_disease_of_its_groups_each_from_its_record(built_site, comparison):
    page = page_of(built_site, f"comparisons/{comparison['slug']}")
    found = rows(page)
    expected = {r["slug"] for r in RECORDS if r["classification"]["group"] in comparison["groups"]}
    assert set(found) == expected
    for record in RECORDS:
        if record["slug"] not in expected:
            continue
        row = found[record["slug"]]
        assert cell(row, "Inheritance").startswith(record["classification"]["inheritance"]["label"])
        onset = (record.get("course") or {}).get("onset")
        assert cell(row, "Usual onset").startswith(onset["label"] if onset else "not known")
        for column in comparison.get("traits", []):
            values = [t["value"] for t in record.get("traits", []) if t["trait"] == column["trait"]]
            text = cell(row, column["heading"])
            assert all(v in text for v in values) if values else text == "not known"
        treatment = comparison.get("treatment")
        if treatment:
            stances = [s["stance"] for s in record.get("management", []) if s["topic"] == treatment["topic"]]
            text = cell(row, treatment["heading"])
            assert all(STANCES[s] in text for s in stances) if stances else text == "not known", (record["slug"], text)
        hallmarks = [p["words"] for p in record.get("phenotypes", []) if p.get("hallmark")]
        assert all(words in cell(row, "Main features") for words in hallmarks)


@pytest.mark.parametrize("comparison", COMPARISONS, ids=[c["slug"] for c in COMPARISONS])
def test_every_citation_of_a_comparison_leads_to_a_reference_on_the_disease_page(built_site, comparison):
    base = f"comparisons/{comparison['slug']}/"
    page = page_of(built_site, base.rstrip("/"))
    cited = 0
    for link in page.cssselect(".comparison td a[href*='#ref-']"):
        target = urlsplit(urljoin(base, link.get("href")))
        disease = page_of(built_site, target.path.rstrip("/"))
        reference = disease.get_element_by_id(target.fragment)
        number = link.text_content().strip("[]")
        assert reference is not None and reference.getparent().getparent().tag == "ol"
        # The number shown is that reference's number on the disease page.
        items = reference.getparent().getparent().cssselect("li")
        assert items[int(number) - 1].cssselect(f"#{target.fragment}")
        # Its hover text names the work as the reader reads it, escaped once.
        hover = link.get("title")
        assert "&#" not in hover and "&amp;" not in hover, hover
        assert hover.split()[0] in items[int(number) - 1].text_content(), hover
        cited += 1
    assert cited > 0


def test_the_home_page_and_each_compared_disease_link_to_the_comparison(built_site):
    home = page_of(built_site, ".")
    for comparison in COMPARISONS:
        assert home.cssselect(f"a[href='comparisons/{comparison['slug']}/']")
        for record in RECORDS:
            if record["classification"]["group"] in comparison["groups"]:
                disease = page_of(built_site, f"diseases/{record['slug']}")
                assert disease.cssselect(f"a[href='../../comparisons/{comparison['slug']}/']"), record["slug"]


@pytest.fixture(scope="module")
def changed_stance(tmp_path_factory):
    """The real content, with one compared record's transplant stance changed by its curator."""
    if not COMPARISONS or not COMPARISONS[0].get("treatment"):
        pytest.skip("no comparison with a treatment column in content/")
    comparison = COMPARISONS[0]
    topic = comparison["treatment"]["topic"]
    project = copy_project(tmp_path_factory.mktemp("stance") / "project")
    for path in sorted((project / "content/diseases").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if record["classification"]["group"] not in comparison["groups"]:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        for index, line in enumerate(lines):
            if line.strip() == f"- topic: {topic}" and lines[index + 1].strip().startswith("stance:"):
                lines[index + 1] = lines[index + 1].split("stance:")[0] + "stance: experimental\n"
                path.write_text("".join(lines), encoding="utf-8")
                result = run_build(project)
                assert result.returncode == 0, result.stderr
                return project / "site", comparison, record["slug"]
    pytest.skip("no compared record states the treatment")


def test_a_changed_record_changes_its_row(changed_stance):
    site, comparison, slug = changed_stance
    row = rows(page_of(site, f"comparisons/{comparison['slug']}"))[slug]
    assert "Experimental" in cell(row, comparison["treatment"]["heading"])


def test_a_comparison_that_does_not_fit_the_records_is_refused_with_every_problem_at_its_line(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/comparisons.yaml").write_text(
        "comparisons:\n"
        "  - slug: which-one\n"
        "    title: Which one?\n"
        "    description: Two groups side by side.\n"
        "    introduction: The groups compared.\n"
        "    groups: [No such group]\n"
        "    traits:\n"
        "      - trait: osteoclasts\n"
        "        heading: Osteoclasts\n"
        "        values: [absent]\n"
        "    colour: blue\n", encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("content/comparisons.yaml:11:5: comparisons[0].colour: unknown field")
               for line in lines), result.stderr
    # The model's problem and the file's own are told in one run; the records are checked too.
    (project / "content/comparisons.yaml").write_text(
        (project / "content/comparisons.yaml").read_text(encoding="utf-8").replace("    colour: blue\n", ""),
        encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert "content/comparisons.yaml:6:14: comparisons[0].groups[0]: no record is in this group" in result.stderr


def test_a_trait_value_a_comparison_does_not_show_is_refused_in_the_record(tmp_path):
    if not COMPARISONS or not COMPARISONS[0].get("traits"):
        pytest.skip("no comparison with a trait column in content/")
    comparison = COMPARISONS[0]
    trait = comparison["traits"][0]["trait"]
    project = copy_project(tmp_path / "project")
    for path in sorted((project / "content/diseases").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if record["classification"]["group"] in comparison["groups"] and any(
                t["trait"] == trait for t in record.get("traits", [])):
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            at = next(i for i, line in enumerate(lines) if line.strip() == f"- trait: {trait}")
            value = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("value:"))
            lines[value] = lines[value].split("value:")[0] + "value: middling\n"
            path.write_text("".join(lines), encoding="utf-8")
            result = run_build(project, "check")
            assert result.returncode == 1
            where = f"content/diseases/{path.name}:{value + 1}:"
            assert any(line.startswith(where) and "expected one of" in line and "got 'middling'" in line
                       for line in result.stderr.splitlines()), result.stderr
            return
    pytest.skip("no compared record gives the trait")
