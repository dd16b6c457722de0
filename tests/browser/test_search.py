"""Search that finds: every record by its abbreviation, gene and OMIM number; and, on a site of the
tests' own, a reader's words, names, synonyms and identifiers put OPTB2 first."""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import shutil
import unicodedata
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import serve
from tests.conftest import DANGEROUS_TAGS, REPO, copy_project, run_build
from tests.test_publishing import add_variants

RECORDS = [yaml.safe_load(path.read_text(encoding="utf-8"))
           for path in sorted((REPO / "content/diseases").glob("*.yaml"))]
COMPARISONS = (yaml.safe_load((REPO / "content/comparisons.yaml").read_text(encoding="utf-8"))["comparisons"]
               if (REPO / "content/comparisons.yaml").is_file() else [])


def record_queries() -> list[tuple[str, str]]:
    """(slug, query) for every record of the real content: its abbreviation, its name, its OMIM
    numbers (exact) and the symbols of the genes no other record has."""
    genes = [symbol for record in RECORDS for symbol in {g["symbol"] for g in record.get("genes", [])}]
    pairs = []
    for record in RECORDS:
        if record["names"].get("abbreviation"):
            pairs.append((record["slug"], record["names"]["abbreviation"]))
        pairs.append((record["slug"], record["names"]["preferred"]))
        pairs += [(record["slug"], i["id"].split(":", 1)[1]) for i in record["identifiers"]
                  if i["id"].startswith("OMIM:") and i["relation"] == "exact"]
        pairs += [(record["slug"], g["symbol"]) for g in record.get("genes", []) if genes.count(g["symbol"]) == 1]
    return pairs


def accented_words() -> list[str]:
    """Every word with an accent in the real content's names ("Albers-Schönberg")."""
    names = [name for record in RECORDS for name in
             [record["names"]["preferred"], *(synonym["name"] for synonym in record["names"].get("synonyms", []))]]
    return sorted({word for name in names for word in re.findall(r"[\w-]+", name) if not word.isascii()})


def shared_genes() -> list[tuple[str, tuple[str, ...]]]:
    """(symbol, slugs) for each gene of more than one record of the real content."""
    by_gene: dict[str, list[str]] = {}
    for record in RECORDS:
        for symbol in {g["symbol"] for g in record.get("genes", [])}:
            by_gene.setdefault(symbol, []).append(record["slug"])
    return [(symbol, tuple(slugs)) for symbol, slugs in sorted(by_gene.items()) if len(slugs) > 1]


# What parents ask first, and the comparison page that answers it (where content/ has it).
COMPARISON_QUERIES = {"osteopetrosis-which-type": ["transplant", "which type", "stem-cell transplant",
                                                    "stem cell transplants"]}

QUERIES = [
    "OPTB2", "osteopetrosis", "RANKL", "TNFSF11", "259710", "602642", "osteoclast-poor",
    "optic atrophy", "hepatosplenomegaly", "genu valgum",
]
# Where a query names one thing, the OPTB2 section the reader should land in comes right after
# the page itself (Material lists a page, then its best sections).
SECTIONS = {
    "TNFSF11": {"gene-tnfsf11"},
    "602642": {"gene-tnfsf11"},
    # Every section that holds the words as typed once; the first of them on the page comes first.
    "osteoclast-poor": {"summary-for-professionals"},
    "optic atrophy": {"eyes-and-sight"},
    "hepatosplenomegaly": {"liver-spleen-and-digestion"},
    "genu valgum": {"bones-and-joints"},
}


def open_search(page) -> None:
    """Open the search as a reader does: the box in the header, or the magnifier on a phone."""
    button = page.locator("label.md-header__button[for='__search']")
    box = page.locator("input.md-search__input")
    if button.is_visible():
        button.click()
    else:
        box.click()
    box.wait_for(state="visible")


def search_results(page, site, query: str) -> list[str]:
    """Type the query into the site's search as a reader does; the result links, best first."""
    page.goto(site.url())
    open_search(page)
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=20)
    return settled_results(page, query)


RESULT_LINKS = """() => [...document.querySelectorAll(".md-search-result__list > li a.md-search-result__link")]
                   .map(link => link.getAttribute("href") || "")"""


