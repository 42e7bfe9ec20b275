"""The search index (generator/outputs/search.py): pieces, chunk files read back, ranking data, determinism."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.errors import PinganError
from generator.outputs import search
from generator.outputs.search import Doc, entry, pieces, write_index
from generator.publish.writer import Writer

REPO = Path(__file__).resolve().parent.parent


def _write(docs: list[Doc], target: Path) -> None:
    entries = [entry(doc) for doc in docs]
    write_index(len(entries), entries.__getitem__, target)


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def read_index(folder: Path) -> tuple[dict[str, list[tuple[int, int]]], list[dict[str, str]]]:
    """Every piece with its (page number, weight) list, and the pages: decoded as the browser does."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    postings: dict[str, list[tuple[int, int]]] = {}
    for k in range(meta["buckets"]):
        data = (folder / meta["v"] / "b" / f"{k}.bin").read_bytes()
        at = 0
        while at < len(data):
            length, at = _varint(data, at)
            piece = data[at:at + length].decode("utf-8")
            assert search.bucket_of(piece, meta["buckets"]) == k  # the browser looks for it in this chunk only
            count, at = _varint(data, at + length)
            row, doc = [], 0
            for _ in range(count):
                delta, at = _varint(data, at)
                doc += delta
                row.append((doc, data[at]))
                at += 1
            postings[piece] = row
    docs = [json.loads((folder / meta["v"] / "d" / f"{n}.json").read_text(encoding="utf-8"))
            for n in range(meta["docs"])]
    return postings, docs


def test_pieces_are_bigrams_and_words() -> None:
    assert pieces("调解员 App，２０２４年") == {"调解": 1, "解员": 1, "app": 1, "2024": 1}  # NFKC, lower case
    assert pieces("网格员网格") == {"网格": 2, "格员": 1, "员网": 1}
    assert pieces("Ｐｉｎｇａｎ①号") == {"pingan1": 1}  # full-width letters and ① as the browser normalises them
    assert pieces("年") == {}  # single characters are not indexed (the search page says to type two)


def test_browser_cuts_queries_as_the_index_was_cut() -> None:
    script = (REPO / "theme/assets/javascripts/pingan-search.js").read_text(encoding="utf-8")
    found = re.search(r"var WORDS = /(.+?)/g;", script)
    assert found is not None
    assert found.group(1).encode().decode("unicode_escape") == f"[{search.CJK}]+|[0-9a-z]+"


def test_index_reads_back(tmp_path: Path) -> None:
    docs = [Doc("news/a/", "网格员走进千家万户", "2024-01-02", "网格员走进千家万户 调解纠纷", "调解纠纷"),
            Doc("news/b/", "人民调解", "2024-05-01", "人民调解 调解员调解调解", "调解员调解调解"),
            Doc("cases/c/", "案例", "", "qwerty 婚姻家庭", "qwerty 婚姻家庭")]
    _write(docs, tmp_path / "one")
    postings, pages = read_index(tmp_path / "one")
    assert [p["u"] for p in pages] == ["news/b/", "news/a/", "cases/c/"]  # newest first, undated last
    assert pages[0] == {"u": "news/b/", "t": "人民调解", "d": "2024-05-01", "x": "调解员调解调解"}
    assert dict(postings["调解"]) == {0: 4 + 7, 1: 1}  # the title's occurrence counts 8 times
    assert postings["解员"] == [(0, 1)]
    assert [d for d, _ in postings["网格"]] == [1] and postings["qwerty"] == [(2, 1)]
    assert "年" not in postings and "调" not in postings
    _write(list(reversed(docs)), tmp_path / "two")  # same pages in another order: the same files
    first = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert first == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert all((tmp_path / "one" / p).read_bytes() == (tmp_path / "two" / p).read_bytes() for p in first)


def test_the_index_folds_traditional_characters_it_holds_to_simplified(tmp_path: Path) -> None:
    """A reader who types 調解員 (as many taught before 1956 still write, or on a phone set to traditional input) found
    nothing: the index says how each traditional form of its characters is written here, for the query's second
    try (pingan-search.js), and nothing for characters the site never uses."""
    _write([Doc("news/a/", "网格员调解纠纷", "2024-01-02", "网格员调解纠纷", "调解纠纷")], tmp_path / "one")
    version = json.loads((tmp_path / "one" / "meta.json").read_text("utf-8"))["v"]
    fold = json.loads((tmp_path / "one" / version / "fold.json").read_text("utf-8"))
    assert {fold[t] for t in "網員調糾紛"} == set("网员调纠纷") and "解" not in fold and "格" not in fold
    assert "發" not in fold  # 发 is not in the index


def test_large_index_is_split_into_small_chunks(tmp_path: Path) -> None:
    words = [chr(0x4E00 + i) + chr(0x4E00 + i + 1) for i in range(0, 4000, 2)]
    docs = [Doc(f"news/{n}/", f"标题{n}", f"2024-01-{n % 28 + 1:02d}", " ".join(words[n % 7::7]), "") for n in range(300)]
    _write(docs, tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    sizes = [p.stat().st_size for p in (tmp_path / meta["v"] / "b").iterdir()]
    assert meta["buckets"] >= 4 and max(sizes) < 3 * search.BUCKET_BYTES
    postings, _ = read_index(tmp_path)
    assert len(postings[words[0]]) == len(range(0, 300, 7))


def test_page_without_marked_part_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x/index.html").write_text("<html><body><article><h1>标题</h1></article></body></html>",
                                           encoding="utf-8")
    with pytest.raises(PinganError, match="x/index.html"), Writer(tmp_path) as writer:
        search.build(writer, ["x/index.html"], "k", tmp_path / "cache")
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").glob("k*/meta.json"))



def test_labels_and_values_are_separate_words_in_the_searched_text() -> None:
    """A fact box's <dt>地区</dt><dd>古城乡</dd> reads "地区：古城乡；" in a result's excerpt, not "地区古城乡", and
    makes no piece across the two ("区古")."""
    doc = search.extract('<main><article class="x" data-pa-search><h1>假种子纠纷</h1><dl><div><dt>纠纷类型</dt>'
                         '<dd>合同</dd></div><div><dt>地区</dt><dd>古城乡</dd></div></dl><p>调解成功。</p><p>退还'
                         '<b>买种钱</b>。</p></article></main>', "cases/x/")
    assert doc is not None
    assert doc.body == "纠纷类型：合同；地区：古城乡；调解成功。退还买种钱。"  # read as a sentence in an excerpt
    sub = search.extract('<article data-pa-search><h1>题</h1><h2>为什么值得关注</h2><p>全国模范。</p><h2>还有吗？</h2>'
                         '<p>有。</p></article>', "news/x/")
    assert sub is not None and sub.body == "为什么值得关注：全国模范。还有吗？有。"  # a subheading ends
    assert "区古" not in entry(doc)["p"].split("\n") and "还买" in entry(doc)["p"].split("\n")


def test_a_result_says_what_kind_of_page_it_is() -> None:
    """Results mix news, cases and mediators: each says which it is (the page marks itself), and a case its month."""
    doc = search.extract('<article data-pa-search="案例"><h1>假种子纠纷</h1><dl><div><dt>时间</dt><dd>'
                         '<time datetime="2023-11">2023年11月</time></dd></div></dl><p>退钱了。</p></article>', "cases/x/")
    assert doc is not None and doc.kind == "案例" and doc.date == "2023-11"
    assert entry(doc)["k"] == "案例"
    plain = search.extract("<article data-pa-search><h1>题</h1><p>文。</p></article>", "news/x/")
    assert plain is not None and plain.kind == "" and "k" not in entry(plain)
