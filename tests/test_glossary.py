"""The glossary file is checked like a record, and a hard plain-language summary is warned about."""

from __future__ import annotations

import lxml.html

from raresite.model.glossary import Glossary, GlossaryEntry, read_glossary, with_abbreviations
from raresite.model.readability import reading_grade, sentence_count, word_count
from tests.conftest import copy_project, run_build


def test_glossary_problems_say_file_line_and_column(tmp_path):
    (tmp_path / "glossary.yaml").write_text(
        "# glossary\nPTH: parathyroid hormone\nbad term: x\nALP:\nCa: [1, 2]\n", encoding="utf-8")
    problems = [str(p) for p in read_glossary(tmp_path, tmp_path, (tmp_path / "glossary.yaml").read_bytes()).problems]
    assert problems[0].startswith("glossary.yaml:3:1: bad term: an abbreviation is one word")
    assert problems[1].startswith("glossary.yaml:4:1: ALP: expected a plain explanation")
    assert problems[2].startswith("glossary.yaml:5:1: Ca: expected a plain explanation")
    assert len(problems) == 3


def test_a_bad_glossary_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content" / "glossary.yaml").write_text("PTH: parathyroid hormone\nPTH: again\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "content/glossary.yaml:2:1" in result.stderr
    assert not (project / "site").exists()


def test_explanations_are_escaped(tmp_path):
    glossary = Glossary([GlossaryEntry("1,25(OH)2D", 'a "quoted" <b>x</b>')])
    page = with_abbreviations({"p.md": "| 1,25&#40;OH&#41;2D | high |\n"}, glossary)["p.md"]
    assert '<abbr title="a &quot;quoted&quot; &lt;b&gt;x&lt;/b&gt;">1,25&#40;OH&#41;2D</abbr>' in page


def test_reading_grade_tells_plain_from_technical_prose():
    assert reading_grade("The bones are too dense. People may break bones.") < 5
    assert reading_grade(
        "Haematopoietic stem-cell transplantation does not cure receptor activator of nuclear "
        "factor-kappaB ligand deficiency in mesenchymal osteoblastic lineages.") > 12


def test_words_and_sentences_are_counted_as_textstat_counts_them():
    # Contractions are one word and keep their apostrophe; a quoting apostrophe goes; a run of
    # two words or fewer ending in a full stop ("Fig.", "2.") is not a sentence.
    text = "It's a test. Fig. 2. The 'bones' aren't dense! Are they?"
    assert word_count(text) == 11
    assert sentence_count(text) == 2
    assert sentence_count("") == 1 and word_count("") == 0
    assert word_count("stem-cell, 1,25(OH)2D; x-ray") == 3


def test_a_hard_plain_language_summary_is_warned_about(tmp_path):
    project = copy_project(tmp_path / "project")
    record = project / "content" / "diseases" / "optb2.yaml"
    text = record.read_text(encoding="utf-8")
    start = text.index("  plain_language: |\n") + len("  plain_language: |\n")
    end = text.index("  professional: |")
    text = text[:start] + (
        "    Osteopetrosis constitutes a heterogeneous, predominantly autosomal recessive skeletal\n"
        "    dysplasia characterised by osteoclastic dysfunction, pathological osteosclerosis,\n"
        "    extramedullary haematopoiesis and progressive cranial-nerve compression syndromes.\n"
    ) + text[end:]
    record.write_text(text, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("  plain_language:"))
    assert f"warning: content/diseases/optb2.yaml:{line}:" in result.stderr
    assert "summary.plain_language: the plain-language summary reads at grade" in result.stderr


def test_the_real_summary_reads_at_grade_8_or_below():
    import yaml

    from tests.conftest import REPO

    record = yaml.safe_load((REPO / "content/diseases/optb2.yaml").read_text(encoding="utf-8"))
    assert reading_grade(record["summary"]["plain_language"]) <= 8


