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

  /* The light and dark schemes: Material's palette form in the header (mkdocs.yml), run here
     rather than by Material, whose palette marks the page as switching colours each time one
     opens, and again a moment later, so that the browser styles the whole page twice more (on
     the OPTB2 page at phone width, 116 of its 202 ms of styling). The choice is kept where and as
     Material keeps it (__md_set "__palette"), so that Material's own script at the top of each
     page applies it before the page is drawn; the page then changes colour only on a first visit
     from a system in the dark scheme, when the reader asks, or when the system's scheme changes
     and the reader has not chosen one (Material would keep the scheme of the first page seen). */
  function runPalette() {
    var form = document.querySelector("form[data-raresite-palette]");
    if (!form || typeof __md_get === "undefined") return;
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name='__palette']"));
    if (!inputs.length) return;
    var body = document.body;
    var keys = ["media", "scheme", "primary", "accent"];

    var current = 0;
    var chosenByHand = false;

    /* asked: the colours change while the page is open (not as it opens); byHand: the reader
       chose, and the choice then holds over the system's scheme, on this page and the next. */
    function choose(index, asked, byHand) {
      var input = inputs[index];
      current = index;
      chosenByHand = byHand;
      var color = {};
      keys.forEach(function (key) { color[key] = input.getAttribute("data-md-color-" + key); });
      var changes = keys.slice(1).some(function (key) {
        return body.getAttribute("data-md-color-" + key) !== color[key];
      });
      if (changes) {
        /* Material's CSS holds its transitions back while the colours change. */
        if (asked) body.setAttribute("data-md-color-switching", "");
        keys.forEach(function (key) { body.setAttribute("data-md-color-" + key, color[key]); });
        if (asked) setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
      }
      input.checked = true;
      inputs.forEach(function (other, at) {
        var label = other.nextElementSibling;
        if (label instanceof HTMLLabelElement) label.hidden = at !== index;
      });
      /* As Material keeps it, so that its script at the top of each page applies it before the
         page is drawn; "chosen" is ours, and Material's script reads past it. Without a choice,
         the media Material's script reads as "the system's scheme": it then picks the scheme
         the system prefers when the next page opens, even if that changed meanwhile. */
      var kept = {};
      keys.forEach(function (key) { kept[key] = color[key]; });
      if (!byHand) kept.media = "(prefers-color-scheme)";
      __md_set("__palette", { index: index, color: kept, chosen: byHand });
      if (asked) showBrowserColours();
    }

    /* The phone's browser bar in the header's colour, and the scheme the browser's own controls
       and scroll bars take. Setting that scheme makes the browser style the whole page again:
       not needed while it would say what the browser assumes anyway (light). */
    function showBrowserColours() {
      var header = document.querySelector("[data-md-component='header']");
      if (!header) return;
      var style = getComputedStyle(header);
      var rgb = (style.backgroundColor.match(/\d+/g) || []).slice(0, 3);
      meta("theme-color").content = "#" + rgb.map(function (value) {
        return ("0" + (+value).toString(16)).slice(-2);
      }).join("");
      var scheme = document.head.querySelector("meta[name='color-scheme']");
      if (scheme || !/^(normal|light)$/.test(style.colorScheme)) meta("color-scheme").content = style.colorScheme;
    }

    function meta(name) {
      var found = document.head.querySelector("meta[name='" + name + "']");
      if (!found) {
        found = document.createElement("meta");
        found.name = name;
        document.head.appendChild(found);
      }
      return found;
    }

    function matching() {
      for (var index = 0; index < inputs.length; index++) {
        var media = inputs[index].getAttribute("data-md-color-media");
        if (media && matchMedia(media).matches) return index;
      }
      return 0;
    }

    /* The scheme the reader chose, on this page or another (they share the choice), or -1. */
    function choiceKept() {
      var kept = null;
      try {
        kept = __md_get("__palette");
      } catch (unreadable) { /* storage refused or damaged: the system's scheme, as on a first visit */ }
      return kept && kept.chosen === true && typeof kept.index === "number" && inputs[kept.index] ? kept.index : -1;
    }

    /* A reader's own choice holds; otherwise the page follows the system's scheme, which may
       have changed since the last page was open. */
    var keptChoice = choiceKept();
    choose(keptChoice >= 0 ? keptChoice : matching(), false, keptChoice >= 0);
    /* Reading the header's colour makes the browser style what changed since it last did: left
       for when the page is set up and the browser is idle. */
    (window.requestIdleCallback || function (later) { setTimeout(later, 200); })(showBrowserColours);
    form.addEventListener("change", function (event) {
      var chosen = inputs.indexOf(event.target);
      if (chosen >= 0) choose(chosen, true, true);
    });
    /* Enter on the focused option moves to the next scheme, as in Material. */
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var next = inputs[(current + 1) % inputs.length];
      event.preventDefault();
      next.click();
      next.focus();
    });
    inputs.forEach(function (input) {
      var media = input.getAttribute("data-md-color-media");
      var query = media && window.matchMedia ? matchMedia(media) : null;
      if (!query || !query.addEventListener) return;
      query.addEventListener("change", function (event) {
        if (!event.matches) return;
        /* A choice made in another tab since this page opened holds here too. */
        var chosen = chosenByHand ? current : choiceKept();
        if (chosen < 0) choose(inputs.indexOf(input), true, false);
        else if (chosen !== current) choose(chosen, true, true);
      });
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

  runPalette();
  onEveryPage(watchScrollingTables);
})();
