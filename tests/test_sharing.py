"""Machine-readable and shareable pages: JSON-LD, downloads, identifier redirects, canonical and
share metadata, citations, the link card, sitemap and robots.txt, on the real built site.

The JSON-LD is expanded with pyld. There is no network, so the schema.org context is served by a
local document loader: a minimal context of our own, {"@vocab": "https://schema.org/"}, which
maps every term the pages use to its schema.org IRI (the published context would also type some
values, such as url, as IRIs; the checks below do not depend on that).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import http.server
import io
import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
import yaml
from pyld import jsonld

from raresite.files.downloads import HPOA_COLUMNS, SiteData
from raresite.model.record import TREATMENT_STANCES, DiseaseRecord
from tests.conftest import DATA, REPO, copy_project, run_build

S = "https://schema.org/"
PLACEHOLDER = "https://rare-diseases.example/"
OPTB2 = yaml.safe_load((REPO / "content/diseases/optb2.yaml").read_text(encoding="utf-8"))
OPTB2_RECORD = DiseaseRecord.model_validate(OPTB2)
# Every record of the real content, by slug: what is expected of the whole site follows from them.
RECORDS = {record["slug"]: record for record in (
    yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "content/diseases").glob("*.yaml")))}
LOCAL_CONTEXT = {"@context": {"@vocab": S}}


def local_loader(url: str, options: dict | None = None) -> dict:
    """pyld document loader that serves the schema.org context from here and nothing else."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": LOCAL_CONTEXT}
    raise jsonld.JsonLdError(f"no network: refused to load {url}", "jsonld.LoadDocumentError")


def jsonld_scripts(html_file: Path) -> list[str]:
    page = lxml.html.fromstring(html_file.read_bytes())
    return [s.text for s in page.xpath('//script[@type="application/ld+json"]')]


def expanded(html_file: Path) -> list[dict]:
    (text,) = jsonld_scripts(html_file)
    return jsonld.expand(json.loads(text), {"documentLoader": local_loader})


def values(node: dict, prop: str) -> list:
    """The values of a schema.org property of an expanded node: literals as such, nodes as dicts."""
    return [item.get("@value", item) for item in node.get(S + prop, [])]


def value(node: dict, prop: str):
    (single,) = values(node, prop)
    return single


def codes(node: dict) -> set[tuple[str, str]]:
    return {(value(c, "codeValue"), value(c, "codingSystem")) for c in values(node, "code")}


# --- JSON-LD ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def optb2_jsonld(built_site) -> dict:
    (page,) = expanded(built_site / "diseases/optb2/index.html")
    return page


def test_the_optb2_page_is_a_medical_web_page_about_its_condition(optb2_jsonld):
    page = optb2_jsonld
    assert page["@type"] == [S + "MedicalWebPage"]
    assert page["@id"] == PLACEHOLDER + "diseases/optb2/"
    assert value(page, "lastReviewed") == OPTB2["provenance"]["last_reviewed"].isoformat()
    assert value(page, "version") == OPTB2["provenance"]["version"]
    assert value(page, "inLanguage") == "en"
    assert {a["@id"] for a in values(page, "medicalAudience")} == {S + "Patient", S + "Clinician"}
    # No curator is recorded for OPTB2, so no reviewer is claimed.
    assert S + "reviewedBy" not in page
    condition = value(page, "about")
    assert condition["@type"] == [S + "MedicalCondition"]
    assert value(condition, "name") == OPTB2["names"]["preferred"]
    assert set(values(condition, "alternateName")) == {"OPTB2"} | {
        s["name"] for s in OPTB2["names"]["synonyms"]}


def test_every_identifier_is_a_code_and_only_exact_ones_are_the_same_disease(optb2_jsonld):
    condition = value(optb2_jsonld, "about")
    systems = {"OMIM": "OMIM", "MONDO": "MONDO", "UMLS": "UMLS", "MedGen": "MedGen",
               "ORPHA": "ORPHAcode", "ICD-10": "ICD-10", "MeSH": "MeSH"}
    assert codes(condition) == {(i["id"], systems[i["id"].split(":")[0]]) for i in OPTB2["identifiers"]}
    described = {value(c, "codeValue"): values(c, "description") for c in values(condition, "code")}
    assert described["OMIM:259710"] == []
    assert described["ORPHA:667"][0].startswith("A broader entry")
    assert described["ICD-10:Q78.2"][0].startswith("Group level")
    same_as = set(values(condition, "sameAs"))
    assert "https://omim.org/entry/259710" in same_as
    assert not any("orpha" in url.lower() or "icd" in url for url in same_as)