def settled_results(page, query: str) -> list[str]:
    """The result links once the search has answered the whole query: each link asks the page to
    highlight the words searched for (Material's ?h=), the words of the query as the search reads
    them (without accents, letters and digits), and an earlier keystroke's answer has others. The
    worker answers only the latest query, so that answer is the last."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", query.lower()) if not unicodedata.combining(c))
    words = sorted(set(re.findall(r"[^\W_]+", plain)))
    try:
        links = page.wait_for_function(
            f"""words => {{
                 const links = ({RESULT_LINKS})();
                 if (!links.length) return null;
                 const asked = (new URL(links[0], location.href).searchParams.get("h") || "").split(" ");
                 return JSON.stringify([...new Set(asked)].sort()) === JSON.stringify(words) ? links : null;
               }}""", arg=words, timeout=20_000)
    except PlaywrightTimeout:
        pytest.fail(f"no answer to {query!r} in 20 s; the results shown: {page.evaluate(RESULT_LINKS)}")
    return links.json_value()


@pytest.mark.parametrize(("slug", "query"), record_queries())
def test_search_finds_every_record_by_abbreviation_omim_number_and_gene(page, site, slug, query):
    links = search_results(page, site, query)
    assert links and f"diseases/{slug}/" in links[0], f"{query!r}: first results are {links[:4]}"


@pytest.mark.parametrize(("symbol", "slugs"), shared_genes())
def test_search_puts_every_disease_of_a_shared_gene_first(page, site, symbol, slugs):
    links = search_results(page, site, symbol)
    firsts = list(dict.fromkeys(link.split("#")[0] for link in links))[:len(slugs)]  # pages, less their sections
    assert all(any(f"diseases/{slug}/" in link for link in firsts) for slug in slugs), f"{symbol}: {links[:4]}"


@pytest.mark.parametrize("word", accented_words())
def test_a_name_typed_without_its_accents_finds_what_it_finds_with_them(page, site, word):
    unaccented = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    links = search_results(page, site, word)
    assert links, f"nothing found for {word!r}"
    assert search_results(page, site, unaccented) == links


@pytest.mark.parametrize(("slug", "query"), [(c["slug"], q) for c in COMPARISONS
                                             for q in COMPARISON_QUERIES.get(c["slug"], [])])
def test_search_leads_parents_questions_to_the_comparison_page(page, site, slug, query):
    links = search_results(page, site, query)
    assert links and f"comparisons/{slug}/" in links[0], f"{query!r}: first results are {links[:4]}"


@pytest.mark.parametrize("query", QUERIES)
def test_search_puts_optb2_first(page, reader_site, query):
    links = search_results(page, reader_site, query)
    assert links, f"no result for {query!r}"
    assert "diseases/optb2/" in links[0], f"{query!r}: first results are {links[:4]}"
    if query in SECTIONS:
        assert len(links) > 1 and "diseases/optb2/" in links[1], links[:4]
        assert links[1].partition("#")[2] in SECTIONS[query], f"{query!r}: {links[:4]}"


@pytest.mark.parametrize("query", ["RANKL", "259710"])
def test_search_works_under_a_subpath(page, subpath_site, query):
    links = search_results(page, subpath_site, query)
    assert links and "diseases/optb2/" in links[0], links[:4]
    page.locator(".md-search-result__list > li a.md-search-result__link").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(subpath_site.url("diseases/optb2/")), page.url
    assert "Osteopetrosis, autosomal recessive 2" in page.locator("h1").inner_text()


# What a first search may download at most: the budget, for a site of any size (tools/bench.py
# measures it gzipped at 1,000 and 5,000 diseases; this site is served uncompressed).
FIRST_SEARCH_BUDGET = 200 * 1024


def test_a_first_search_downloads_only_what_its_words_need(page, site):
    page.goto(site.url())
    page.wait_for_load_state("networkidle")
    sizes: dict[str, int] = {}
    page.on("requestfinished", lambda request: sizes.update({request.url: request.sizes()["responseBodySize"]}))
    open_search(page)
    page.locator("input.md-search__input").press_sequentially("CLCN7", delay=20)
    assert settled_results(page, "CLCN7")
    page.wait_for_load_state("networkidle")
    searched = {url: size for url, size in sizes.items() if "/search" in urlsplit(url).path}
    # The site's own index answered: a word file, read from the index's list of them.
    assert any(re.search(r"/search-index/[0-9a-f]+/w[0-9]+\.json$", url) for url in searched), searched
    # Sized as GitHub Pages sends them: gzipped.
    sent = {url: len(gzip.compress((site.root / urlsplit(url).path.removeprefix(site.prefix)).read_bytes()))
            for url in searched}
    assert sum(sent.values()) <= FIRST_SEARCH_BUDGET, sent
    # Material's own index, fetched with every page, lists no page: the search box is ours.
    index = json.loads((site.root / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    # Nor is Material's own search engine published, nor any source map: no reader loads them.
    assert not (site.root / "assets/javascripts/lunr").exists()
    assert not list(site.root.glob("assets/**/*.map"))


@pytest.fixture(scope="module")
def hostile_served(hostile_site):
    yield from serve(hostile_site, "/")


@pytest.mark.parametrize("query", ["hostile", "alert", "onerror", "script"])
def test_search_results_show_a_records_text_as_text(page, hostile_served, query):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    assert search_results(page, hostile_served, query), f"nothing found for {query!r}"
    shown = lxml.html.fragment_fromstring(page.locator(".md-search-result__list").inner_html(), create_parent="div")
    for element in shown.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in DANGEROUS_TAGS, f"<{element.tag}> in the results for {query!r}"
        assert not [name for name in element.attrib if name.lower().startswith("on")], lxml.html.tostring(element)
        assert not element.get("href", "").strip().lower().startswith(("javascript:", "data:")), element.get("href")
    assert dialogs == []


@pytest.fixture(scope="module")
def tampered_served(site, tmp_path_factory):
    """The real site with OPTB2's file in the search index saying it is elsewhere, as a crafted
    kept entry or a tampered deploy could: a javascript: address and an anchor that is markup."""
    root = tmp_path_factory.mktemp("tampered") / "site"
    shutil.copytree(site.root, root)
    for path in root.glob("search-index/*/p*.json"):
        page_file = json.loads(path.read_bytes())
        if page_file["url"] == "diseases/optb2/":
            page_file["url"] = "javascript:alert(1)//"
            page_file["sections"][1][0] = '"><img src=x onerror=alert(2)>'
            path.write_text(json.dumps(page_file), encoding="utf-8")
    yield from serve(root, site.prefix)


def test_search_shows_only_addresses_on_the_site(page, tampered_served):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    links = search_results(page, tampered_served, "OPTB2")
    assert links, "the other pages that name OPTB2 are still found"
    assert all(link.startswith(tampered_served.url()) for link in links), links
    assert not page.locator(".md-search-result__list img").count()
    assert dialogs == []


def test_a_page_left_open_finds_what_was_published_since(page, tmp_path):
    """A reader searches, the society publishes a new record, the reader searches again in the
    same page: the search reads the new index, not the files of the one it read first."""
    project = copy_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    with contextlib.contextmanager(serve)(project / "site", "/") as served:
        assert search_results(page, served, "OPTB2")
        add_variants(project, 1)
        built = run_build(project)
        assert built.returncode == 0, built.stderr
        box = page.locator("input.md-search__input")
        box.fill("")
        box.press_sequentially("Variant 0 of the test disorder", delay=20)
        links = settled_results(page, "Variant 0 of the test disorder")
        assert links and "diseases/variant-0/" in links[0], links[:4]


def test_a_name_written_with_its_accents_apart_is_found_and_marked(page, tmp_path):
    """A record may write an accent as a letter and a combining mark (o and U+0308 for ö): typed
    with or without the accent, the name finds the page, and the results mark it."""
    project = copy_project(tmp_path / "project")
    add_variants(project, 1)
    record = project / "content/diseases/variant-0.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "Variant 0 of the test disorder", "Variant 0 of the Scho\u0308nberg test disorder"), encoding="utf-8")
    built = run_build(project)
    assert built.returncode == 0, built.stdout + built.stderr
    with contextlib.contextmanager(serve)(project / "site", "/") as served:
        for typed in ("Schonberg", "Schönberg"):
            links = search_results(page, served, typed)
            assert links and "diseases/variant-0/" in links[0], links[:4]
            marked = page.locator(".md-search-result__list mark").all_inner_texts()
            assert any(unicodedata.normalize("NFC", text) == "Schönberg" for text in marked), marked
