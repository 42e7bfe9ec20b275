"""What the content linter lets through, and how: links rewritten, safe HTML kept, clean SVG published."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import html

from generator.build import build
from generator.cli import main

from .conftest import BASE_CONFIG, NOW, SiteMaker, kept, story


def _body(out: Path, url: str) -> html.HtmlElement:
    doc = html.fromstring((out / url / "index.html").read_bytes())
    return doc.xpath("//div[contains(@class,'pa-article__body')]")[0]


def test_links_to_story_files_become_page_links(make_site: SiteMaker) -> None:
    cfg = make_site({
        "content/news/2021/a.md": story("a", body="见[第二篇](../2022/b.md#zuofa)和[案例库](/news/)、[首页](/)。"),
        "content/news/2022/b.md": story("b", date="2022-03-01 09:00", body="## 做法 {#zuofa}\n\n正文。"),
    })
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    links = _body(out, "news/2021/09/13/a/").xpath(".//a/@href")
    assert links == ["../../../../2022/03/01/b/#zuofa", "../../../../", "../../../../../"]
    for href in links:
        assert (out / "news/2021/09/13/a" / href.split("#")[0] / "index.html").resolve().is_file()


def test_safe_html_is_kept_and_allowed_iframes_pass(make_site: SiteMaker) -> None:
    body = ("| 项目 | 数量 |\n|:--|--:|\n| 调解 | 12 |\n\n"
            '<figure class="note"><figcaption>说明</figcaption><p>原始 <strong>HTML</strong></p></figure>\n\n'
            '<iframe src="https://video.example.gov.cn/embed/1" title="宣传片"></iframe>\n\n'
            "脚注[^1]。\n\n[^1]: 来源说明。\n")
    cfg = make_site({"content/news/2021/a.md": story("a", body=body)},
                    config=BASE_CONFIG + "security:\n  iframe_hosts: [video.example.gov.cn]\n")
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    div = _body(out, "news/2021/09/13/a/")
    assert div.xpath(".//td[@style='text-align:right']/text()") == ["12"]
    assert div.xpath(".//figure[@class='note']/figcaption/text()") == ["说明"]
    assert div.xpath(".//iframe/@src") == ["https://video.example.gov.cn/embed/1"]
    assert div.xpath(".//sup/a/@href") == ["#fn:1"]


def test_clean_svg_is_published_as_is(make_site: SiteMaker) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"><rect width="300" height="150"/></svg>'
    cfg = make_site({"content/news/2021/a.md": story("a", body="![统计图](../../images/chart.svg)"),
                     "content/images/chart.svg": svg})
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    img = _body(out, "news/2021/09/13/a/").xpath(".//img")[0]
    assert (img.get("alt"), img.get("width"), img.get("height")) == ("统计图", "300", "150")
    assert (out / "news/2021/09/13/a" / img.get("src")).resolve().read_text() == svg


def test_missing_time_zone_is_said_once(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({"content/news/2021/a.md": story("a"), "content/news/2021/b.md": story("b"),
                     "content/news/2021/c.md": story("c", date="2021-09-13 08:30+08:00")})
    assert main(["check", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if "时区" in line] == [
        "说明：2 篇稿件的发布时间没有写时区，已按网站时区 Asia/Shanghai 理解。"]


def test_personal_data_never_reaches_the_terminal_whole(make_site: SiteMaker,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Even where a number lands in a field that echoes the value it found, only the masked form is shown."""
    cfg = make_site({"content/news/2021/a.md": story("a", extra="tags: 11010519491231002X\n")})
    assert main(["build", "--config", str(cfg)]) == 1
    captured = capsys.readouterr()
    assert "11010519491231002X" not in captured.out + captured.err
    assert "110*************2X" in captured.err


def test_check_writes_nothing_and_build_caches_qr_codes(make_site: SiteMaker) -> None:
    from .conftest import tree_bytes

    cfg = make_site({"content/news/2021/a.md": story("a")})
    before = tree_bytes(cfg.parent)
    assert main(["check", "--config", str(cfg)]) == 0
    assert tree_bytes(cfg.parent) == before
    build(cfg, cfg.parent / "site", now=NOW)
    cached = list(kept(cfg.parent, "qr").values())
    assert len(cached) == 1
    page = (cfg.parent / "site/news/2021/09/13/a/index.html").read_text(encoding="utf-8")
    assert cached[0].decode("utf-8") in page