def test_signs_are_the_present_features_with_their_hpo_codes(optb2_jsonld):
    condition = value(optb2_jsonld, "about")
    signs = values(condition, "signOrSymptom")
    assert {s["@type"][0] for s in signs} == {S + "MedicalSignOrSymptom"}
    present = {p["hpo"] for p in OPTB2["phenotypes"] if p.get("status", "present") == "present"}
    assert {code for s in signs for code, system in codes(s) if system == "HPO"} == present
    # 'normal intelligence' is recorded as the absence of intellectual disability.
    assert "HP:0001249" not in {code for s in signs for code, _ in codes(s)}
    by_code = {next(iter(codes(s)))[0]: s for s in signs}
    assert value(by_code["HP:0000618"], "name") == "Blindness"
    assert value(by_code["HP:0000618"], "alternateName") == "early blindness"


def test_cause_anatomy_and_specialty_come_from_the_record(optb2_jsonld):
    condition = value(optb2_jsonld, "about")
    (cause,) = values(condition, "cause")
    assert cause["@type"] == [S + "MedicalCause"]
    assert "TNFSF11" in value(cause, "name")
    assert codes(cause) == {("HGNC:11926", "HGNC")}
    anatomy = {value(a, "name") for a in values(condition, "associatedAnatomy")}
    assert {"musculoskeletal system", "eye", "blood and blood-forming tissues"} <= anatomy
    assert not anatomy & {"metabolism/homeostasis", "Growth abnormality", "Neoplasm"}
    assert [s["@id"] for s in values(condition, "relevantSpecialty")] == [S + "Genetic"]


def test_transplantation_is_never_a_treatment_of_optb2(optb2_jsonld, built_site):
    condition = value(optb2_jsonld, "about")
    assert S + "possibleTreatment" not in condition
    assert "possibleTreatment" not in jsonld_scripts(built_site / "diseases/optb2/index.html")[0]


def test_citations_are_scholarly_articles_with_pmid_and_doi(optb2_jsonld):
    articles = values(optb2_jsonld, "citation")
    assert len(articles) == len(OPTB2["references"])
    by_name = {value(a, "name"): a for a in articles}
    sobacchi = by_name["Osteoclast-poor human osteopetrosis due to mutations in the gene encoding RANKL"]
    assert sobacchi["@type"] == [S + "ScholarlyArticle"]
    ids = {value(i, "propertyID"): value(i, "value") for i in values(sobacchi, "identifier")}
    assert ids == {"PMID": "17632511", "DOI": "10.1038/ng2076"}
    assert value(value(sobacchi, "isPartOf"), "name") == "Nat Genet"
    assert by_name["OMIM: Online Mendelian Inheritance in Man, entry 259710"]["@type"] == [S + "WebPage"]


def test_the_breadcrumb_leads_from_home_to_the_page(optb2_jsonld):
    crumbs = value(optb2_jsonld, "breadcrumb")
    assert crumbs["@type"] == [S + "BreadcrumbList"]
    items = sorted(values(crumbs, "itemListElement"), key=lambda i: value(i, "position"))
    assert [value(i, "item") for i in items] == [
        PLACEHOLDER, PLACEHOLDER + "diseases/", PLACEHOLDER + "diseases/optb2/"]


def test_the_visible_page_and_the_json_ld_say_the_same(optb2_jsonld, built_site):
    page = lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())
    text = " ".join(page.cssselect("article")[0].text_content().split())
    assert value(optb2_jsonld, "name") in text
    for article in values(optb2_jsonld, "citation"):
        assert value(article, "name").rstrip(".") in text
    for sign in values(value(optb2_jsonld, "about"), "signOrSymptom"):
        assert value(sign, "name") in text


