/* Small additions to Material's behaviour, loaded on every page. */
(function () {
  "use strict";

  /* A table wider than the screen scrolls sideways; keyboard users must be able to reach it
     (WCAG 2.1.1), so a scrolling table becomes a focusable region named after its section. */
  function markScrollingTables(wraps) {
    /* Every width is read before any attribute is written, so that the browser lays the page
       out once, not once per table. */
    var scrolling = wraps.map(function (wrap) { return wrap.scrollWidth > wrap.clientWidth + 1; });
    wraps.forEach(function (wrap, index) {
      if (scrolling[index] && !wrap.hasAttribute("tabindex")) {
        var heading = null;
        for (var node = wrap.previousElementSibling; node; node = node.previousElementSibling) {
          if (/^H[1-6]$/.test(node.tagName)) { heading = node; break; }
        }
        var title = heading ? heading.cloneNode(true) : null;
        if (title) title.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
        var name = title ? title.textContent.replace(/\s+/g, " ").trim() : "Table";
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name + " (table, scrolls sideways)");
      } else if (!scrolling[index] && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  /* Widths are read when the browser has laid the page out anyway (a ResizeObserver's moment),
     and again whenever a table or its frame changes size: read while the page was still being
     set up, they made the browser lay out the whole page early, on a phone a long pause. */
  function watchScrollingTables() {
    var wraps = Array.prototype.slice.call(document.querySelectorAll(".md-typeset__scrollwrap"));
    if (!wraps.length) return;
    if (typeof ResizeObserver === "undefined") {
      markScrollingTables(wraps);
      window.addEventListener("resize", function () { markScrollingTables(wraps); });
      return;
    }
    var observer = new ResizeObserver(function () { markScrollingTables(wraps); });
    wraps.forEach(function (wrap) {
      observer.observe(wrap);
      if (wrap.firstElementChild) observer.observe(wrap.firstElementChild);
    });
  }

  function onEveryPage(callback) {
    if (typeof window.document$ !== "undefined") {
      window.document$.subscribe(callback);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  onEveryPage(watchScrollingTables);
})();
