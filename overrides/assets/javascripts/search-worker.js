// Material's search box, answered by the site's own index (raresite/search.py).
//
// Material's search sends the reader's words to a web worker and shows what it answers; its own
// worker needs the whole site's index first (1.4 MB gzipped at 1,000 diseases). This worker
// speaks the same messages (SETUP, READY, QUERY, RESULT) and loads only the word files that the
// words typed need, then the text of the pages it shows. main.html points Material at this file.

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
// The pages shown: five. Each costs a download of its text (4 to 10 KB gzipped for a disease
// page), and a first search must stay small (tools/bench.py measures it).
const SHOWN = 5;
const PAUSE = 250;  // ms
const EXCERPT = 30;  // words

// The site's root: this file is assets/javascripts/search-worker.js under it.
const root = new URL("../../", self.location.href);
const files = new Map();
let latest = null;

// A file the site does not have (any longer): the one failure worth reading the list again for.
class Missing extends Error {}

function load(path) {
  if (!files.has(path)) {
    // The list is asked for anew at each page's first search (the browser may answer "not
    // modified"): it names the folder of the files published with it, which a newer site replaces.
    const options = path === "index.json" ? { cache: "no-cache" } : {};
    files.set(path, fetch(new URL(`search-index/${path}`, root), options).then(response => {
      if (!response.ok) throw new Missing(`${path}: ${response.status}`);
      return response.json();
    }));
  }
  return files.get(path);
}

// As raresite/search.py reads a text: without accents, in lower case, letters and digits.
const WORD = /[\p{L}\p{N}]+/gu;
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
function fold(text) {
  return text.normalize("NFKD").replace(ACCENTS, "").toLowerCase();
}
function words(text) {
  return fold(text).match(WORD) || [];
}

// What a word typed finds: itself and the words it begins (the reader may not have finished
// typing it), and the same without a final "s" ("transplants" finds "transplant"). A longer word
// found counts for less, as in Pagefind.
function stemOf(word) {
  return word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}
function finds(stem, word) {
  return word.startsWith(stem);
}
// A short beginning may begin thousands of words, in many files ("s" 233 KB gzipped at 5,000
// diseases, "000" 113 KB): a word typed reads the file that holds it and at most this many more,
// so that the words it begins are those of the first files in order (all of them, once the
// reader has typed a little more), and a first search stays small.
const MORE_FILES = 4;

// The word files that may hold words beginning with `stem`: the one whose range holds it, and
// (up to MORE_FILES) those after it that begin with it.
function wordFiles(index, stem) {
  const firsts = index.words;
  let low = 0, high = firsts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (firsts[middle] <= stem) low = middle + 1; else high = middle;
  }
  const picked = [];
  const last = Math.min(firsts.length - 1, low + MORE_FILES - 1);
  for (let i = Math.max(0, low - 1); i <= last && (i < low || firsts[i].startsWith(stem)); i++) {
    picked.push(`${index.version}/w${i}.json`);
  }
  return picked;
}

// Page number -> [score, whether its title holds the word], for one word typed: BM25 over the
// words it finds.
async function scores(index, typed) {
  const stem = stemOf(typed);
  const loaded = await Promise.all(wordFiles(index, stem).map(load));
  const found = new Map();
  for (const file of loaded) {
    for (const [word, postings] of Object.entries(file)) {
      if (!finds(stem, word)) continue;
      const pages = postings.length / 2;
      const rarity = Math.log(1 + (index.pages - pages + 0.5) / (pages + 0.5));
      const likeness = word === typed || word === stem ? 1 : stem.length / word.length;
      let page = 0;
      for (let i = 0; i < postings.length; i += 2) {
        page += postings[i];
        const [score, titled] = found.get(page) || [0, false];
        found.set(page, [score + rarity * likeness * (postings[i + 1] >> 1), titled || (postings[i + 1] & 1) === 1]);
      }
    }
  }
  return found;
}