# --- Records that try to break out of the script, and a recommended treatment -----------------


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> Path:
    """The script-payload record built with SITE_URL set, as the deploy job would."""
    project = copy_project(tmp_path_factory.mktemp("payload") / "project", DATA / "script-payload")
    os.environ["SITE_URL"] = "https://example.org/kb"
    try:
        result = run_build(project)
    finally:
        del os.environ["SITE_URL"]
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_a_record_cannot_close_the_json_ld_script(payload_site):
    html_file = payload_site / "diseases/payload/index.html"
    raw = html_file.read_text(encoding="utf-8")
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    assert not set(script) & set("<>&")
    page = lxml.html.fromstring(raw)
    # The payload made no element of its own: no script runs alert, no img has onerror.
    assert not [s for s in page.xpath("//script") if "alert" in (s.text or "")
                and s.get("type") != "application/ld+json"]
    assert not page.xpath("//img[@onerror]")
    (document,) = jsonld.expand(json.loads(script), {"documentLoader": local_loader})
    condition = value(document, "about")
    assert value(condition, "name") == 'Payload disorder </script><script>alert("name")</script>'
    assert '</SCRIPT ><img src=x onerror=alert("synonym")> & <!-- comment' in values(condition, "alternateName")
    assert value(value(document, "citation"), "name") == '</script><script>alert("reference")</script>'
    assert [value(p, "name") for p in values(document, "reviewedBy")] == ["A. Curator"]


def test_site_url_from_the_environment_sets_canonical_and_share_links(payload_site):
    page = lxml.html.fromstring((payload_site / "diseases/payload/index.html").read_bytes())
    expected = "https://example.org/kb/diseases/payload/"
    assert page.xpath('//link[@rel="canonical"]/@href') == [expected]
    assert page.xpath('//meta[@property="og:url"]/@content') == [expected]
    assert "Sitemap: https://example.org/kb/sitemap.xml" in (payload_site / "robots.txt").read_text()


def test_only_statements_of_care_the_sources_recommend_are_treatments(tmp_path, hpo_release):
    project = copy_project(tmp_path / "project", DATA / "kitchen-sink")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    record = yaml.safe_load((DATA / "kitchen-sink/diseases/kitchen-sink.yaml").read_text(encoding="utf-8"))
    (page,) = expanded(project / "site/diseases/kitchen-sink/index.html")
    condition = value(page, "about")
    recommended = {m["topic"] for m in record["management"] if m["stance"] in TREATMENT_STANCES}
    assert recommended and {value(t, "name") for t in values(condition, "possibleTreatment")} == recommended
    assert [value(p, "name") for p in values(page, "reviewedBy")] == record["provenance"]["curators"]


# --- Downloads --------------------------------------------------------------------------------


def download_links(built_site: Path, slug: str) -> dict[str, Path]:
    page = lxml.html.fromstring((built_site / f"diseases/{slug}/index.html").read_bytes())
    links = {}
    for anchor in page.xpath('//article//a[@href]'):
        href = anchor.get("href")
        if href.startswith("../../data/"):
            links[anchor.text_content().strip()] = (built_site / f"diseases/{slug}" / href).resolve()
    return links


def test_the_downloads_are_linked_and_parse_back_into_the_record(built_site):
    links = download_links(built_site, "optb2")
    assert {"YAML", "JSON", "Phenotypes (TSV)", "BibTeX", "RIS", "diseases.json"} <= set(links)
    assert all(path.is_file() for path in links.values())
    from_yaml = DiseaseRecord.model_validate(yaml.safe_load(links["YAML"].read_text(encoding="utf-8")))
    from_json = DiseaseRecord.model_validate(json.loads(links["JSON"].read_text(encoding="utf-8")))
    assert from_yaml == OPTB2_RECORD
    assert from_json == OPTB2_RECORD


def test_the_whole_site_file_holds_every_record_and_has_its_schema(built_site):
    data = json.loads((built_site / "data/diseases.json").read_text(encoding="utf-8"))
    site = SiteData.model_validate(data)
    assert [r.slug for r in site.diseases] == sorted(RECORDS)
    assert next(r for r in site.diseases if r.slug == "optb2") == OPTB2_RECORD
    assert site.license == "https://creativecommons.org/licenses/by/4.0/"
    schema = json.loads((built_site / "data/diseases.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["diseases"]["items"] == {"$ref": "#/$defs/DiseaseRecord"}
    assert set(schema["required"]) >= {"site", "license", "diseases"}
    record_schema = json.loads((built_site / "data/disease.schema.json").read_text(encoding="utf-8"))
    assert record_schema == json.loads((REPO / "content/disease.schema.json").read_text(encoding="utf-8"))


def test_the_phenotype_table_has_the_columns_of_phenotype_hpoa(built_site, hpo_release):
    text = (built_site / "data/optb2-phenotypes.tsv").read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(body)), delimiter="\t"))
    assert tuple(body[0].split("\t")) == HPOA_COLUMNS
    assert f"#hpo-version: {hpo_release.version}" in text
    assert {r["database_id"] for r in rows} == {"OMIM:259710"}
    by_hpo = {r["hpo_id"]: r for r in rows}
    assert set(by_hpo) == {p["hpo"] for p in OPTB2["phenotypes"]} | {"HP:0000007"}
    assert by_hpo["HP:0000007"]["aspect"] == "I"
    assert by_hpo["HP:0001249"]["qualifier"] == "NOT"
    assert by_hpo["HP:0000618"]["qualifier"] == "" and by_hpo["HP:0000618"]["aspect"] == "P"
    assert all(len(r) == len(HPOA_COLUMNS) and None not in r for r in rows)


