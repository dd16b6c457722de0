// Material's search box, answered by Pagefind.
//
// Material's search sends the reader's words to a web worker and shows what it answers; its own
// worker needs the whole site's index first (1.4 MB gzipped at 1,000 diseases). This worker
// speaks the same messages (SETUP, READY, QUERY, RESULT) and asks Pagefind instead, which loads
// only the parts of its index that the words need. main.html points Material at this file.

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
// The pages shown: five, as Pagefind's own interface shows before "load more". Each costs a
// download of its text (4 to 10 KB gzipped for a disease page), and a first search must stay
// small (tools/bench.py measures it).
const SHOWN = 5;
const PAUSE = 250;  // ms

// The site's root: this file is assets/javascripts/search-worker.js under it.
const root = new URL("../../", self.location.href);
let pagefind = null;
let latest = null;

function loadPagefind() {
  if (!pagefind) {
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async module => {
      // Result URLs from the site's root, without its path: Material puts them after its own base.
      await module.options({ baseUrl: "/" });
      await module.init("en");
      return module;
    });
  }
  return pagefind;
}

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'" };

// Material shows titles and excerpts as HTML. Pagefind's excerpt marks the words it found with
// <mark>; everything else is made plain text again and escaped, so a page's text can never become
// markup in the results.
function escape(text) {
  return text.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]);
}
function plain(html) {
  return html.replace(/<[^>]*>/g, "").replace(/&(amp|lt|gt|quot|#39|#x27);/g, e => ENTITIES[e]);
}
function excerpt(html) {
  return html.split(/<mark>|<\/mark>/).map((part, i) => {
    const text = escape(plain(part));
    return i % 2 ? `<mark data-md-highlight>${text}</mark>` : text;
  }).join("");
}

// Material's own worker puts the words a result holds into `terms`, for ?h= highlighting.
function terms(query) {
  return Object.fromEntries(query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(word => [word, true]));
}

function fromRoot(url) {
  return url.replace(/^\//, "");
}

async function search(query) {
  const engine = await loadPagefind();
  // Disease and comparison pages first, then the site's own pages (main.html marks these).
  const [later, all] = await Promise.all([engine.search(query, { filters: { later: "yes" } }), engine.search(query)]);
  if (!later || !all || query !== latest) return null;
  const laterIds = new Set(later.results.map(result => result.id));
  const firstIds = new Set(all.results.filter(result => !laterIds.has(result.id)).map(result => result.id));
  const results = [...all.results.filter(result => firstIds.has(result.id)),
                   ...all.results.filter(result => laterIds.has(result.id))].slice(0, SHOWN);
  const loaded = await Promise.all(results.map(result => result.data()));
  // Within each of the two, a page whose title holds every word typed comes first: a disease's
  // own name finds its page before the pages of the diseases it is compared with.
  const words = terms(query);
  const wanted = Object.keys(words);
  const titled = title => {
    const words = new Set(Object.keys(terms(plain(title || ""))));
    return wanted.every(word => words.has(word));
  };
  const pages = loaded
    .map((page, rank) => ({ page, rank, key: (firstIds.has(results[rank].id) ? 0 : 2) + (titled(page.meta.title) ? 0 : 1) }))
    .sort((a, b) => a.key - b.key || a.rank - b.rank)
    .map(({ page }) => page);
  const items = pages.map((page, rank) => {
    const score = pages.length - rank;  // Material orders by score: keep this order
    const title = escape(plain(page.meta.title || ""));
    // A page's sections, best first: those whose heading holds every word typed, then by the
    // weight of the words found in each. The page's own heading is the page itself. Material
    // shows the best section and folds away the rest.
    const sections = (page.sub_results || [])
      .filter(section => section.url.includes("#") && plain(section.title) !== plain(page.meta.title || ""))
      .map(section => ({
        section, titled: titled(section.title),
        weight: (section.weighted_locations || []).reduce((sum, l) => sum + l.weight, 0),
      }))
      .sort((a, b) => b.titled - a.titled || b.weight - a.weight)
      .map(({ section }, index) => ({
        location: fromRoot(section.url), title: escape(plain(section.title)), text: excerpt(section.excerpt),
        score: index === 0 ? score : score / (index + 1), terms: words,
      }));
    return [
      { location: fromRoot(page.url), title, text: excerpt(page.excerpt), score, terms: words },
      ...sections,
    ];
  });
  return { items };
}

self.addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    // Pagefind loads at the first query, not with every page.
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const query = message.data.trim();
    latest = query;
    if (!query) {
      self.postMessage({ type: RESULT, data: { items: [] } });
      return;
    }
    // Material asks at every keystroke; searching only once the reader pauses loads the index
    // chunks of the words typed, not those of every prefix on the way (Pagefind's own interface
    // waits 300 ms).
    await new Promise(resolve => setTimeout(resolve, PAUSE));
    if (query !== latest) return;
    const result = await search(query);
    if (result && query === latest) self.postMessage({ type: RESULT, data: result });
  }
});
