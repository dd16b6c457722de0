"""A disease page prints as a clean handout: no navigation or search, link targets shown,
tables whole. Checked in Chromium's print layout and its PDF output."""

from __future__ import annotations


def test_disease_page_prints_as_a_handout(page, site, tmp_path):
    page.goto(site.url("diseases/optb2/"))
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
        '.md-search', '.md-footer'].map(s => [s, getComputedStyle(document.querySelector(s)).display])""")
    assert all(display == "none" for _, display in hidden), hidden
    # Every table is laid out whole: nothing clipped behind a scroll bar.
    clipped = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
        .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 1).length""")
    assert clipped == 0
    link = page.locator("a[href='https://omim.org/entry/259710']").first
    shown = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://omim.org/entry/259710" in shown
    pdf = page.pdf(path=str(tmp_path / "optb2.pdf"), format="A4", print_background=False)
    assert pdf.startswith(b"%PDF-")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2