def test_the_citation_downloads_carry_version_date_and_address(built_site):
    provenance = RECORDS["optb2"]["provenance"]
    version, reviewed = provenance["version"], str(provenance["last_reviewed"])
    bib = (built_site / "data/optb2.bib").read_text(encoding="utf-8")
    assert bib.startswith(f"@misc{{optb2-{version},\n")
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", bib, re.M))
    assert fields["title"] == "{Osteopetrosis, autosomal recessive 2 (OPTB2)}"
    assert fields["url"] == PLACEHOLDER + "diseases/optb2/"
    assert fields["version"] == version and fields["year"] == reviewed[:4]
    assert bib.count("{") == bib.count("}")
    ris = (built_site / "data/optb2.ris").read_bytes().decode("utf-8")
    tags = [line.split("  - ", 1) for line in ris.split("\r\n") if line]
    assert tags[0] == ["TY", "ELEC"] and tags[-1] == ["ER", ""]
    assert dict(tags)["DA"] == reviewed.replace("-", "/") and dict(tags)["UR"] == PLACEHOLDER + "diseases/optb2/"
    page = lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())
    cite = page.xpath('//p[strong[starts-with(., "How to cite")]]')[0].text_content()
    assert f"Version {version}, last reviewed {reviewed}" in cite


# --- Addresses, share metadata, sitemap -------------------------------------------------------


def test_only_exact_identifiers_get_a_redirect(built_site):
    redirects = {str(p.parent.relative_to(built_site)) for p in built_site.glob("*/*/index.html")
                 if p.parent.parent.name in {"omim", "orpha", "mondo", "umls", "medgen", "icd-10", "mesh"}}
    # Exactly the exact identifiers of the systems with addresses, of every record; OPTB2's among them.
    expected = {f"{i['id'].split(':')[0].lower()}/{i['id'].split(':', 1)[1]}" for record in RECORDS.values()
                for i in record["identifiers"] if i["relation"] == "exact"
                and i["id"].split(":")[0] in ("OMIM", "ORPHA", "MONDO", "UMLS", "MedGen")}
    assert redirects == expected
    assert redirects >= {"omim/259710", "mondo/0009816", "umls/C1850126", "medgen/342420"}
    page = lxml.html.fromstring((built_site / "omim/259710/index.html").read_bytes())
    assert page.xpath('//link[@rel="canonical"]/@href') == [PLACEHOLDER + "diseases/optb2/"]
    assert page.xpath('//meta[@http-equiv="refresh"]/@content') == ["0; url=../../diseases/optb2/"]
    assert page.xpath("//body//a/@href") == ["../../diseases/optb2/"]


def test_every_page_has_its_canonical_address_and_share_metadata(built_site):
    for html_file in built_site.rglob("index.html"):
        page = lxml.html.fromstring(html_file.read_bytes())
        if page.xpath('//meta[@http-equiv="refresh"]'):
            continue
        path = html_file.parent.relative_to(built_site).as_posix()
        expected = PLACEHOLDER + ("" if path == "." else path + "/")
        assert page.xpath('//link[@rel="canonical"]/@href') == [expected], html_file
        assert page.xpath('//meta[@property="og:url"]/@content') == [expected], html_file
        assert page.xpath('//meta[@property="og:title"]/@content')[0], html_file
        card = "summary_large_image" if page.xpath('//meta[@property="og:image"]') else "summary"
        assert page.xpath('//meta[@name="twitter:card"]/@content') == [card], html_file
    page = lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())
    description = page.xpath('//meta[@property="og:description"]/@content')[0]
    assert description.startswith("OPTB2 is a rare genetic bone disease. The bones become too dense")
    assert page.xpath('//meta[@property="og:title"]/@content') == ["Osteopetrosis, autosomal recessive 2 (OPTB2)"]


