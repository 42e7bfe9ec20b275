"""What the content linter lets through, and how: links rewritten, safe HTML kept, clean SVG published."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from lxml import etree, html

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


def test_missing_time_zone_is_said_once_where_the_site_is_not_on_beijing_time(
        make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    """Every story `pingan new` writes has no zone: on Beijing time (the default) that is no news to the clerk, and
    was said on every check; a site set to another zone is told, once, how its times were read."""
    files = {"content/news/2021/a.md": story("a"), "content/news/2021/b.md": story("b"),
             "content/news/2021/c.md": story("c", date="2021-09-13 08:30+08:00")}
    cfg = make_site(files)
    assert main(["check", "--config", str(cfg)]) == 0
    assert "时区" not in capsys.readouterr().out
    config = cfg.read_text(encoding="utf-8")
    assert "timezone" not in config
    cfg.write_text(config.replace("site:\n", "site:\n  timezone: Asia/Urumqi\n", 1), encoding="utf-8")
    assert main(["check", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if "时区" in line] == [
        "说明：2 篇稿件的发布时间没有写时区，已按网站时区 Asia/Urumqi 理解。"]


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


def test_qr_codes_are_kept_by_address_and_read_back(tmp_path: Path) -> None:
    """The page loop's codes: drawn once per address and kept; the next build reads them back instead of drawing;
    a read-only store (`pingan check`, the preview's quick page) draws but keeps nothing."""
    from generator.publish.cache import Store
    from generator.render import share
    from generator.render.loop import Codes
    from generator.render.spec import PageSpec

    base = "https://pingan.example.gov.cn/"
    urls = [f"{base}news/2021/09/13/s{i}/" for i in range(3)]
    store = Store(tmp_path / ".pingan-cache" / "kept.sqlite", write=True)
    codes = Codes(store, base)
    drawn = [codes.draw(url) for url in urls]
    assert drawn == [share.qr_svg(url) for url in urls] and len(set(drawn)) == 3
    store.commit()
    assert sorted(kept(tmp_path, "qr").values()) == sorted(d.encode() for d in drawn)
    store.close()

    store = Store(tmp_path / ".pingan-cache" / "kept.sqlite", write=True)
    again = Codes(store, base)
    specs = [PageSpec(url.removeprefix(base), "稿件", "story.html", {}) for url in urls[:2]]
    specs.append(PageSpec("news/", "新闻", "list.html", {}))
    assert again.of(specs) == {urls[0]: drawn[0], urls[1]: drawn[1]}  # story pages' kept codes only
    store.close()

    read_only = Store(tmp_path / ".pingan-cache" / "kept.sqlite", write=False)
    other = f"{base}news/2021/09/14/new/"
    assert Codes(read_only, base).draw(other) == share.qr_svg(other)
    read_only.close()
    assert len(kept(tmp_path, "qr")) == 3


# Addresses of every kind a page shows a code for: a short one, a story's, one with Chinese percent-encoded,
# and a long one (version 7 and up carry version information blocks).
QR_URLS = [
    "https://a.cn/",
    "https://pingan.example.gov.cn/news/2024/05/01/wuwei-tiaojie-123/",
    "https://pingan.example.gov.cn/search/?q=" + quote("枫桥经验 矛盾纠纷就地化解"),
    "https://pingan.example.gov.cn/news/2024/05/01/" + "-".join(f"tiaojie{i}" for i in range(60)) + "/",
]
QR_FORMAT_MASK = 0b101010000010010  # XOR-ed onto the format information (ISO/IEC 18004, 7.9)


def _modules(svg: str) -> tuple[Any, int, set[tuple[int, int]]]:
    """The parsed `svg`, its side in modules (without the border) and its dark modules as (row, column), read
    from the one path the way a browser draws it: each `h` is a line one module thick through the row's middle."""
    root = etree.fromstring(svg)
    (path,) = root.findall("path")
    assert path.get("transform") == "scale(4)" and path.get("stroke") == "#000" and path.get("stroke-width") is None
    d = path.get("d")
    assert re.fullmatch(r"(?:[Mm]-?\d+(?:\.\d+)? -?\d+(?:\.\d+)?h\d+)+", d)
    border = 2
    side = int(root.get("width").removesuffix("px")) // 4 - 2 * border
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for move, dx, dy, length in re.findall(r"([Mm])(-?[\d.]+) (-?[\d.]+)h(\d+)", d):
        x, y = (float(dx), float(dy)) if move == "M" else (x + float(dx), y + float(dy))
        row = y - 0.5 - border
        assert row == int(row) and x == int(x)
        dark.update((int(row), col) for col in range(int(x) - border, int(x) - border + int(length)))
        x += int(length)
    assert all(0 <= r < side and 0 <= c < side for r, c in dark)
    return root, side, dark


def _dark(matrix: tuple[bytearray, ...]) -> set[tuple[int, int]]:
    return {(r, c) for r, row in enumerate(matrix) for c, module in enumerate(row) if module}


def _format(dark: set[tuple[int, int]]) -> tuple[str, int]:
    """Error correction level and data mask, read from a code's format information beside its top-left finder."""
    cells = [(8, c) for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [(r, 8) for r in (7, 5, 4, 3, 2, 1, 0)]
    bits = int("".join("1" if cell in dark else "0" for cell in cells), 2) ^ QR_FORMAT_MASK
    return {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}[bits >> 13], (bits >> 10) & 0b111


def test_qr_code_is_segnos_code_with_the_fixed_mask() -> None:
    """The drawn modules are segno's code of the address with error correction M and the fixed mask, and the
    code's own format information says so (the reader is checked on segno's codes with each of the 8 masks)."""
    import segno

    from generator.render.share import QR_MASK, qr_svg

    for mask in range(8):
        assert _format(_dark(segno.make(QR_URLS[1], error="m", micro=False, mask=mask).matrix)) == ("M", mask)
    versions = set()
    for url in QR_URLS:
        _, side, dark = _modules(qr_svg(url))
        code = segno.make(url, error="m", micro=False, mask=QR_MASK)
        assert side == len(code.matrix) and dark == _dark(code.matrix), url
        assert _format(dark) == ("M", QR_MASK), url
        versions.add(code.version)
    assert len(versions) == len(QR_URLS) and max(versions) >= 7


def test_qr_code_is_the_same_every_time_and_in_every_process() -> None:
    import subprocess
    import sys

    from generator.render.share import qr_svg

    assert qr_svg(QR_URLS[2]) == qr_svg(QR_URLS[2])
    script = "import sys\nfrom generator.render.share import qr_svg\nsys.stdout.write(qr_svg(sys.argv[1]))"
    for seed in ("1", "2"):
        other = subprocess.run([sys.executable, "-c", script, QR_URLS[2]], capture_output=True, check=True,
                               env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"})
        assert other.stdout.decode("utf-8") == qr_svg(QR_URLS[2])


def test_qr_code_is_accessible_inline_svg() -> None:
    """Inline SVG for HTML5 (no XML declaration, namespace or id), named for screen readers, 4 px a module with
    a 2-module border, and a viewBox so the page's CSS box scales the code instead of cutting it off."""
    from generator.render.share import qr_svg

    for url in QR_URLS:
        svg = qr_svg(url)
        root, side, _ = _modules(svg)
        assert svg.startswith("<svg ") and "xmlns" not in svg and "<?xml" not in svg
        assert root.tag == "svg" and root.xpath("//@id") == []
        assert root.get("role") == "img" and root.get("aria-label") == "本文网址的二维码"
        assert root.get("class") == "pa-qr"
        assert root[0].tag == "title" and root[0].text == "本文网址的二维码"  # the same: said once
        width = (side + 2 * 2) * 4
        assert (root.get("width"), root.get("height")) == (f"{width}px", f"{width}px")
        assert root.get("viewBox") == f"0 0 {width} {width}"
    assert _modules(qr_svg(QR_URLS[1]))[0].get("width") == "164px"  # a story's address: version 5, as on the pages today


def test_qr_code_scans_back_to_its_address(tmp_path: Path) -> None:
    """The SVG as a renderer draws it (librsvg) is read back by a QR decoder (zbar) as the address."""
    import shutil
    import subprocess

    from generator.render.share import qr_svg

    tools = [shutil.which("rsvg-convert"), shutil.which("zbarimg")]
    if None in tools:
        reason = "需要 rsvg-convert 和 zbarimg 读回二维码（apt-get install librsvg2-bin zbar-tools）"
        if os.environ.get("PINGAN_REQUIRE_BROWSER"):
            pytest.fail(f"CI 要求读回二维码，但找不到工具：{reason}")
        pytest.skip(reason)
    for n, url in enumerate(QR_URLS):
        svg = tmp_path / f"{n}.svg"
        png = tmp_path / f"{n}.png"
        # A standalone SVG file needs the namespace that an HTML page gives inline SVG.
        svg.write_text(qr_svg(url).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1), encoding="utf-8")
        subprocess.run(["rsvg-convert", "-b", "white", "-o", str(png), str(svg)], check=True, timeout=60)
        read = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)],
                              capture_output=True, timeout=60)
        assert read.returncode == 0, read.stderr.decode("utf-8", "replace")
        assert read.stdout.decode("utf-8").rstrip("\n") == url