def test_qr_codes_drawn_in_the_background_match_serial_ones(tmp_path: Path) -> None:
    from generator.pagecache import Store
    from generator.render.share import QRCodes, qr_svg

    urls = [f"https://pingan.example.gov.cn/news/2021/09/13/s{i}/" for i in range(210)]
    store = Store(tmp_path / ".pingan-cache" / "kept.sqlite", write=True)
    codes = QRCodes(store)
    codes.start(urls, workers=2)
    try:
        assert codes.pool is not None and len(codes.pending) + len(codes.drawn) == 210  # handed to the background
        drawn = [codes.svg(url) for url in (urls[-1], urls[0])]  # each waits for its own part only
        for _ in range(3000):  # every part finishes (bounded: 30 s): its codes are held compressed, the part let go
            if not codes.pending:
                break
            time.sleep(0.01)
        assert not codes.pending and len(codes.drawn) == 208
        assert all(len(data) < len(drawn[0]) / 2 for data in codes.drawn.values())
        drawn.append(codes.svg(urls[1]))
        assert codes.pool is None  # nothing left to draw: the processes ended when a code was next asked for
        drawn.append(codes.svg(urls[2]))  # the rest are still there
    finally:
        codes.close()
        store.commit()
    assert codes.pool is None and not codes.pending and not codes.drawn
    # the background drawing equals a fresh serial one
    assert drawn == [qr_svg(urls[-1]), qr_svg(urls[0]), qr_svg(urls[1]), qr_svg(urls[2])]
    assert sorted(kept(tmp_path, "qr").values()) == sorted(d.encode() for d in drawn)  # the four used are kept
    assert codes.svg(urls[5]) == qr_svg(urls[5])  # after close: drawn now
    store.commit()
    assert len(kept(tmp_path, "qr")) == 4 + 1
    assert QRCodes(store).svg(urls[0]) == drawn[1]  # read back from the store
    store.close()


def test_qr_codes_are_drawn_as_segno_draws_them() -> None:
    """qrmask.py scores the eight masks as arrays and qrfast.py makes the error correction, places the bits and
    writes the SVG as arrays: every score equals segno's own, and every code and SVG equals segno's."""
    import random

    import segno
    from segno import encoder

    from generator.render import qrfast, qrmask
    from generator.render.share import qr_svg

    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz0123456789-"
    urls = [f"https://pingan.example.gov.cn/news/{2015 + i % 12}/{1 + i % 12:02d}/{1 + i % 28:02d}/"
            + "".join(rng.choice(letters) for _ in range(rng.randint(1, 160 if i % 4 else 700))) + "/"
            for i in range(160)]
    seen: list[tuple[list[bytearray], int]] = []
    original = qrmask._ORIGINAL
    assert original is not None and all(qrfast._ORIGINAL.values())  # the segno pinned has the functions replaced

    def spy(matrix: tuple[bytearray, ...], width: int, height: int, proposed: int | None = None) -> object:
        if proposed is None:
            seen.append(([bytearray(row) for row in matrix], width))
        return original(matrix, width, height, proposed)

    options = {"scale": 4, "border": 2, "svgclass": "pa-qr", "title": "扫码在手机上阅读本文"}
    qrfast.uninstall()
    encoder.find_and_apply_best_mask = spy
    try:
        theirs = [segno.make(url, error="m", micro=False) for url in urls]
    finally:
        qrfast.uninstall()
    their_svgs = [code.svg_inline(**options, lineclass=None) for code in theirs]
    versions = {code.version for code in theirs}
    assert len(seen) == len(urls) and len(versions) >= 12 and max(versions) >= 20  # with version information
    masks = encoder.get_data_mask_functions(False)
    for matrix, width in seen[::8]:
        function = encoder.make_matrix(width, width)
        encoder.add_finder_patterns(function, width, width)
        encoder.add_alignment_patterns(function, width, width)
        function[-8][8] = 1
        expected = []
        for mask in masks:
            masked = [bytearray(row) for row in matrix]
            encoder.apply_mask(masked, mask, width, width, lambda i, j, f=function: f[i][j] > 1)
            expected.append(encoder.evaluate_mask(masked, width, width))
        assert qrmask.penalties(qrmask._masked(matrix, width)) == expected
    qrfast.install()
    ours = [segno.make(url, error="m", micro=False) for url in urls]
    assert [code.matrix for code in ours] == [code.matrix for code in theirs]
    assert [qrfast.svg(code.matrix, **options) for code in ours] == their_svgs
    assert len({code.mask for code in ours}) >= 6  # masks of many kinds chosen
    assert qr_svg(urls[0]) == their_svgs[0].replace("<svg ", '<svg role="img" aria-label="本文网址的二维码，用手机扫码阅读" ')
    assert encoder.find_and_apply_best_mask is not spy and encoder.add_codewords is qrfast._add_codewords


def test_qr_penalties_follow_segno_where_finder_like_patterns_overlap() -> None:
    """segno's search for 1:1:3:1:1 patterns skips one that starts inside the last it looked at; qrmask.py does
    that line by line only where two start less than seven modules apart. Random matrices full of such
    patterns (overlapping by 4 and by 6 modules) score as segno scores them."""
    import numpy as np
    from segno import encoder

    from generator.render import qrmask

    rng = np.random.default_rng(3)
    pattern = np.array([1, 0, 1, 1, 1, 0, 1], dtype=np.uint8)
    for _ in range(150):
        size = int(rng.integers(21, 58))
        matrix = (rng.random((size, size)) < 0.5).astype(np.uint8)
        for _ in range(size):
            row, col = int(rng.integers(0, size)), int(rng.integers(0, size - 7))
            matrix[row, col:col + 7] = pattern
            for shift in (4, 6):
                if col + shift + 7 <= size and rng.random() < 0.5:
                    matrix[row, col + shift:col + shift + 7] = pattern
        rows = tuple(bytearray(row.tobytes()) for row in matrix)
        assert qrmask.penalties(matrix[None]) == [encoder.evaluate_mask(rows, size, size)]
