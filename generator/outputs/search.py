"""站内搜索's index: Chinese character bigrams in hash-chunked files, built from the pages marked for search.

A query is cut the way the text was: runs of Chinese characters into overlapping two-character pieces
("调解员" → "调解", "解员"), runs of letters and digits into words. A page matches when it holds every piece
of the query; the browser downloads only the chunks holding those pieces (a few KB each), then one small
file per result it shows. This is the bigram method search engines use for Chinese without a dictionary:
it finds any two-or-more-character word, names included, and never misses a word a dictionary does not know.

Files under `search-index/` (read by theme/assets/javascripts/pingan-search.js):
- `meta.json`: {"v": version, "buckets": B, "docs": N}; version is a hash of the index, so a browser
  never mixes chunks of two builds.
- `<v>/b/<k>.bin`: the pieces whose CRC-32 modulo B is k, sorted; each piece is
  varint(byte length), UTF-8 bytes, varint(page count), then per page varint(page number − previous)
  and one weight byte (occurrences, title occurrences counting 8 times, at most 255).
- `<v>/d/<n>.json`: page n: {"u": address from the site root, "t": title, "d": date, "k": what kind of page
  (新闻, 案例, 调解员…; left out when the page does not say), "x": text to cut
  the excerpt from}.
- `<v>/fold.json`: {traditional character: simplified} for the characters the index holds (調 → 调): a query
  typed in traditional characters (調解) that finds nothing is searched again in simplified ones. Fetched only then.
Pages are numbered newest first, so equal scores list the newer page first.

Building: each page's entry (its pieces with their weights, and its result file's fields) is cut where the
page is rendered (render/loop.py, in whichever render process made the page) and kept in the cache by page
fingerprint; the index is then written from the kept entries. A page copied from the page cache whose entry is
gone (an old cache) is read back and cut here.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lxml.html

from ..errors import PinganError

if TYPE_CHECKING:
    from ..publish.cache import Store
    from ..publish.writer import Writer

FOLDER = "search-index"
FORMAT = "2"  # part of the cache key: bump when the files change shape
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # pingan-search.js cuts queries with the same ranges
BIGRAMS = re.compile(f"(?=([{CJK}]{{2}}))")
LATIN = re.compile(r"[0-9A-Za-z]+")
# Text made only of these needs no NFKC normalisation for its pieces: ASCII, Chinese characters and the
# punctuation Chinese text uses (their normalised forms are separators too). Anything else (full-width
# letters and digits, compatibility ideographs, ①) is normalised first, as the browser normalises queries.
PLAIN = re.compile("[^\u0000-\u007f\u00b7\u00d7\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
                   "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
TITLE_WEIGHT = 8
BUCKET_BYTES = 16_000  # aim for chunks of about this size: a query fetches one per piece
# Elements whose text is set apart from what follows on the page, and so in the searched text.
BLOCKS = ("p", "div", "li", "dt", "dd", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "figcaption",
          "blockquote", "pre", "section", "header", "footer", "time", "caption")
# What a fact box's label and value end with in the text excerpts are cut from: 纠纷类型：合同；地区：古城乡；
_END = {"dt": "：", "dd": "；"}
_AFTER_MARK = re.compile(r"(?<=[：；。！？，、）」』”]) ")  # Chinese punctuation is followed by no space
_OPEN_END = re.compile(r"[\w）)”’」』》]\s*$")  # text that ends without punctuation
# Templates mark the indexed part, with what kind of page it is (data-pa-search="案例"), said in the results.
START = re.compile(r"<article\b[^>]*\sdata-pa-search(?:=\"([^\"<>]*)\")?[\s>]")


@dataclass(frozen=True)
class Doc:
    """One indexed page: its address from the site root, title, ISO date ('' if none), the text searched
    and the part of it excerpts are cut from (without the title and the header: date, source, authors)."""
    url: str
    title: str
    date: str
    text: str
    body: str
    kind: str = ""  # 新闻, 案例, 调解员…: what the page is, as its template says


def extract(html: str, url: str) -> Doc | None:
    """The indexed part of a built page (None when the page has none), without parts marked to skip."""
    found = START.search(html)
    if found is None:
        return None
    end = html.find("</article>", found.end())  # indexed articles hold no article (bodies are sanitised)
    part = lxml.html.fragment_fromstring(html[found.start():end + len("</article>")])
    # a footnote's number in the text (307[^a]起 is 307起) and the arrow back from the note are no words
    for skipped in part.xpath(".//*[@data-pa-search-ignore] | .//sup[starts-with(@id, 'fnref')]"
                              " | .//a[@class='footnote-backref']"):
        skipped.drop_tree()
    for block in part.iter(*BLOCKS):  # a label and its value (<dt>地区</dt><dd>古城乡</dd>) are two words, not one
        block.tail = _END.get(block.tag, " ") + (block.tail or "")
    for heading in part.iter("h2", "h3", "h4", "h5", "h6"):  # a subheading ends where the text after it starts
        if _OPEN_END.search(heading.text_content()):
            heading.tail = "：" + (heading.tail or "")
    title = " ".join(part.xpath("string(.//h1)").split())
    date = (part.xpath(".//time/@datetime") or [""])[0][:10]
    text = _words(part.text_content())
    for header in part.xpath(".//header | .//h1"):
        header.drop_tree()
    return Doc(url, title, date, text, _words(part.text_content()), found[1] or "")


def _words(text: str) -> str:
    """Runs of white space as one space, and none after Chinese punctuation (a label's colon, a sentence's end)."""
    return _AFTER_MARK.sub("", " ".join(text.split()))


def pieces(text: str) -> Counter[str]:
    """The pieces of `text` with their counts: Chinese bigrams and lower-case letter/digit words."""
    if PLAIN.search(text):
        text = unicodedata.normalize("NFKC", text)
    counts = Counter(BIGRAMS.findall(text))
    counts.update(word.lower() for word in LATIN.findall(text))
    return counts


def _varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)


def bucket_of(piece: str, buckets: int) -> int:
    return zlib.crc32(piece.encode("utf-8")) % buckets


def entry(doc: Doc) -> dict[str, Any]:
    """A page as the index takes it: its result file's fields, and its pieces ("p", one per line) with their
    weights ("w": occurrences, the title's counting TITLE_WEIGHT times, at most 255). Plain JSON, so the
    entries of unchanged pages can be kept between builds."""
    counts = pieces(doc.text)
    for piece, count in pieces(doc.title).items():
        counts[piece] += count * (TITLE_WEIGHT - 1)  # the title is part of the text already
    kept = {"u": doc.url, "t": doc.title, "d": doc.date, "x": doc.body, "p": "\n".join(counts),
            "w": [min(count, 255) for count in counts.values()]}
    return kept | {"k": doc.kind} if doc.kind else kept


def write_index(count: int, read: Callable[[int], dict[str, Any]], target: Path) -> None:
    """Write the index of `count` pages into `target` (a new folder); `read(i)` gives page i's entry (see `entry`).

    Each entry is read twice and none is held: first for its date and address, which number the pages newest
    first, then in that order, each page's pieces appended to their postings as the chunks store them (page
    number deltas only grow, so the postings are built in their final bytes: about half what a list of numbers
    would take, and nothing to sort).
    """
    listed: list[tuple[str, str, str]] = []  # (date, url, title) by i
    for i in range(count):
        page = read(i)
        listed.append((page["d"], page["u"], page["t"]))
    order = sorted(range(count), key=lambda i: listed[i][:2], reverse=True)  # newest first
    postings: dict[str, bytearray] = {}
    last: dict[str, int] = {}  # piece -> number of the last page appended to its postings
    pages: dict[str, int] = {}  # piece -> how many pages hold it
    results = target / "d.new"
    results.mkdir(parents=True)
    for number, i in enumerate(order):
        page = read(i)
        for piece, weight in zip(page["p"].split("\n") if page["p"] else [], page["w"], strict=True):
            row = postings.get(piece)
            if row is None:
                postings[piece] = row = bytearray()
                last[piece] = pages[piece] = 0
            pages[piece] += 1
            _varint(number - last[piece], row)
            row.append(weight)
            last[piece] = number
        (results / f"{number}.json").write_text(
            json.dumps({"u": page["u"], "t": page["t"], "d": page["d"], "x": page["x"]}
                       | ({"k": page["k"]} if page.get("k") else {}), ensure_ascii=False,
                       separators=(",", ":")), encoding="utf-8")
    size = sum(len(piece) * 3 + 2 + 3 * held for piece, held in pages.items())  # bytes, about
    buckets = 1
    while size / buckets > BUCKET_BYTES:
        buckets *= 2
    chunks = [bytearray() for _ in range(buckets)]
    for piece in sorted(postings):
        out = chunks[bucket_of(piece, buckets)]
        encoded = piece.encode("utf-8")
        _varint(len(encoded), out)
        out += encoded
        _varint(pages[piece], out)
        out += postings.pop(piece)
    version = hashlib.sha256(b"".join(hashlib.sha256(c).digest() for c in chunks)
                             + repr([listed[i] for i in order]).encode()).hexdigest()[:16]
    (target / version / "b").mkdir(parents=True)
    for k, chunk in enumerate(chunks):
        (target / version / "b" / f"{k}.bin").write_bytes(bytes(chunk))
    results.rename(target / version / "d")
    (target / version / "fold.json").write_text(json.dumps(folding(pages), ensure_ascii=False, sort_keys=True,
                                                           separators=(",", ":")), encoding="utf-8")
    (target / "meta.json").write_text(json.dumps({"v": version, "buckets": buckets, "docs": count}),
                                      encoding="utf-8")


@functools.cache
def _to_traditional() -> Any:
    """OpenCC's converter, made once a process (its dictionaries take about 60 ms to load: the preview's
    rebuilds and a run of builds in one process load them once)."""
    import opencc

    return opencc.OpenCC("s2t")


def folding(pieces: Iterable[str]) -> dict[str, str]:
    """{traditional: simplified} for each Chinese character of `pieces` whose traditional form differs (OpenCC's
    s2t, one character at a time; 发 gives 發, the form a reader is likeliest to type)."""
    chars = sorted(c for c in set("".join(pieces)) if "\u3400" <= c <= "\u9fff")  # the join: C speed
    if not chars:
        return {}
    traditional = _to_traditional().convert("\n".join(chars)).split("\n")
    return {t: s for s, t in zip(chars, traditional, strict=True) if len(t) == 1 and t != s}


def build(writer: Writer, pages: list[str], key: str, cache_dir: Path, fingerprints: dict[str, str] | None = None,
          store: Store | None = None, cut: set[str] | None = None) -> int | None:
    """Index the pages `pages` (paths under the site folder of pages marked for search) into search-index/.

    The index is written into `cache_dir/key` (`key` from the indexed pages' fingerprints) and handed to
    `writer`, which links its files into the site; when that folder exists already, the same pages were indexed
    before and it is reused whole. Otherwise the entries kept in `store` by page fingerprint (`fingerprints`:
    path -> page fingerprint) are taken, those of the pages just rendered among them, and only pages without one
    are read back from the site and cut (`cut`: the fingerprints of the pages whose entries were cut in this
    build). Returns None when the whole index was reused, else how many pages' entries were kept from earlier
    builds.
    """
    folder = cache_dir / key
    reused: int | None = None
    if not (folder / "meta.json").is_file():
        for old in cache_dir.iterdir() if cache_dir.is_dir() else []:  # one index is kept: the last one built
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old)
            else:  # a file or link someone left there (never followed)
                old.unlink()
        kept = _Entries(store, fingerprints or {}, cut or set())
        writer.flush()  # pages without a kept entry are read back
        made = cache_dir / f"{key}.new"
        write_index(len(pages), lambda i: kept.get(writer.site_dir, pages[i]), made)
        made.rename(folder)  # complete or absent: meta.json is only found in a finished index
        kept.prune()
        reused = kept.reused
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            writer.link(f"{FOLDER}/{path.relative_to(folder).as_posix()}", path)
    return reused


class _Entries:
    """Index entries of pages by page fingerprint, kept in `store`, pruned to the pages of the last index
    (`fingerprints`, path -> fingerprint, names every page indexed). The index reads each entry twice: a page
    read back and cut is kept at once, so it is cut only once."""

    KIND = "search"

    def __init__(self, store: Store | None, fingerprints: dict[str, str], cut: set[str]) -> None:
        self.store = store
        self.fingerprints = fingerprints
        self.cut = cut
        self.known = store.keys(self.KIND) if store is not None else set()
        self.made: dict[str, dict[str, Any]] = {}  # pages cut here that the store cannot keep, by path
        self.counted: set[str] = set()  # fingerprints of the pages found kept
        self.reused = 0

    def find(self, rel: str) -> dict[str, Any] | None:
        """The kept entry of page `rel`, or None."""
        fingerprint = self.fingerprints.get(rel)
        if self.store is None or fingerprint not in self.known:
            return self.made.get(rel)
        data = self.store.get(self.KIND, fingerprint)
        try:
            found: dict[str, Any] = json.loads(data) if data is not None else {}
        except ValueError:  # damaged: cut again
            return None
        if found.get("u") != rel.removesuffix("index.html"):
            return None
        if fingerprint not in self.counted:
            self.counted.add(fingerprint)
            self.reused += fingerprint not in self.cut
        return found

    def keep(self, rel: str, made: dict[str, Any]) -> None:
        fingerprint = self.fingerprints.get(rel)
        if self.store is not None and fingerprint is not None:
            keep_entry(self.store, fingerprint, made)
            self.known.add(fingerprint)
            self.cut.add(fingerprint)  # cut in this build, not reused
        else:
            self.made[rel] = made

    def get(self, site_dir: Path, rel: str) -> dict[str, Any]:
        found = self.find(rel)
        if found is not None:
            return found
        made = _read(site_dir, rel)
        self.keep(rel, made)
        return made

    def prune(self) -> None:
        if self.store is not None:
            self.store.keep_only(self.KIND, set(self.fingerprints.values()))


def page_entry(html: str, url: str) -> dict[str, Any]:
    """The index entry of the page at `url` (its address from the site root) from the page's HTML."""
    doc = extract(html, url)
    if doc is None:
        raise PinganError(f"生成搜索索引失败：{url}index.html 里没有标记要搜索的正文（data-pa-search），请检查模板。")
    return entry(doc)


def keep_entry(store: Store, fingerprint: str, made: dict[str, Any]) -> None:
    """Keep the entry `made` of the page whose fingerprint is `fingerprint` (as _Entries finds it)."""
    store.put(_Entries.KIND, fingerprint, json.dumps(made, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


class Cut:
    """Keeps the entries of the pages a build renders, as the page loop hands them over, and notes which."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.fingerprints: set[str] = set()

    def add(self, fingerprint: str, made: dict[str, Any]) -> None:
        keep_entry(self.store, fingerprint, made)
        self.fingerprints.add(fingerprint)


def _read(site_dir: Path, rel: str) -> dict[str, Any]:
    return page_entry((site_dir / rel).read_text(encoding="utf-8"), rel.removesuffix("index.html"))