def test_abbreviations_in_prose_are_explained_too(built_site):
    import lxml.html

    page = lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())
    statement = page.cssselect("#treatment-and-care ~ div.prose")[0]
    abbreviations = {a.text: a.get("title") for a in statement.iter("abbr")}
    assert abbreviations["RANKL"].startswith("receptor activator of nuclear factor-kappa B ligand")
    # Each term is explained at its first use in a section: HSCT, in the line above the statement.
    section = []
    for element in page.get_element_by_id("treatment-and-care").itersiblings():
        if element.tag == "h2":
            break
        section += [(a.text, a.get("title")) for a in element.iter("abbr")]
    assert [term for term, _ in section] == list(dict.fromkeys(term for term, _ in section))
    assert dict(section)["HSCT"].startswith("haematopoietic stem-cell transplantation")
    assert "HSCT" in statement.text_content() and "HSCT" not in abbreviations
    # Only text is marked: link addresses and other attributes stay as they were.
    for element in page.cssselect("div.prose a"):
        assert "<abbr" not in (element.get("href") or "")


def test_marking_terms_never_writes_into_attributes_or_front_matter():
    glossary = Glossary(entries=[
        GlossaryEntry("BMT", "bone marrow transplant, a kind of HSCT"),
        GlossaryEntry("HSCT", 'x" onfocus=alert(1) autofocus'),
        GlossaryEntry("CK", "creatine kinase"),
        GlossaryEntry("CK-BB", "creatine kinase BB"),
        GlossaryEntry("1,25(OH)2D", "calcitriol"),
    ])
    page = ('---\ndescription: "1,25&#40;OH&#41;2D"\n---\n<meta content="1,25&#40;OH&#41;2D">\n'
            '<div class="prose"><p>BMT, CK-BB and CK <a href="https://example.org/HSCT">HSCT</a></p></div>\n')
    marked = with_abbreviations({"page.md": page}, glossary)["page.md"]
    assert marked.startswith('---\ndescription: "1,25&#40;OH&#41;2D"\n---\n<meta content="1,25&#40;OH&#41;2D">\n')
    prose = lxml.html.fragment_fromstring(marked.split("\n")[4])
    abbreviations = [(a.text, a.get("title")) for a in prose.iter("abbr")]
    # An explanation naming another term stays text; the longest term wins; hrefs are untouched.
    assert abbreviations == [("BMT", "bone marrow transplant, a kind of HSCT"), ("CK-BB", "creatine kinase BB"),
                             ("CK", "creatine kinase"), ("HSCT", 'x" onfocus=alert(1) autofocus')]
    assert not [e for e in prose.iter() if "onfocus" in e.attrib]
    assert prose.cssselect("a")[0].get("href") == "https://example.org/HSCT"


def test_every_section_explains_a_term_once_and_heading_links_have_no_tooltip(built_site):
    """Material mounts a tooltip for each titled element when a page opens, which a phone pays for:
    a term is explained at its first use in each section, and heading links have no title."""
    import lxml.html

    page = lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())
    article = page.cssselect("article")[0]
    sections: list[list[str]] = [[]]
    for element in article.iter("h2", "abbr"):
        if element.tag == "h2":
            sections.append([])
        elif element.get("title"):
            sections[-1].append(element.text_content())
    assert sum(map(len, sections)) > len(sections)  # terms are explained on the page
    for terms in sections:
        assert len(terms) == len(set(terms)), terms
    links = article.cssselect("a.headerlink")
    assert links and all(link.get("title") is None for link in links)


def test_a_term_is_explained_once_per_section_however_it_is_written():
    """MkDocs' page_content event, as mkdocs.yml's hook receives it: 1,25(OH)2D is written with
    character references in tables and without them in prose, and is one term."""
    from raresite.mkdocs_hooks import on_page_content

    term, escaped = "1,25(OH)2D", "1,25&#40;OH&#41;2D"
    page = (f'<h2 id="a">A</h2><p><abbr title="x">{escaped}</abbr> <abbr title="x">{term}</abbr></p>'
            f'<h2 id="b">B</h2><p><abbr title="x">{term}</abbr></p>')
    assert on_page_content(page) == (f'<h2 id="a">A</h2><p><abbr title="x">{escaped}</abbr> {term}</p>'
                                     f'<h2 id="b">B</h2><p><abbr title="x">{term}</abbr></p>')
