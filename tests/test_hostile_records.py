"""Hostile record files are refused with file:line, never a traceback, a crash, a leak or a live link.

Each case is what a pull request could hold: an address built to break out of a Markdown link, a
record that is a link to a file of the machine, YAML built to exhaust the parser, names that would
make bad page names, a folder where a record belongs. A record with old Mac line endings is not
hostile, and builds.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import REPO, copy_project, run_build

OPTB2 = (REPO / "content/diseases/optb2.yaml").read_text(encoding="utf-8")
SCHEMA_LINE = OPTB2.splitlines()[0]


def line_of(text: str) -> int:
    """The line of OPTB2's record that holds text, as messages number lines."""
    return next(number for number, line in enumerate(OPTB2.splitlines(), start=1) if text in line)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def refused(project: Path, *expected: str) -> str:
    """Check the project; it must fail with these words on stderr, and no traceback."""
    result = run_build(project, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    for words in expected:
        assert words in result.stderr, result.stderr
    return result.stderr


def test_an_address_built_to_break_out_of_a_link_stays_in_its_attribute(project):
    attack = "https://x.example/)[y](javascript:alert(1337)"
    record = project / "content/diseases/optb2.yaml"
    record.write_text(OPTB2.replace("url: https://www.omim.org/entry/259710", f"url: {attack}").replace(
        "  - name: Osteopetrosis Society (OPETS)\n",
        f"  - name: Osteopetrosis Society (OPETS)\n    url: {attack}\n"), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    page = lxml.html.fromstring((project / "site/diseases/optb2/index.html").read_bytes())
    hrefs = [a.get("href", "") for a in page.iter("a")]
    assert not [href for href in hrefs if href.strip().lower().startswith("javascript")]
    assert hrefs.count(attack) == 2  # the whole address, in one attribute, in both places


@pytest.mark.parametrize("address", ["javascript:alert(1)", "https://x.example/\"onmouseover=alert(1)",
                                     "https://x.example/<script>", "ftp://example.org/", "https:///no-host"])
def test_an_address_that_is_not_a_plain_web_address_is_refused(project, address):
    record = project / "content/diseases/optb2.yaml"
    record.write_text(OPTB2.replace("url: https://www.omim.org/entry/259710", f"url: '{address}'"), encoding="utf-8")
    url = line_of("url: https://www.omim.org/entry/259710")
    refused(project, f"content/diseases/optb2.yaml:{url}:5: references[5].url:", "expected a web address")


def test_a_record_that_links_to_a_file_outside_content_is_not_read(project, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(OPTB2.replace("slug: optb2", "slug: elsewhere"), encoding="utf-8")
    (project / "content/diseases/passwd.yaml").symlink_to("/etc/passwd")
    (project / "content/diseases/elsewhere.yaml").symlink_to(outside)
    stderr = refused(project, "content/diseases/passwd.yaml:1:1: is a link to a file outside content/",
                     "content/diseases/elsewhere.yaml:1:1: is a link to a file outside content/")
    assert "root:" not in stderr  # nothing of the file it points at
    result = run_build(project)
    assert result.returncode == 1
    assert not (project / "site").exists()


def test_a_folder_named_like_a_record_is_said(project):
    (project / "content/diseases/x.yaml").mkdir()
    refused(project, "content/diseases/x.yaml:1:1: is a folder, not a record file")


@pytest.mark.parametrize("body, words", [
    # A billion laughs, small: each line repeats the one before nine times.
    ('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
     'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
     'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n'
     'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n',
     "bomb.yaml:3:8: expected plain values, got the YAML alias *a"),
    ("slug: " + "[" * 600 + "]" * 600 + "\n", "bomb.yaml:2:26: expected a record nested at most 20 levels deep"),
    ("slug: " + "[" * 100_000 + "]" * 100_000 + "\n", "bomb.yaml:2:26: expected a record nested at most 20"),
])
def test_yaml_built_to_exhaust_the_parser_is_refused_at_once(project, body, words):
    (project / "content/diseases/bomb.yaml").write_text(f"{SCHEMA_LINE}\n{body}", encoding="utf-8")
    refused(project, f"content/diseases/{words}")


def test_a_slug_too_long_for_a_file_name_is_refused(project):
    (project / "content/diseases/long.yaml").write_text(
        OPTB2.replace("slug: optb2", "slug: " + "a" * 300).replace("OMIM:259710", "OMIM:999998"), encoding="utf-8")
    refused(project, "content/diseases/long.yaml:6:1: slug: expected a slug of lower-case letters, digits and "
                     "hyphens of at most 60 characters, got 300")


@pytest.mark.parametrize("symbol", ["Index", "'***'", "ΑΒΓ", "tnfsf11"])
def test_a_gene_symbol_that_would_make_a_bad_page_name_is_refused(project, symbol):
    record = project / "content/diseases/optb2.yaml"
    record.write_text(OPTB2.replace("  - symbol: TNFSF11", f"  - symbol: {symbol}"), encoding="utf-8")
    refused(project, f"content/diseases/optb2.yaml:{line_of('  - symbol: TNFSF11')}:5: genes[0].symbol: "
                     "expected an HGNC gene symbol like TNFSF11")


def test_old_mac_line_endings_build_the_same_site(project, tmp_path):
    other = copy_project(tmp_path / "other")
    record = other / "content/diseases/optb2.yaml"
    record.write_bytes(record.read_bytes().replace(b"\n", b"\r"))
    assert run_build(project).returncode == 0
    result = run_build(other)
    assert result.returncode == 0, result.stderr
    site, other_site = project / "site", other / "site"
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == \
        {p.relative_to(other_site): p.read_bytes() for p in other_site.rglob("*") if p.is_file()}
