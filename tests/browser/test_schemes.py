"""The light and dark schemes: a page opens in the scheme the reader's system prefers, drawn once
in it; the toggle in the header switches it, by mouse or keyboard, and the choice holds on the next
page and over the system's scheme; a reader who has not chosen follows the system's scheme as it
changes (assets/javascripts/site.js runs Material's palette form)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE

SCHEMES = {"light": "default", "dark": "slate"}  # the system's preference: Material's scheme for it
OTHER = {"light": "dark", "dark": "light"}
# Every change to the body's colour attributes while the page opens, before any of the page's
# scripts run.
RECORD_CHANGES = """
window.__bodyChanges = [];
new MutationObserver(records => {
  for (const record of records) {
    if (record.target === document.body && /^data-md-color-/.test(record.attributeName))
      window.__bodyChanges.push(record.attributeName);
  }
}).observe(document, {attributes: true, subtree: true});
// The scheme the page was parsed in, drawn in: before the page's own scripts run (they are deferred).
document.addEventListener("readystatechange", () => {
  if (document.readyState === "interactive")
    window.__parsedScheme = document.body.getAttribute("data-md-color-scheme");
});
"""


def scheme_of(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def shown_toggle(page):
    """The one toggle the header shows: to the scheme not in use."""
    toggles = page.locator("header label.md-header__button[for^='__palette_']")
    shown = [toggles.nth(index) for index in range(toggles.count()) if toggles.nth(index).is_visible()]
    assert len(shown) == 1, f"{len(shown)} scheme toggles shown"
    return shown[0]


def system_turns(page, scheme: str) -> None:
    """The system's scheme becomes scheme, and the page's own script has been told: a listener
    made after the page's hears after it."""
    heard = page.evaluate("""() => {
      if (window.__systemChanges === undefined) {
        window.__systemChanges = 0;
        matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => window.__systemChanges++);
      }
      return window.__systemChanges; }""")
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(f"window.__systemChanges === {heard + 1}")


@pytest.fixture(params=list(SCHEMES))
def preference(request, browser):
    context = browser.new_context(color_scheme=request.param, viewport=PHONE)
    context.add_init_script(RECORD_CHANGES)
    yield request.param, context
    context.close()


def test_a_page_opens_in_the_preferred_scheme_and_the_toggle_offers_the_other(preference, site):
    preferred, context = preference
    page = context.new_page()
    page.goto(site.url("diseases/"))
    page.wait_for_function("document.querySelector('meta[name=theme-color]') !== null")
    assert scheme_of(page) == SCHEMES[preferred]
    assert OTHER[preferred] in shown_toggle(page).get_attribute("title").lower()
    if preferred == "light":  # drawn in the colours it was sent in: nothing restyles the whole page
        assert page.evaluate("window.__bodyChanges") == []


def test_the_toggle_switches_the_scheme_and_the_choice_holds_on_the_next_page(preference, site):
    preferred, context = preference
    page = context.new_page()
    page.goto(site.url("diseases/"))
    shown_toggle(page).click()
    assert scheme_of(page) == SCHEMES[OTHER[preferred]]
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    page.goto(site.url("glossary/"))
    assert scheme_of(page) == SCHEMES[OTHER[preferred]]
    assert OTHER[OTHER[preferred]] in shown_toggle(page).get_attribute("title").lower()


def test_enter_on_the_focused_scheme_switches_it(preference, site):
    preferred, context = preference
    page = context.new_page()
    page.goto(site.url(""))
    page.locator("header input[name='__palette']:checked").focus()
    page.keyboard.press("Enter")
    assert scheme_of(page) == SCHEMES[OTHER[preferred]]
    assert page.evaluate("document.activeElement.name") == "__palette"


def test_without_a_choice_the_page_follows_the_system_scheme_as_it_changes(preference, site):
    preferred, context = preference
    page = context.new_page()
    page.goto(site.url("diseases/"))
    page.emulate_media(color_scheme=OTHER[preferred])
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{SCHEMES[OTHER[preferred]]}'")
    page.close()
    # The system changes back while no page is open: the next page is drawn in its scheme again,
    # from the start (Material's script at the top of the page reads the system's scheme).
    later = context.new_page()
    later.goto(site.url("glossary/"))
    assert later.evaluate("window.__parsedScheme") == SCHEMES[preferred]
    assert scheme_of(later) == SCHEMES[preferred]


def test_a_choice_holds_when_the_system_scheme_changes(preference, site):
    preferred, context = preference
    page = context.new_page()
    page.goto(site.url("diseases/"))
    shown_toggle(page).click()
    system_turns(page, OTHER[preferred])
    assert scheme_of(page) == SCHEMES[OTHER[preferred]]
    system_turns(page, preferred)
    assert scheme_of(page) == SCHEMES[OTHER[preferred]]
    page.goto(site.url("glossary/"))
    assert scheme_of(page) == SCHEMES[OTHER[preferred]]


def test_a_choice_made_in_another_tab_holds_when_the_system_scheme_changes(preference, site):
    preferred, context = preference
    other_tab = context.new_page()
    other_tab.goto(site.url("diseases/"))
    page = context.new_page()
    page.goto(site.url("glossary/"))
    shown_toggle(page).click()
    system_turns(other_tab, OTHER[preferred])
    system_turns(other_tab, preferred)
    assert scheme_of(other_tab) == SCHEMES[OTHER[preferred]]
    later = context.new_page()
    later.goto(site.url("about/"))
    assert scheme_of(later) == SCHEMES[OTHER[preferred]]
