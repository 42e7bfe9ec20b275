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
- `<v>/d/<n>.json`: page n: {"u": address from the site root, "t": title, "d": date, "x": text to cut
  the excerpt from}.
Pages are numbered newest first, so equal scores list the newer page first.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from .errors import PinganError
from .pagecache import copy_tree

FOLDER = "search-index"
FORMAT = "1"  # part of the cache key: bump when the files change shape
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
START = re.compile(r"<article\b[^>]*\sdata-pa-search[\s>]")  # templates mark the indexed part


@dataclass(frozen=True)
class Doc:
    """One indexed page: its address from the site root, title, ISO date ('' if none), the text searched
    and the part of it excerpts are cut from (without the title and the header: date, source, authors)."""
    url: str
    title: str
    date: str
    text: str
    body: str


def extract(html: str, url: str) -> Doc | None:
    """The indexed part of a built page (None when the page has none), without parts marked to skip."""
    found = START.search(html)
    if found is None:
        return None
    end = html.find("</article>", found.end())  # indexed articles hold no article (bodies are sanitised)
    part = lxml.html.fragment_fromstring(html[found.start():end + len("</article>")])
    for skipped in part.xpath(".//*[@data-pa-search-ignore]"):
        skipped.drop_tree()
    title = " ".join(part.xpath("string(.//h1)").split())
    date = (part.xpath(".//time/@datetime") or [""])[0][:10]
    text = " ".join(part.text_content().split())
    for header in part.xpath(".//header | .//h1"):
        header.drop_tree()
    return Doc(url, title, date, text, " ".join(part.text_content().split()))


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


def write_index(docs: Iterable[Doc], target: Path) -> None:
    """Write the index of `docs` into `target` (a new folder).

    Streams: each page's text is cut into pieces and written out as it comes, so only the page lists are
    held (not every page's text); pages are renumbered newest first at the end.
    """
    postings: dict[str, array[int]] = {}
    listed: list[tuple[str, str, str]] = []  # (date, url, title) in the order read
    scratch = target / "scratch"
    scratch.mkdir(parents=True)
    for read, doc in enumerate(docs):
        counts = pieces(doc.text)
        for piece, count in pieces(doc.title).items():
            counts[piece] += count * (TITLE_WEIGHT - 1)  # the title is part of the text already
        for piece, count in counts.items():
            row = postings.get(piece)
            if row is None:
                postings[piece] = row = array("I")
            row.append(read << 8 | min(count, 255))
        (scratch / f"{read}.json").write_text(
            json.dumps({"u": doc.url, "t": doc.title, "d": doc.date, "x": doc.body}, ensure_ascii=False,
                       separators=(",", ":")), encoding="utf-8")
        listed.append((doc.date, doc.url, doc.title))
    order = sorted(range(len(listed)), key=lambda i: listed[i][:2], reverse=True)  # newest first
    number = [0] * len(listed)
    for new, read in enumerate(order):
        number[read] = new
    size = sum(len(piece) * 3 + 2 + 3 * len(row) for piece, row in postings.items())
    buckets = 1
    while size / buckets > BUCKET_BYTES:
        buckets *= 2
    chunks = [bytearray() for _ in range(buckets)]
    for piece in sorted(postings):
        out = chunks[bucket_of(piece, buckets)]
        encoded = piece.encode("utf-8")
        _varint(len(encoded), out)
        out += encoded
        row = postings.pop(piece)
        _varint(len(row), out)
        previous = 0
        for entry in sorted(number[e >> 8] << 8 | e & 0xFF for e in row):
            _varint((entry >> 8) - previous, out)
            out.append(entry & 0xFF)
            previous = entry >> 8
    version = hashlib.sha256(b"".join(hashlib.sha256(c).digest() for c in chunks)
                             + repr([listed[i] for i in order]).encode()).hexdigest()[:16]
    (target / version / "b").mkdir(parents=True)
    for k, chunk in enumerate(chunks):
        (target / version / "b" / f"{k}.bin").write_bytes(bytes(chunk))
    for read, new in enumerate(number):
        (scratch / f"{read}.json").rename(scratch / f"_{new}.json")  # no name of the first kind is reused
    for new in range(len(number)):
        (scratch / f"_{new}.json").rename(scratch / f"{new}.json")
    scratch.rename(target / version / "d")
    (target / "meta.json").write_text(json.dumps({"v": version, "buckets": buckets, "docs": len(number)}),
                                      encoding="utf-8")


def build(site_dir: Path, pages: list[str], key: str | None = None, cache_dir: Path | None = None) -> bool:
    """Index the built pages `pages` (paths under `site_dir` of pages marked for search) into search-index/.

    With `cache_dir`, the index of the same indexed pages (`key`, from the page fingerprints) is reused.
    Returns whether it was reused.
    """
    target = site_dir / FOLDER
    if key is not None and cache_dir is not None and (cache_dir / key / "meta.json").is_file():
        copy_tree(cache_dir / key, target)
        return True
    if target.exists():
        shutil.rmtree(target)  # a site built in place (not staged) holds the last index
    write_index((_read(site_dir, rel) for rel in pages), target)
    if key is not None and cache_dir is not None:
        if cache_dir.exists():
            shutil.rmtree(cache_dir)  # one index is kept: the last one built
        copy_tree(target, cache_dir / key)
    return False


def _read(site_dir: Path, rel: str) -> Doc:
    doc = extract((site_dir / rel).read_text(encoding="utf-8"), rel.removesuffix("index.html"))
    if doc is None:
        raise PinganError(f"生成搜索索引失败：{rel} 里没有标记要搜索的正文（data-pa-search），请检查模板。")
    return doc
