"""The site's search index, in site/search-index/, read by the worker behind Material's search box
(overrides/assets/javascripts/search-worker.js).

Our own, not Pagefind's (used until issue 19), because a first search has to stay within 200 KB
gzipped at 5,000 diseases and Pagefind's could not: it always loads its script and WebAssembly
(83 KB) and a page list that grows with the site (38 KB at 5,000), and it keeps every position of
every word, so a word found on every page loaded 80 to 90 KB. Search needs to know only which
pages hold a word and how strongly; where on a page, the worker finds in the page's text, which it
downloads anyway for the five pages it shows. Here a word on every page of 5,000 costs a few KB,
and there is no engine to download.

What is indexed: the article of the disease and comparison pages and of the site's own pages
(home, A-Z, glossary, ...), not the heading links' pilcrows or what a template marks
`data-search="ignore"` (text alike on every page of a kind, and a page's furniture: downloads,
the HTML it offers for linking to it, how to cite it). Not the pages of single genes and
features: each is a list of the disease pages that name the gene or feature, which search finds
first.

The files:
- `index.json`: the number of pages, those that come after the others (the site's own pages:
  `data-search="later"`), the folder of this build's files, and the first word of each word
  file. It is the one file whose name never changes; the others sit in a folder named by
  their content, so a browser holding an old `index.json` is never answered from new files.
- `<version>/w<n>.json`: words in order, each with its pages (as gaps) and per page a score
  (BM25's term part, with the words of headings counting more, as Pagefind weighs them), doubled,
  plus one where the page's title holds the word.
- `<version>/p<n>.json`: a page's address, title and its sections' anchors, headings and text.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from raresite.keeping import Keeping

FOLDER = "search-index"
# The pages indexed, as paths under the site.
PAGES = ("index.html", "*/index.html", "diseases/*/index.html", "comparisons/*/index.html")
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*</article>', re.S)
# A heading's link to itself, as Python-Markdown's toc writes it: its pilcrow is no word.
HEADING_LINK = re.compile(r'<a class="headerlink" href="[^"]*">[^<]*</a>')
HEADINGS = {"h1": 7, "h2": 6, "h3": 5, "h4": 4, "h5": 3, "h6": 2}  # what a heading's words count for
# Elements whose text ends a word where the next one's begins, though the HTML may hold no space
# between them ("</td><td>").
BLOCKS = ("p", "div", "li", "dt", "dd", "td", "th", "tr", "table", "caption", "br", "blockquote", "pre",
          "details", "summary", "figcaption", "section", *HEADINGS)
# Where a section starts and where its heading ends, in the article's text: characters of Unicode's
# private use area, taken out of the page's text first.
START, HEADING_END, SECTION_END = "\ue000", "\ue001", "\ue002"
MARKS = re.compile("[\ue000-\ue002]")
SECTION = re.compile("\ue000([^\ue001]*)\ue001([^\ue002]*)\ue002")
WORD = re.compile(r"[^\W_]+")  # letters and digits: the worker's /[\p{L}\p{N}]+/u
# Accents, as Unicode's decomposition (NFKD) writes them apart: the blocks of combining diacritical
# marks, the same ranges in the worker.
ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# BM25's usual constants: how soon more of a word stops counting, and how much a long page's
# length weighs against it.
SATURATION, LENGTH_WEIGHT = 1.2, 0.75
WORD_FILE = 16_000  # characters: a word file is this big or holds one word


def fold(text: str) -> str:
    """Text as the index compares it: without accents, in lower case (the worker folds the same way)."""
    if text.isascii():
        return text.lower()
    return ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


@dataclass(frozen=True)
class ReadPage:
    """What the index takes from one page: whether it comes after the others, its file for the
    worker (address, title, sections), its length in words, and for each of its words the times
    it is counted (a heading's words count more), doubled, plus one where the title holds it."""

    later: bool
    page_file: bytes
    length: int
    counted: dict[str, int]

    def encode(self) -> bytes:
        return as_json([self.later, self.length, self.page_file.decode(), self.counted])

    @classmethod
    def decode(cls, data: bytes) -> ReadPage:
        later, length, page_file, counted = json.loads(data)
        shown = json.loads(page_file)
        if not (type(later) is bool and type(length) is int and length >= 0 and isinstance(counted, dict)
                and all(type(times) is int and times >= 2 for times in counted.values())
                and isinstance(shown, dict) and sorted(shown) == ["sections", "title", "url"]
                and isinstance(shown["url"], str) and isinstance(shown["title"], str)
                and isinstance(shown["sections"], list) and all(map(_is_section, shown["sections"]))):
            raise ValueError("not a page read for search")
        return cls(later, page_file.encode(), length, counted)


def _is_section(section: object) -> bool:
    return isinstance(section, list) and len(section) == 3 and all(isinstance(part, str) for part in section)


PageItem = tuple[str, str]  # a page's address and its article's HTML
# A page's reading depends only on its address and article (and the code): a plan may keep it.
READING = Keeping[PageItem, ReadPage]("search", lambda item: "\0".join(item).encode(), ReadPage.encode,
                                      ReadPage.decode)


def read_page(item: PageItem) -> ReadPage:
    url, article_html = item
    article = lxml.html.fragment_fromstring(MARKS.sub(" ", HEADING_LINK.sub("", article_html)))
    later = bool(article.xpath('.//*[@data-search="later"]'))  # the element: a record may write the words
    left_out = article.xpath('.//*[@data-search="ignore"]') if 'data-search="ignore"' in article_html else []
    for element in [*left_out, *article.iter("script", "style")]:
        element.drop_tree()
    for element in article.iter(*BLOCKS):
        element.tail = f" {element.tail or ''}"
    heading_words: Counter[str] = Counter()
    for heading in [heading for heading in article.iter(*HEADINGS) if heading.get("id")]:
        for word in words(heading.text_content()):
            heading_words[word] += HEADINGS[heading.tag] - 1  # its words are counted once in the text too
        heading.text = f"{START}{heading.get('id')}{HEADING_END}{heading.text or ''}"
        heading.tail = f"{SECTION_END}{heading.tail or ''}"
    parts = SECTION.split(article.text_content())
    # (anchor, heading, text): what comes before the first heading is the page's, with no anchor.
    # Accents composed (NFC), so that the worker reads each word of the text whole.
    parts = [" ".join(unicodedata.normalize("NFC", part).split()) for part in parts]
    sections = [("", "", parts[0])] if parts[0] else []
    sections += [(parts[i], parts[i + 1], parts[i + 2]) for i in range(1, len(parts), 3)]
    title = next((heading for _, heading, _ in sections if heading), "")
    counted = Counter(words(" ".join(f"{heading} {text}" for _, heading, text in sections)))
    length = sum(counted.values())
    counted.update(heading_words)
    in_title = set(words(title))
    return ReadPage(later,
                    as_json({"url": url, "title": title, "sections": sections}), length,
                    {word: 2 * times + (word in in_title) for word, times in counted.items()})


def indexed_pages(site: Path) -> list[tuple[str, Path]]:
    """(address, file) of the pages search finds, in the order of their files' paths."""
    pages = []
    for path in sorted({path for pattern in PAGES for path in site.glob(pattern)}):
        url = path.parent.relative_to(site).as_posix()
        pages.append(("" if url == "." else f"{url}/", path))
    return pages


MapPages = Callable[[Callable[[PageItem], ReadPage], Sequence[PageItem], Keeping[PageItem, ReadPage]],
                    list[ReadPage]]
BATCH = 500  # pages read at a time: their HTML and what is read of them are held until written


def index_for_search(site: Path, map_pages: MapPages) -> None:
    """The search index of the site's pages, made anew over every page at every build: a word's
    score depends on every page. map_pages reads a batch of pages (a plan's map: on every core,
    kept between builds, or here in order)."""
    into = site / FOLDER
    shutil.rmtree(into, ignore_errors=True)
    writing = into / "writing"
    writing.mkdir(parents=True)
    files = hashlib.sha256()  # of every file's name and bytes, in the order written: the version
    counts: dict[str, list[int]] = {}  # word: [page, times, page, times, ...]
    lengths: list[int] = []
    later: list[int] = []
    pages = indexed_pages(site)
    for start in range(0, len(pages), BATCH):
        items = []
        for url, path in pages[start:start + BATCH]:
            article = ARTICLE.search(path.read_text(encoding="utf-8"))
            if article:  # a redirect page has none
                items.append((url, article[0]))
        for page in map_pages(read_page, items, READING):
            number = len(lengths)
            if page.later:
                later.append(number)
            write(writing, f"p{number}.json", page.page_file, files)
            lengths.append(page.length)
            for word, times in page.counted.items():
                counts.setdefault(word, []).extend((number, times))
    mean_length = (sum(lengths) / len(lengths) if lengths else 0) or 1  # a site of empty pages too
    norms = [SATURATION * (1 - LENGTH_WEIGHT + LENGTH_WEIGHT * length / mean_length) for length in lengths]
    firsts: list[str] = []
    shard: dict[str, list[int]] = {}
    size = 0
    # In the order of UTF-16 code units, as the worker's strings compare.
    for word in sorted(counts, key=lambda word: word.encode("utf-16-be")):
        postings, last = [], 0
        counted = counts.pop(word)
        for number, times in zip(counted[0::2], counted[1::2], strict=True):
            score = round(100 * (times >> 1) * (SATURATION + 1) / ((times >> 1) + norms[number]))
            postings += (number - last, 2 * score + (times & 1))
            last = number
        entry = len(word) + 4 * len(postings)
        if shard and size + entry > WORD_FILE:
            write(writing, f"w{len(firsts) - 1}.json", as_json(shard), files)
            shard, size = {}, 0
        if not shard:
            firsts.append(word)
        shard[word] = postings
        size += entry
    if shard:
        write(writing, f"w{len(firsts) - 1}.json", as_json(shard), files)
    version = files.hexdigest()[:16]
    writing.rename(into / version)
    (into / "index.json").write_bytes(as_json({"pages": len(lengths), "later": later, "version": version,
                                               "words": firsts}))


def write(folder: Path, name: str, data: bytes, files: hashlib._Hash) -> None:
    (folder / name).write_bytes(data)
    files.update(f"{name}\0{len(data)}\0".encode())
    files.update(data)


def as_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
