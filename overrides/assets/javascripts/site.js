/* Small additions to Material's behaviour, loaded on every page. */
(function () {
  "use strict";

  /* A table wider than the screen scrolls sideways; keyboard users must be able to reach it
     (WCAG 2.1.1), so a scrolling table becomes a focusable region named after its section. */
  function makeScrollingTablesFocusable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
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
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
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

  onEveryPage(makeScrollingTablesFocusable);
  window.addEventListener("resize", makeScrollingTablesFocusable);
})();