def test_the_disease_page_shares_its_own_card_image(built_site):
    from PIL import Image

    page = lxml.html.fromstring((built_site / "diseases/optb2/index.html").read_bytes())
    (image_url,) = page.xpath('//meta[@property="og:image"]/@content')
    assert image_url == PLACEHOLDER + "data/optb2-card.png"
    with Image.open(built_site / "data/optb2-card.png") as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
        # Not a blank image: the name is drawn in dark ink on white.
        assert card.convert("L").getextrema()[0] < 64


def test_the_sitemap_dates_each_page_by_its_record(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>(.*?)</loc>\s*<lastmod>(.*?)</lastmod>", sitemap))
    assert all(entries[f"{PLACEHOLDER}diseases/{slug}/"] == str(record["provenance"]["last_reviewed"])
               for slug, record in RECORDS.items())
    newest = max(str(record["provenance"]["last_reviewed"]) for record in RECORDS.values())
    assert entries[PLACEHOLDER] == newest  # the newest record's review
    assert PLACEHOLDER + "linking/" in entries
    assert not [loc for loc in entries if "/omim/" in loc]
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PLACEHOLDER}sitemap.xml" in robots.splitlines()


def test_two_builds_of_the_same_content_are_byte_identical(built_site, tmp_path):
    project = copy_project(tmp_path / "again")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr

    def digests(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert digests(project / "site") == digests(built_site)


# --- In the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(built_site) -> Iterator[str]:
    """The built site over HTTP on a free local port, as a host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.browser
def test_an_omim_address_leads_to_the_disease_page(browser, served):
    page = browser.new_page()
    page.goto(served + "/omim/259710/")
    page.wait_for_url(served + "/diseases/optb2/")
    assert page.locator("h1").inner_text().startswith("Osteopetrosis, autosomal recessive 2")
    page.goto(served + "/mondo/0009816/")
    page.wait_for_url(served + "/diseases/optb2/")
    page.close()


@pytest.mark.browser
def test_the_link_card_renders_as_its_snippet_says(browser, served, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "/diseases/optb2/")
    card = page.locator(".link-card-preview a")
    assert card.is_visible()
    assert card.get_attribute("href") == PLACEHOLDER + "diseases/optb2/"
    assert card.locator("strong").inner_text() == "Osteopetrosis, autosomal recessive 2 (OPTB2)"
    assert "OPTB2 is a rare genetic bone disease." in card.inner_text()
    box = card.bounding_box()
    assert box and 200 < box["width"] <= 30 * 16 + 40 and box["height"] > 40
    # The code shown for copying is the card itself.
    snippet = lxml.html.fragment_fromstring(page.locator("pre.link-snippet code").inner_text())
    assert snippet.get("href") == card.get_attribute("href")
    assert " ".join(snippet.text_content().split()) == " ".join(card.text_content().split())
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "link-card.png"))
    page.close()


def test_two_records_cannot_both_claim_an_identifier_as_exact(tmp_path):
    content = tmp_path / "content"
    (content / "diseases").mkdir(parents=True)
    second = (DATA / "kitchen-sink/diseases/second.yaml").read_text(encoding="utf-8")
    second = second.replace("OMIM:999997", "MONDO:0999997")
    (content / "diseases/second.yaml").write_text(second, encoding="utf-8")
    (content / "diseases/third.yaml").write_text(second.replace("slug: second", "slug: third"),
                                                 encoding="utf-8")
    project = copy_project(tmp_path / "project", content)
    result = run_build(project)
    assert result.returncode == 1
    assert "another record has this identifier as exact" in result.stderr
    assert "MONDO:0999997" in result.stderr
    assert not (project / "site").exists()


def test_every_link_within_the_site_leads_to_a_file_of_it(built_site):
    # MkDocs checks the links of the Markdown it renders; links to the files made beside it
    # (downloads, cards, identifier addresses) are written in HTML, which it does not check.
    from urllib.parse import unquote, urljoin, urlsplit

    root = "https://site.test/"
    broken, checked = [], 0
    for html_file in sorted(built_site.rglob("*.html")):
        page_url = root + html_file.relative_to(built_site).as_posix()
        page = lxml.html.fromstring(html_file.read_bytes())
        for link in page.xpath("//a/@href | //link/@href | //img/@src | //script/@src"):
            target = urlsplit(urljoin(page_url, link))
            if f"{target.scheme}://{target.netloc}/" != root:
                continue  # another site, or the placeholder address of this one
            path = built_site / unquote(target.path.lstrip("/"))
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{html_file.relative_to(built_site)}: {link}")
            checked += 1
    assert checked > 500
    assert broken == []