const ADDRESS = /^(?:[a-z0-9_][a-z0-9_.-]*\/)*$/i;
const ANCHOR = /^[a-z0-9_-]*$/i;
// A page file as raresite/search.py writes it: an address and anchors on this site (never a
// javascript: link, nor one that leaves the site), and text everywhere else.
function wellFormed(page) {
  return page !== null && typeof page === "object" && typeof page.url === "string" && ADDRESS.test(page.url)
    && typeof page.title === "string" && Array.isArray(page.sections)
    && page.sections.every(section => Array.isArray(section) && section.length === 3
      && section.every(part => typeof part === "string") && ANCHOR.test(section[0]));
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
// Material shows titles and excerpts as HTML: a page's text is escaped, and only the words found
// are marked, so a page's text can never become markup in the results.
function escape(text) {
  return text.replace(/[&<>"']/g, c => ESCAPES[c]);
}

// A text's words as written, each with the marks that follow its letters (an accent written
// apart), so that each folds to what raresite/search.py indexed.
const WRITTEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

function isFound(stems, written) {
  return words(written).some(word => stems.some(stem => finds(stem, word)));
}

// How many of a text's words the words typed find.
function found(stems, text) {
  return [...text.matchAll(WRITTEN)].filter(match => isFound(stems, match[0])).length;
}

// How often a text holds the words typed one after the other ("osteoclast-poor", "genu valgum").
function phrases(stems, text) {
  const held = [...text.matchAll(WRITTEN)].flatMap(match => words(match[0]));
  let count = 0;
  for (let i = 0; i + stems.length <= held.length; i++) {
    if (stems.every((stem, j) => finds(stem, held[i + j]))) count++;
  }
  return count;
}

// EXCERPT words of a text from a little before the first word found of the run of that length
// that holds the most words found, those marked.
function excerpt(stems, text) {
  const tokens = [...text.matchAll(WRITTEN)];
  if (!tokens.length) return escape(text.slice(0, 200));
  const hits = tokens.map(token => isFound(stems, token[0]));
  let best = 0, bestCount = -1, count = 0;
  for (let i = 0; i < tokens.length; i++) {
    count += hits[i];
    if (i >= EXCERPT) count -= hits[i - EXCERPT];
    if (i >= Math.min(EXCERPT, tokens.length) - 1 && count > bestCount) {
      bestCount = count;
      best = Math.max(0, i - EXCERPT + 1);
    }
  }
  const first = hits.indexOf(true, best);
  if (first > best) best = Math.max(0, first - 6);
  const last = Math.min(tokens.length, best + EXCERPT) - 1;
  let html = best > 0 ? "… " : "";
  let at = tokens[best].index;
  for (let i = best; i <= last; i++) {
    const token = tokens[i];
    html += escape(text.slice(at, token.index));
    html += hits[i] ? `<mark data-md-highlight>${escape(token[0])}</mark>` : escape(token[0]);
    at = token.index + token[0].length;
  }
  return html + (last < tokens.length - 1 ? " …" : "");
}

// Material's own worker puts the words a result holds into `terms`, for ?h= highlighting.
function terms(typed) {
  return Object.fromEntries(typed.map(word => [word, true]));
}

async function search(query) {
  const index = await load("index.json");
  const typed = [...new Set(words(query))];
  if (!typed.length) return { items: [] };
  const perWord = await Promise.all(typed.map(word => scores(index, word)));
  if (query !== latest) return null;
  // A page must hold every word typed.
  const [fewest, ...others] = [...perWord].sort((a, b) => a.size - b.size);
  // Disease and comparison pages first, then the site's own pages (the index lists them);
  // within each, a page whose title holds every word typed comes first: a disease's own name
  // finds its page before the pages of the diseases it is compared with. Then the best scores.
  const later = new Set(index.later);
  const ranked = [...fewest.keys()]
    .filter(page => others.every(scored => scored.has(page)))
    .map(page => ({
      page,
      key: (later.has(page) ? 2 : 0) + (perWord.every(scored => scored.get(page)[1]) ? 0 : 1),
      score: perWord.reduce((sum, scored) => sum + scored.get(page)[0], 0),
    }))
    .sort((a, b) => a.key - b.key || b.score - a.score || a.page - b.page)
    .slice(0, SHOWN);
  // A page file that is not as the build writes it is not shown.
  const pages = (await Promise.all(ranked.map(({ page }) => load(`${index.version}/p${page}.json`))))
    .filter(wellFormed);
  if (query !== latest) return null;
  const stems = typed.map(stemOf);
  const titled = title => {
    const held = words(title);
    return stems.every(stem => held.some(word => finds(stem, word)));
  };
  const highlight = terms(typed);
  const items = pages.map((page, rank) => {
    const score = pages.length - rank;  // Material orders by score: keep this order
    const text = page.sections.map(([, heading, body]) => `${heading} ${body}`).join(" ");
    // A page's sections that hold a word typed, best first: those whose heading holds every word
    // typed, then those that hold the words most often as typed, then in the page's order (from
    // the summary to the details). The page's own heading is the page itself. Material shows the best section
    // and folds away the rest.
    const sections = page.sections
      .filter(([anchor, heading]) => anchor && heading !== page.title)
      .map(([anchor, heading, body], order) => ({
        anchor, heading, body, order, titled: titled(heading), phrases: phrases(stems, `${heading} ${body}`),
      }))
      .filter(section => found(stems, `${section.heading} ${section.body}`) > 0)
      .sort((a, b) => b.titled - a.titled || b.phrases - a.phrases || a.order - b.order)
      .map((section, place) => ({
        location: `${page.url}#${section.anchor}`, title: escape(section.heading),
        text: excerpt(stems, section.body), score: place === 0 ? score : score / (place + 1), terms: highlight,
      }));
    return [
      { location: page.url, title: escape(page.title), text: excerpt(stems, text), score, terms: highlight },
      ...sections,
    ];
  });
  return { items };
}

self.addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    // The index loads at the first query, not with every page.
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const query = message.data.trim();
    latest = query;
    if (!query) {
      self.postMessage({ type: RESULT, data: { items: [] } });
      return;
    }
    // Material asks at every keystroke; searching only once the reader pauses loads the word
    // files of the words typed, not those of every prefix on the way.
    await new Promise(resolve => setTimeout(resolve, PAUSE));
    if (query !== latest) return;
    // A file the site does not have (it was published anew since the list was read): once
    // more with the list read again. Any other failure: nothing found.
    const result = await search(query).catch(failure => {
      files.clear();
      return failure instanceof Missing ? search(query).catch(() => ({ items: [] })) : { items: [] };
    });
    if (result && query === latest) self.postMessage({ type: RESULT, data: result });
  }
});
