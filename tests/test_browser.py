"""In a real browser (Debian's Chromium via Playwright): Chinese search, 字号 switch, no outside requests."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import Report

from .test_build import built  # noqa: F401 - the module-scoped built site fixture

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]

if CHROMIUM is None:
    if os.environ.get("PINGAN_REQUIRE_BROWSER"):
        raise RuntimeError("CI 要求运行浏览器测试，但找不到 chromium（apt-get install chromium）")
    pytest.skip("需要 Debian 的 chromium 包（apt-get install chromium）", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A page closed while its pictures were still loading hangs up mid-reply: not an error of the site."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server(built: tuple[Path, Report]) -> Iterator[str]:  # noqa: F811
    handler = functools.partial(_Quiet, directory=str(built[0]))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


def _search(page: object, term: str) -> list[str]:
    """Type `term` into the search form every page has, submit, and return the result titles."""
    page.fill("#pa-q", term)  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.press("#pa-q", "Enter")  # type: ignore[attr-defined]
    # The status line says how many were found once the first results are listed.
    page.wait_for_function("""() => { const s = document.getElementById('pa-search-status');
        return s !== null && /找到|没有找到|暂时不能|太短/.test(s.textContent); }""", timeout=30000)  # type: ignore[attr-defined]
    return [t.strip() for t in page.locator(".pa-results__title").all_inner_texts()]  # type: ignore[attr-defined]


def test_search_finds_story_by_two_character_word_in_body(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    page.goto(server)
    # bravo's title lacks 调解; its body has it ("……排查调解的具体做法"), so bodies are searched. Pages with
    # the word in the title come first, so bravo is in the second five.
    assert "网格员走进千家万户" not in _search(page, "调解")
    page.click("#pa-search-more")
    page.wait_for_function("document.querySelectorAll('.pa-results__title').length > 5")
    assert "网格员走进千家万户" in page.locator(".pa-results__title").all_inner_texts()
    page.goto(server + "news/")
    titles = _search(page, "握手言和")  # words that appear in charlie's body only
    assert titles == ["调解室化解邻里纠纷"]
    assert page.locator("#pa-search-status").inner_text() == "找到 1 条包含“握手言和”的结果"
    assert page.locator(".pa-results__date time").get_attribute("datetime") == "2021-11-20"  # each result is dated
    assert "握手" in "".join(page.locator(".pa-results mark").all_inner_texts())  # the excerpt marks the words
    assert "调解室化解邻里纠纷" in _search(page, "实效")
    excerpt = page.locator(".pa-results__item", has_text="调解室化解邻里纠纷").locator(".pa-results__excerpt")
    assert excerpt.inner_text().startswith("……调解工作取得实效")  # starts after a full stop, not inside a word
    assert excerpt.inner_text().endswith("标签：人民调解 矛盾纠纷化解")  # two tags, not one word
    assert _search(page, "qwertyzz") == []
    assert page.locator("#pa-search-status").inner_text() == "没有找到包含“qwertyzz”的内容"
    assert page.locator("#pa-search-more").is_hidden()
    assert _search(page, "调解 握手言和") == ["调解室化解邻里纠纷"]  # every word of the query must be there
    # typed in traditional characters: found nothing, so searched again in simplified ones (and said so)
    assert _search(page, "握手言和 調解室") == ["调解室化解邻里纠纷"]
    assert page.locator("#pa-search-status").inner_text() == (
        "找到 1 条包含“握手言和 调解室”的结果（按简体字“握手言和 调解室”搜索，输入的是“握手言和 調解室”）")
    assert _search(page, "網格員 qwertyzz") == []
    assert page.locator("#pa-search-status").inner_text() == "没有找到包含“網格員 qwertyzz”的内容"
    assert _search(page, "年") == []
    assert page.locator("#pa-search-status").inner_text().startswith("“年”太短了")
    page.route("**/search-index/meta.json", lambda route: route.abort())
    assert _search(page, "调解") == []
    assert page.locator("#pa-search-status").inner_text() == "搜索暂时不能使用，请稍后再试，或按标签、地区浏览。"
    assert outside == []
    page.close()


def test_font_size_switch_applies_and_is_remembered(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "news/2021/09/13/alpha/")
    body = page.locator(".pa-article__body p").first

    def size() -> float:
        return float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))

    medium = size()
    page.click("button[data-pa-size=large]")
    large = size()
    assert large > medium
    assert page.get_attribute("button[data-pa-size=large]", "aria-pressed") == "true"
    page.goto(server + "news/2021/10/01/bravo/")
    assert size() == large  # remembered across pages
    page.click("button[data-pa-size=small]")
    assert size() < medium
    page.close()


# -- every page type of the sample site, as people see it (issue: accessibility and 适老化) ------------

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = Path(os.environ.get("PINGAN_SCREENSHOTS", REPO / "screenshots"))
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}
PAGE_TYPES = {
    "home": "", "column": "columns/gongzuo-dongtai/", "archive": "news/", "year": "news/2021/",
    "tag": "tags/changan-cup/", "region": "regions/xiuwu/", "article": "news/2021/09/13/wuwei-safe-cells-plan/",
    "cases": "cases/", "case": "cases/anlu-kaifaqu-investment-loss-2024/", "mediators": "mediators/",
    "mediator": "mediators/cairangdangzhi/", "honors": "honors/", "data": "data/", "404": "404.html",
    "case-unreported": "cases/gaotai-pumpkin-flood-2025/", "case-facet": "cases/region/gansu/",
    "region-notes": "regions/qingyang/", "sitemap": "sitemap/",
    "article-table": "news/2022/11/22/tianzhu-campaigns-2022/",  # a body's table: cards on a phone
}


def _served(site: Path) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 until the generator is closed; yields its address."""
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def sample(sample_site: Path) -> Iterator[str]:
    """The repository's sample site (built once for the run), served on 127.0.0.1."""
    yield from _served(sample_site.parent / "site")


def _axe_serious(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in results
            if v["impact"] in ("serious", "critical")]


def _small_text(page: object) -> list[list[object]]:
    """What a page shows in type under 16 px (the charts' SVG text aside, checked with the charts): on a phone,
    dates, sources, counts, notes and the footer are read by the same older readers as the text."""
    return page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null
        && !e.closest('svg') && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => [e.tagName + '.' + e.className, parseFloat(getComputedStyle(e).fontSize)])
        .filter(([, size]) => size < 16)""")  # type: ignore[attr-defined, no-any-return]


def _page(browser: object, base: str, width: str) -> tuple[object, list[str]]:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})  # type: ignore[attr-defined]
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    return page, outside


# Variants of a template checked at both widths already (a year's archive is the archive's list, a filtered case
# list the case library, a case without its outcome or a region with notes the case and region pages): on a phone
# only, where a page is narrowest (the suite's time goes to the browser).
VARIANTS = {"year", "case-facet", "case-unreported", "region-notes", "article-table"}


@pytest.mark.parametrize("kind, width", [(kind, width) for kind in PAGE_TYPES for width in WIDTHS
                                         if kind not in VARIANTS or width == "phone"])
def test_page_type(sample: str, browser: object, kind: str, width: str) -> None:
    """Fits the screen, images are sized before they load, headings in order, no serious axe finding."""
    page, outside = _page(browser, sample, width)
    page.goto(sample + PAGE_TYPES[kind])  # type: ignore[attr-defined]  # waits for the load event
    assert page.evaluate("document.documentElement.lang") == "zh-CN"  # type: ignore[attr-defined]
    overflow = page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width} width"
    unsized = page.evaluate("""[...document.querySelectorAll('main img')]
        .filter(i => !i.getAttribute('width') || !i.getAttribute('height') || !i.hasAttribute('alt'))
        .map(i => i.src)""")  # type: ignore[attr-defined]
    assert unsized == []
    levels = page.evaluate("""[...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
        .filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]))""")  # type: ignore[attr-defined]
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"heading levels skip: {levels}"
    assert _axe_serious(page) == []
    if width == "phone":
        assert _small_text(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width}.png"), full_page=True)  # type: ignore[attr-defined]
    assert outside == []
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_photo_in_a_story_body_stays_inside_the_text_column(server: str, browser: object, width: str) -> None:
    """A photo written in the body sits in a paragraph, whose first line is indented by two characters: it must
    start a block of its own, inside the text column, not be pushed past the screen's edge (a phone scrolled
    sideways by the indent)."""
    page, _ = _page(browser, server, width)
    page.goto(server + "news/2021/09/13/alpha/")  # type: ignore[attr-defined]
    box = page.evaluate("""(() => { const pic = document.querySelector('.pa-article__body picture img');
        const body = document.querySelector('.pa-article__body').getBoundingClientRect();
        const r = pic.getBoundingClientRect();
        return [r.left - body.left, body.right - r.right, r.width, r.height]; })()""")  # type: ignore[attr-defined]
    left, right, shown_width, shown_height = box
    assert left >= 0 and right >= 0, f"the photo sticks out of the text column by {-min(left, right)} px"
    assert shown_width > 0 and abs(shown_width / shown_height - 800 / 600) < 0.02  # shown whole, not squeezed
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")  # type: ignore[attr-defined]
    assert overflow <= 0, f"the story scrolls sideways by {overflow}px at {width} width"
    page.context.close()  # type: ignore[attr-defined]


def test_figures_on_the_data_page_stay_on_one_line_on_a_phone(sample: str, browser: object) -> None:
    """A number in the data tables is never broken across lines in a narrow column (1,3 / 99 on one line, 9 on the
    next): each value is laid out as one line box, at phone width."""
    page, outside = _page(browser, sample, "phone")
    page.goto(sample + "data/")  # type: ignore[attr-defined]
    lines = page.evaluate("""[...document.querySelectorAll('.pa-figures__value, .pa-figures td:not(.pa-figures__from) .pa-nobr')]
        .map(v => [v.textContent, v.getClientRects().length])""")  # type: ignore[attr-defined]
    assert len(lines) > 20 and any("," in text for text, _ in lines)
    assert sum(text == "1,399" for text, _ in lines) >= 2  # the figure, and the whole a computed rate is divided by
    assert [text for text, boxes in lines if boxes != 1] == []
    # nor a period (2014 / 年) or a column's name (统 / 计 / 期), whatever length the sources beside them have
    one_line = page.evaluate("""[...document.querySelectorAll('.pa-figures__period, .pa-figures thead th')]
        .map(v => { const r = document.createRange(); r.selectNodeContents(v);
                    return [v.textContent, new Set([...r.getClientRects()].map(b => Math.round(b.top))).size]; })""")  # type: ignore[attr-defined]
    assert len(one_line) > 40 and any("—" in text for text, _ in one_line)
    assert [text for text, rows in one_line if rows != 1] == []
    assert outside == []
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("elder", [False, True])
def test_every_figure_on_the_data_page_is_on_the_screen_of_a_phone(sample: str, browser: object, elder: bool) -> None:
    """On a phone each row of a data table stands as a card: every number, period and source is inside the screen
    (no table to swipe sideways, which older readers do not think of), each under its column's name; screen readers
    still get a table (ARIA roles, as the cards are not displayed as one)."""
    page, _ = _page(browser, sample, "phone")
    page.goto(sample + "data/")  # type: ignore[attr-defined]
    if elder:
        page.evaluate("localStorage.setItem('pa-elder', '1')")  # type: ignore[attr-defined]
        page.reload()  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.clientWidth")  # type: ignore[attr-defined]
    cells = page.evaluate("""[...document.querySelectorAll('.pa-figures-wrap td')].map(td => {
        const r = td.getBoundingClientRect();
        return [td.dataset.label, getComputedStyle(td, '::before').content, Math.round(r.left), Math.round(r.right)]; })""")  # type: ignore[attr-defined]
    assert len(cells) > 60 and {label for label, *_ in cells} >= {"统计期", "数值", "出处"}
    assert [c for c in cells if c[2] < 0 or c[3] > width] == []
    # the label is drawn, not read out: a screen reader takes the cell's header from the table
    assert all(before == f'"{label}：" / ""' for label, before, *_ in cells), cells[:3]
    roles = page.evaluate("""[...new Set([...document.querySelectorAll('.pa-figures-wrap table, .pa-figures-wrap tr,'
        + '.pa-figures-wrap td, .pa-figures-wrap th')].map(e => e.tagName + ':' + e.getAttribute('role')))].sort()""")  # type: ignore[attr-defined]
    assert roles == ["TABLE:table", "TD:cell", "TH:columnheader", "TH:rowheader", "TR:row"]
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width, modes", [(180, ("elder",)), (360, ("elder", "large"))])
@pytest.mark.parametrize("kind", ["home", "case", "data", "region-notes"])  # the mediator page is built as the case
def test_a_phone_zoomed_or_in_large_type_keeps_everything_on_screen(sample: str, browser: object, kind: str,
                                                                    width: int, modes: tuple[str, ...]) -> None:
    """Zoom 200 % on a 360 px phone leaves 180 CSS px, and 长辈模式 with 字号 大 enlarges the type as much: nothing
    widens the page (it would scroll sideways), the 搜索 button stays on the screen, a search box stays usable,
    and a fact's or the footer's value is never squeezed beside its label to a character or two a line."""
    context = browser.new_context(viewport={"width": width, "height": 400})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(sample)
    for mode in modes:
        page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                      ["pa-elder", "1"] if mode == "elder" else ["pa-font-size", "large"])
    page.goto(sample + PAGE_TYPES[kind])
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    right = page.evaluate("document.querySelector('.pa-search__button').getBoundingClientRect().right")
    assert 0 < right <= width
    assert page.evaluate("document.querySelector('.pa-search__input').getBoundingClientRect().width") >= 80
    squeezed = page.evaluate("""[...document.querySelectorAll('.pa-facts dd, .pa-footer__identity dd')]
        .filter(e => e.offsetParent !== null && e.getBoundingClientRect().width < 3 * parseFloat(getComputedStyle(e).fontSize))
        .map(e => e.textContent.trim().slice(0, 10))""")
    assert squeezed == []
    context.close()


def test_every_region_s_figures_stay_on_a_phone_zoomed_in_large_type(sample: str, sample_site: Path,
                                                                     browser: object) -> None:
    """200 % zoom (180 px) with 长辈模式 and 字号 大, on every region page with figures: nothing widens the page (a
    caption's hidden 出处 escaped its table's scrolling box and widened 安陆经济开发区's by 7 px)."""
    site = sample_site.parent / "site"
    regions = sorted(p.parent.name for p in (site / "regions").glob("*/index.html")
                     if "pa-region-figures" in p.read_text(encoding="utf-8"))
    assert len(regions) >= 10
    context = browser.new_context(viewport={"width": 180, "height": 400})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(sample)
    page.evaluate("localStorage.setItem('pa-elder', '1'); localStorage.setItem('pa-font-size', 'large')")
    wide = []
    for region in regions:
        page.goto(f"{sample}regions/{region}/")
        if (width := page.evaluate("document.documentElement.scrollWidth")) > 180:
            wide.append((region, width))
    assert wide == []
    context.close()


def test_the_font_size_chosen_on_a_story_holds_on_case_and_mediator_pages(sample: str, browser: object) -> None:
    """字号 大 chosen on a story makes a case's facts, summary and text larger too, and case and mediator pages
    have the same control (a reader who finds them unchanged thinks the setting was lost)."""
    page = browser.new_page()  # type: ignore[attr-defined]
    case = sample + PAGE_TYPES["case"]
    page.goto(case)
    sizes = """[...document.querySelectorAll('.pa-facts dd, .pa-case__summary, .pa-article__body p')]
        .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    medium = page.evaluate(sizes)
    page.goto(sample + PAGE_TYPES["article"])
    page.click("button[data-pa-size=large]")
    page.goto(case)
    large = page.evaluate(sizes)
    assert len(large) == len(medium) >= 3 and all(b > a for a, b in zip(medium, large, strict=True))
    for kind in ("case", "mediator"):
        page.goto(sample + PAGE_TYPES[kind])
        assert page.get_attribute("button[data-pa-size=large]", "aria-pressed") == "true"
    page.click("button[data-pa-size=medium]")
    page.close()


# Links inside running text (a story's sentences, a summary, a note) are exempt from the size rule, as in WCAG 2.5.8.
IN_TEXT = (".pa-article__body, .pa-checks, .pa-data__lead, .pa-data__downloads, .pa-list-header__desc, "
           ".pa-case__summary, .pa-mediator__body, p.pa-chart-note, .pa-region-figures p, .pa-sitemap > p")


@pytest.mark.parametrize("kind", ["home", "article", "case", "honors", "data", "sitemap", "404", "search"])
def test_links_on_a_touch_screen_are_big_enough_to_tap(sample: str, browser: object, kind: str) -> None:
    """On a phone's touch screen every link that is not part of a sentence (footer, breadcrumb, tags, filters, the
    links of a card or a list) is at least 44 px tall, so that an unsteady finger hits it and not its neighbour."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True,  # type: ignore[attr-defined]
                                  is_mobile=True)
    page = context.new_page()
    page.goto(sample + ({"sitemap": "sitemap/", "search": "search/?q=调解"}.get(kind) or PAGE_TYPES[kind]))
    if kind == "search":
        page.wait_for_selector(".pa-results__title")
    small = page.evaluate("""(skip) => [...document.querySelectorAll('main a, footer a')]
        .filter(a => a.offsetParent !== null && !a.closest(skip))
        .map(a => [a.textContent.trim().slice(0, 16), Math.round(a.getBoundingClientRect().height)])
        .filter(([, h]) => h < 44)""", IN_TEXT)
    assert small == []
    context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_search_results_page(sample: str, browser: object, width: str) -> None:
    """Two- and three-character words in titles and bodies; a query downloads only part of the index."""
    page, outside = _page(browser, sample, width)
    fetched: list[int] = []
    page.on("response", lambda r: fetched.append(len(r.body())) if "/search-index/" in r.url and r.ok else None)  # type: ignore[attr-defined]
    page.goto(sample)  # type: ignore[attr-defined]
    first = _search(page, "调解")
    assert len(first) == 5  # five at a time; the rest on request, focus moving to the first new one
    total = int(re.search(r"找到 (\d+) 条", page.locator("#pa-search-status").inner_text())[1])  # type: ignore[attr-defined,index]
    # the tab's title and the heading name the query and the count (a screen reader's page list, the history)
    assert page.locator("h1").inner_text() == "搜索“调解”"  # type: ignore[attr-defined]
    assert page.title().startswith(f"搜索“调解”：找到 {total} 条 - ")  # type: ignore[attr-defined]
    assert page.locator("#pa-search-more").inner_text() == f"显示更多结果（还有 {total - 5} 条）"  # type: ignore[attr-defined]
    page.click("#pa-search-more")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelectorAll('.pa-results__title').length > 5")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.textContent") == page.locator(  # type: ignore[attr-defined]
        ".pa-results__title").nth(5).inner_text()  # type: ignore[attr-defined]
    # the live status says what the click did
    assert page.locator("#pa-search-status").inner_text() == f"已显示 10 条，共 {total} 条"  # type: ignore[attr-defined]
    # The query fetched meta.json, the index chunk of its piece and the ten results shown (uncompressed
    # here): about 23 KB on the sample. Sizes at scale are measured in bench/.
    assert 0 < sum(fetched) < 60_000
    for term, expected in (("网格员", "天祝5325名网格员扎根城乡"), ("长安杯", "修武县再捧“长安杯”"), ("调解", "调解")):
        page.goto(sample)  # type: ignore[attr-defined]
        titles = _search(page, term)
        assert any(expected in t for t in titles), (term, titles)
    # a case is dated by its month, written as on its page (2024年4月), a story by its day (2024-09-06)
    page.goto(sample)  # type: ignore[attr-defined]
    _search(page, "投资亏损")
    dates = page.evaluate("[...document.querySelectorAll('.pa-results time')].map(t => [t.dateTime, t.textContent])")  # type: ignore[attr-defined]
    assert ["2024-04", "2024年4月"] in dates
    if width == "phone":  # the results' dates and kinds too
        assert _small_text(page) == []
    assert _axe_serious(page) == []
    page.screenshot(path=str(SCREENSHOTS / f"search-{width}.png"))  # type: ignore[attr-defined]
    # nothing found is no dead end: what to try, and where to browse instead
    page.goto(sample)  # type: ignore[attr-defined]
    assert _search(page, "火星人") == []
    tips = page.locator("#pa-search-tips")  # type: ignore[attr-defined]
    assert tips.is_visible() and "更短的词" in tips.inner_text()
    assert tips.locator("a").all_inner_texts() == ["标签", "地区", "时间"]
    assert page.locator("#pa-search-results").is_hidden()  # no empty list for a screen reader to announce  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "搜索“火星人”"  # type: ignore[attr-defined]
    assert page.title().startswith("搜索“火星人”：没有找到 - ")  # type: ignore[attr-defined]
    page.goto(sample)  # type: ignore[attr-defined]
    _search(page, "调解")
    assert not page.locator("#pa-search-tips").is_visible()  # type: ignore[attr-defined]
    assert outside == []
    page.context.close()  # type: ignore[attr-defined]


def test_keyboard_walkthrough(sample: str, browser: object) -> None:
    """Skip link first, every stop visibly focused; the article's tools work from the keyboard."""
    page, _ = _page(browser, sample, "desktop")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    page.goto(sample)  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到正文"  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.id") == "pa-main"  # type: ignore[attr-defined]
    page.goto(sample)  # type: ignore[attr-defined]
    reached = set()
    for _ in range(120):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        info = page.evaluate("""(() => { const e = document.activeElement; const s = getComputedStyle(e);
            const r = e.getBoundingClientRect();
            return {text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 20), tag: e.tagName,
                    visible: r.width > 0 && r.height > 0, ring: s.outlineStyle !== 'none' || s.boxShadow !== 'none'}; })()""")  # type: ignore[attr-defined]
        if info["tag"] == "BODY":
            break
        assert info["visible"] and info["ring"], info
        reached.add(info["text"])
    assert {"长辈模式", "高对比度", "工作动态"} <= reached
    page.goto(sample + PAGE_TYPES["article"])  # type: ignore[attr-defined]
    body = page.locator(".pa-article__body p").first  # type: ignore[attr-defined]
    before = body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    for _ in range(60):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.dataset.paSize") == "large":  # type: ignore[attr-defined]
            break
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") > before
    assert page.locator(".pa-share__qr").is_visible()  # type: ignore[attr-defined]  # on a computer: scan to read on a phone
    assert not page.locator('.md-header label[for="__drawer"]').is_visible()  # type: ignore[attr-defined]  # tabs instead
    page.focus("[data-pa-copy]")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.pa-share__status').textContent.includes('链接已复制')")  # type: ignore[attr-defined]
    copied = page.evaluate("navigator.clipboard.readText()")  # type: ignore[attr-defined]
    assert copied == "https://pingan.example.gov.cn/news/2021/09/13/wuwei-safe-cells-plan/"
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("modes, kinds", [(("elder",), ("article", "data")), (("contrast",), ("cases", "mediators")),
                                          (("elder", "contrast"), ("article", "cases", "data", "mediators"))])
def test_elder_and_high_contrast_modes_persist(sample: str, browser: object, modes: tuple[str, ...],
                                               kinds: tuple[str, ...]) -> None:
    """Each mode (and both together) is remembered across pages, fits the phone and keeps contrast above 4.5:1: both
    together on every kind of page, each alone on two (the suite's time goes to the browser)."""
    page, _ = _page(browser, sample, "phone")
    page.goto(sample)  # type: ignore[attr-defined]
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")  # type: ignore[attr-defined]
    for mode in modes:
        page.click(f"[data-pa-mode={mode}]")  # type: ignore[attr-defined]
    for kind in kinds:
        page.goto(sample + PAGE_TYPES[kind])  # type: ignore[attr-defined]
        classes = page.evaluate("document.documentElement.classList.value").split()  # type: ignore[attr-defined]
        assert {f"pa-{m}" for m in modes} <= set(classes)
        for mode in modes:
            assert page.get_attribute(f"[data-pa-mode={mode}]", "aria-pressed") == "true"  # type: ignore[attr-defined]
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")  # type: ignore[attr-defined]
        if "elder" in modes:
            assert size >= 18 and size > normal
        if "contrast" in modes:
            assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"  # type: ignore[attr-defined]
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")  # type: ignore[attr-defined]
        assert _axe_serious(page) == []  # colour contrast included
        page.screenshot(path=str(SCREENSHOTS / f"{'-'.join(modes)}-{kind}-phone.png"))  # type: ignore[attr-defined]
    for mode in modes:
        page.click(f"[data-pa-mode={mode}]")  # type: ignore[attr-defined]
    page.goto(sample)  # type: ignore[attr-defined]
    assert not {f"pa-{m}" for m in modes} & set(page.evaluate("document.documentElement.classList.value").split())  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


def test_home_links_are_never_split_across_lines_in_elder_mode(sample: str, browser: object) -> None:
    """Large type on a phone: each link of 浏览与订阅 stays on one line (half of "2022年（4）" on each line reads as
    two links)."""
    page, outside = _page(browser, sample, "phone")
    page.goto(sample)  # type: ignore[attr-defined]
    page.click("[data-pa-mode=elder]")  # type: ignore[attr-defined]
    links = page.evaluate("""[...document.querySelectorAll('.pa-browse a')]
        .map(a => [a.textContent, a.getClientRects().length])""")  # type: ignore[attr-defined]
    assert len(links) > 5 and [text for text, boxes in links if boxes != 1] == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")  # type: ignore[attr-defined]
    page.click("[data-pa-mode=elder]")  # type: ignore[attr-defined]
    assert outside == []
    page.context.close()  # type: ignore[attr-defined]


def test_labels_and_values_line_up_on_a_phone(sample: str, browser: object) -> None:
    """A case's facts and the footer's identity block: every value starts at the same distance from the left,
    whatever its label's length (地区 碌曲县 beside 当事人 李某 read as a ragged list)."""
    page, outside = _page(browser, sample, "phone")
    page.goto(sample + PAGE_TYPES["case"])  # type: ignore[attr-defined]
    for block in (".pa-facts", ".pa-footer__identity"):
        lefts = page.evaluate(f"""[...document.querySelectorAll('{block} dd')]
            .map(d => Math.round(d.getBoundingClientRect().left))""")  # type: ignore[attr-defined]
        assert len(lefts) >= 4 and len(set(lefts)) == 1, (block, lefts)
    # each honor reads in lines: when above, then the honor's name at the start of the next line
    page.goto(sample + PAGE_TYPES["honors"])  # type: ignore[attr-defined]
    offsets = page.evaluate("""[...document.querySelectorAll('.pa-honor')].map(h =>
        Math.round(h.querySelector('.pa-honor__name').getBoundingClientRect().left - h.getBoundingClientRect().left))""")  # type: ignore[attr-defined]
    assert len(offsets) > 5 and set(offsets) == {0}, offsets
    assert outside == []
    page.context.close()  # type: ignore[attr-defined]


PRINTED = {"article": PAGE_TYPES["article"], "case": "cases/jinta-fake-seed-2023/"}  # a case with its source's address


@pytest.mark.parametrize("kind", ["article", "case"])
def test_a_page_prints_cleanly_with_its_site_and_address(sample: str, browser: object, kind: str) -> None:
    """The printout of a story or a case: the text without menus and buttons, headed by the site's name and ending
    with the page's address (a case's printout had neither, a story's no site name)."""
    page, _ = _page(browser, sample, "desktop")
    page.goto(sample + PRINTED[kind])  # type: ignore[attr-defined]
    assert not page.locator(".pa-print-url").is_visible()  # type: ignore[attr-defined]  # on paper only
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    hidden = page.evaluate("""['.md-header', '.md-tabs', '.pa-footer', '.pa-share', '.pa-access', '.pa-related',
        '.pa-neighbours'].map(s => document.querySelector(s)).filter(e => e && getComputedStyle(e).display !== 'none')
        .map(e => e.className)""")  # type: ignore[attr-defined]
    assert hidden == []
    assert page.locator(".pa-print-site").inner_text() == "平安建设宣传网（示例站）"  # type: ignore[attr-defined]
    url = page.locator(".pa-print-url")  # type: ignore[attr-defined]
    assert url.is_visible()
    assert url.inner_text() == "本页网址：https://pingan.example.gov.cn/" + PRINTED[kind]
    assert page.locator(".pa-article__title").is_visible()  # type: ignore[attr-defined]
    if kind == "case":  # the source's address, which paper cannot link to, is written out
        shown = page.evaluate("""getComputedStyle(document.querySelector('.pa-article__cite a[href^="http"]'),
            '::after').content""")  # type: ignore[attr-defined]
        assert "https://" in shown
    page.context.close()  # type: ignore[attr-defined]


# -- hostile fields in a real browser: nothing runs, nothing is fetched from outside (issue: safe by construction)

HOSTILE_PAGES = {"home": "", "article": "news/2021/09/13/hostile/", "column": "columns/dongtai/",
                 "tag": None, "case": "cases/hostile-case/", "cases": "cases/", "mediator": "mediators/hostile-room/",
                 "honors": "honors/", "feed": "feed.xml"}
# Each payload calls pwn(), loads from pwn.example or plants a <pwn-…> element if it ever becomes markup.
ODD_URL = 'https://example.org/?a=1&b="><pwn-u>'  # a web address, with what would break out of an attribute
PAYLOAD = '<pwn-el>"\'><img src=https://pwn.example/i.png onerror=pwn()><script>pwn()</script><!--<script>'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose story, case, mediator, honor and settings hold script and markup in every text field."""
    import json

    from generator.cli import main

    from .conftest import BASE_CONFIG, fixture_files, make_image, story

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    root = tmp_path_factory.mktemp("hostile")
    config = BASE_CONFIG.replace("name: 测试平安网", f"name: {q('测试' + PAYLOAD[:40])}").replace(
        "description: 测试站点", f"description: {q(PAYLOAD)}")
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    files = fixture_files()
    files["content/news/2021/hostile.md"] = story(
        "hostile", title=q("标题" + PAYLOAD[:60]),
        extra=(f"subtitle: {q(PAYLOAD[:70])}\nsummary: {q(PAYLOAD)}\ntags: [{q('<pwn-t>onload')}]\n"
               f"cite: {q(PAYLOAD)}\nauthors:\n  - {{name: {q('<pwn-au>x')}, role: 记者}}\n"
               f"source_url: {q(ODD_URL)}\n"),
        body="正文 &lt;pwn-b&gt; `<script>pwn()</script>` [链接](https://example.org/ \"t\\\"><pwn-tt>\")")
    files["content/cases/hostile-case.yml"] = (
        f"id: hostile-case\ntitle: {q('案例' + PAYLOAD[:50])}\ncategory: 邻里\nregion: xian\ndate: 2024-04\n"
        f"mediator: hostile-room\norganisation: {q(PAYLOAD)}\nparties: [张某, 李某]\noutcome: 成功\n"
        f"summary: {q(PAYLOAD)}\nsource: {q(PAYLOAD)}\n")
    files["content/mediators/hostile-room.yml"] = (
        f"id: hostile-room\nname: {q('调解室' + PAYLOAD[:25])}\nkind: room\nunit: {q(PAYLOAD)}\nregion: xian\n"
        f"title: {q(PAYLOAD[:40])}\nsource: 测试日报\nbio: {q('简介 `' + PAYLOAD + '`')}\n")
    files["content/honors/hostile-honor.yml"] = (
        f"id: hostile-honor\nname: {q('荣誉' + PAYLOAD[:30])}\nlevel: 县级\nawarding_body: {q(PAYLOAD)}\nyear: 2021\n"
        f"recipient: {{mediator: hostile-room}}\nsource: {q(PAYLOAD)}\nnote: {q(PAYLOAD)}\n")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    make_image(root / "content/images/cover.jpg")
    make_image(root / "content/images/body.jpg", (800, 600))
    assert main(["build", "--config", str(root / "site_config.yml")]) == 0
    yield from _served(root / "site")


@pytest.mark.parametrize("kind", [k for k, v in HOSTILE_PAGES.items() if v is not None] + ["search"])
def test_hostile_fields_run_nothing_and_fetch_nothing_outside(hostile: str, browser: object, kind: str) -> None:
    page, outside = _page(browser, hostile, "desktop")
    page.add_init_script("window.pwn = () => { window.__pwned = (window.__pwned || 0) + 1; };")  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (errors.append("dialog " + d.message), d.dismiss()))  # type: ignore[attr-defined]
    if kind == "search":  # the query itself is hostile, and every result lists hostile titles
        page.goto(hostile + "search/?q=" + "标题%3Cimg%20src%3Dx%20onerror%3Dpwn()%3E")  # type: ignore[attr-defined]
        page.wait_for_function("""() => { const s = document.getElementById('pa-search-status');
            return s !== null && s.textContent.length > 0; }""", timeout=30000)  # type: ignore[attr-defined]
        page.fill("#pa-q", "标题")  # type: ignore[attr-defined]
        with page.expect_navigation():  # type: ignore[attr-defined]
            page.press("#pa-q", "Enter")  # type: ignore[attr-defined]
        page.wait_for_function("document.querySelectorAll('.pa-results__title').length > 0",
                               timeout=30000)  # type: ignore[attr-defined]
    else:
        page.goto(hostile + HOSTILE_PAGES[kind])  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page.mouse.move(200, 200)  # type: ignore[attr-defined]
    assert page.evaluate("window.__pwned || 0") == 0  # type: ignore[attr-defined]
    planted = page.evaluate("""[...document.querySelectorAll('*')].map(e => e.localName)
        .filter(n => n.includes('pwn'))""")  # type: ignore[attr-defined]
    assert planted == []
    if kind != "feed":
        shown = page.evaluate("document.body.innerText")  # type: ignore[attr-defined]
        assert "<pwn-" in shown  # the payload is there, as text
    assert errors == []
    assert outside == []
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_audit_report_opens_and_reads(built: tuple[Path, Report], browser: object, tmp_path: Path,  # noqa: F811
                                      width: str) -> None:
    """The HTML report of `pingan audit`: opens from disk, fits the screen, says the verdict, lists each
    finding with why and what to do, fetches nothing, and has no serious axe finding."""
    from datetime import date

    from generator.audit import report
    from generator.audit.run import audit

    result = audit(built[0].parent / "site_config.yml", built[0], date(2026, 3, 1))
    assert result.vetoed  # the fixture's newest story is older than two weeks by then
    file = tmp_path / "audit.html"
    file.write_text(report.html(result), encoding="utf-8")
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})  # type: ignore[attr-defined]
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(file.as_uri())
    assert page.locator("h1").inner_text() == "政府网站自查报告：测试平安网"
    assert "网站会被判为“不合格”" in page.locator(".verdict").inner_text()
    sections = page.locator("h2").all_inner_texts()
    assert [s.split("（")[0] for s in sections] == ["一、单项否决", "二、扣分项", "三、提示"]
    items = page.locator("ol.findings > li")
    assert items.count() == len(result.findings)
    assert "网站不更新" in items.first.inner_text() and "怎么办：" in items.first.inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert _axe_serious(page) == []
    assert requests == [file.as_uri()]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"audit-report-{width}.png"), full_page=True)
    context.close()


def test_the_hidden_back_to_top_button_is_no_tab_stop(sample: str, browser: object) -> None:
    """Material fades the back-to-top button out but left it focusable: Tab landed on an invisible button."""
    page, _ = _page(browser, sample, "desktop")
    page.goto(sample + PAGE_TYPES["article"])  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelector('.md-top').hidden")  # type: ignore[attr-defined]  # at the top
    assert page.evaluate("getComputedStyle(document.querySelector('.md-top')).visibility") == "hidden"  # type: ignore[attr-defined]
    for _ in range(60):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        assert not page.evaluate("document.activeElement.classList.contains('md-top')")  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


def test_a_keyboard_opens_the_menu_on_a_phone_and_never_tabs_into_it_while_closed(sample: str, browser: object
                                                                                 ) -> None:
    """On a phone the columns are in a drawer. While it is closed, Tab never lands on its links (off screen, with
    no visible focus); the menu button is reached by Tab and opened with Enter, which shows the links and moves
    the focus to them, and Tab goes round them while it is open; Escape closes it and returns to the button."""
    page, outside = _page(browser, sample, "phone")
    page.goto(sample + PAGE_TYPES["article"])  # type: ignore[attr-defined]
    stops = []
    for _ in range(25):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        stops.append(page.evaluate("""(() => { const e = document.activeElement, r = e.getBoundingClientRect();
            return [e.tagName, e.textContent.trim().slice(0, 12), e.getAttribute('aria-label') || '',
                    r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight * 3]; })()"""))  # type: ignore[attr-defined]
    assert [s for s in stops if not s[3]] == [], "focus went off screen"
    assert any(s[2] == "打开栏目菜单" for s in stops), stops
    page.goto(sample + PAGE_TYPES["article"])  # type: ignore[attr-defined]
    page.focus("[aria-label=打开栏目菜单]")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    button = '.md-header label[for="__drawer"]'
    assert page.get_attribute(button, "aria-expanded") == "true"  # type: ignore[attr-defined]
    assert page.get_attribute(button, "aria-label") == "关闭栏目菜单"  # type: ignore[attr-defined]
    # it names the menu it opens, and the page behind it is out of reach of a screen reader's cursor too
    assert page.evaluate(f"""document.getElementById(document.querySelector('{button}').getAttribute('aria-controls'))
        .classList.contains('md-sidebar--primary')""")  # type: ignore[attr-defined]
    assert page.evaluate("['.md-content', '.md-footer', '.md-banner'].every(s => document.querySelector(s).inert)")  # type: ignore[attr-defined]
    page.wait_for_function("""(() => { const e = document.activeElement;
        return e.closest('.md-sidebar--primary') && e.getBoundingClientRect().left >= 0; })()""")  # type: ignore[attr-defined]
    for _ in range(15):  # while it is open, Tab goes round the menu: never to the page it covers
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")  # type: ignore[attr-defined]
    page.keyboard.press("Shift+Tab")  # type: ignore[attr-defined]
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.wait_for_function("!document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "打开栏目菜单"  # type: ignore[attr-defined]
    assert not page.evaluate("document.querySelector('.md-content').inert")  # type: ignore[attr-defined]
    # closed by a tap on the shaded page: the focus goes back to the button, not to the top of the page
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    page.wait_for_function("!!document.activeElement.closest('.md-sidebar--primary')")  # type: ignore[attr-defined]
    page.mouse.click(350, 400)  # type: ignore[attr-defined]  # the overlay, right of the drawer
    page.wait_for_function("!document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "打开栏目菜单"  # type: ignore[attr-defined]
    # the open menu covers the button that opened it: it has a close button of its own, in sight and big enough
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    close = page.locator(".pa-drawer__close")  # type: ignore[attr-defined]
    box = close.bounding_box()
    assert close.is_visible() and box["width"] >= 44 and box["height"] >= 44 and box["x"] + box["width"] <= 360
    assert close.text_content().startswith("关闭")
    close.click()
    page.wait_for_function("!document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "打开栏目菜单"  # type: ignore[attr-defined]
    assert outside == []
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("elder", "width", "kind"), [(False, 360, "article"), (True, 360, "article"),
                                                     (False, 1280, "honors"), (True, 1280, "honors")])
def test_what_the_keyboard_focuses_is_never_hidden_under_the_header(sample: str, browser: object, elder: bool,
                                                                    width: int, kind: str) -> None:
    """On a phone the header stays at the top of the screen: a link focused by Tab (after 跳到正文: the breadcrumb)
    was scrolled just under it, out of sight (WCAG 2.4.11), nine times on one story in 长辈模式; forward and back.
    On a computer the column tabs stay under the header too: going back with Shift+Tab, links of the honors page
    were scrolled under the tabs."""
    context = browser.new_context(viewport={"width": width, "height": 740 if width < 500 else 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(sample)
    if elder:
        page.evaluate("localStorage.setItem('pa-elder', '1')")
    page.goto(sample + PAGE_TYPES[kind])
    hidden = []
    for key in ["Tab"] * 45 + ["Shift+Tab"] * 45:
        page.keyboard.press(key)
        info = page.evaluate("""(() => { const e = document.activeElement, r = e.getBoundingClientRect();
            const bars = [...document.querySelectorAll('.md-header, .md-tabs')].map(b => b.getBoundingClientRect())
                .filter(b => b.height > 0 && getComputedStyle(document.querySelector('.md-header')).position !== 'static');
            const header = {top: Math.min(...bars.map(b => b.top)), bottom: Math.max(...bars.map(b => b.bottom))};
            const top = document.querySelector('.md-top');
            const over = top && top.offsetParent !== null && !top.hidden ? top.getBoundingClientRect() : null;
            const covered = over && r.bottom > over.top && r.top < over.bottom && r.right > over.left
                            && r.left < over.right && !top.contains(e);
            return {text: e.tagName + '.' + e.className + ':' + (e.textContent || '').trim().slice(0, 12),
                    shown: r.width > 0 && r.height > 0 && !e.classList.contains('pa-skip') && e !== document.body,
                    under: r.top < header.bottom - 1 && r.bottom > header.top + 1 && !e.closest('.md-header, .md-tabs'),
                    covered: !!covered}; })()""")
        if info["shown"] and (info["under"] or info["covered"]):
            hidden.append(info["text"])
    assert hidden == [], "\n".join(hidden)
    context.close()


# The first character of each line, where it is a closing mark (a line never starts with one in Chinese typesetting).
_LINE_STARTS = r"""() => {
  const out = [], r = document.createRange();
  const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.textContent;
    for (let i = 1; i < t.length; i++) {
      if (!/[；，。、：）》」』”]/.test(t[i])) continue;
      r.setStart(n, i); r.setEnd(n, i + 1); const here = r.getClientRects()[0];
      r.setStart(n, i - 1); r.setEnd(n, i); const before = r.getClientRects()[0];
      if (here && before && before.top < here.top - 2 && here.left < before.left) out.push(t.slice(i - 6, i + 6));
    }
  }
  return out;
}"""


@pytest.mark.parametrize(("width", "elder", "kind"), [(360, True, "data"), (360, True, "region-notes"),
                                                      (412, False, "region-notes")])
def test_no_line_of_figures_starts_with_a_closing_mark(sample: str, browser: object, width: int, elder: bool,
                                                       kind: str) -> None:
    """A rate with its counts, 99.1%（1,387÷1,399）；报道为 99.1%, was one run a phone could not fit, so the browser cut
    it anywhere: a line started with ；. It may now break before （ and after ÷, and a 核对提示 the same way."""
    context = browser.new_context(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(sample)
    page.evaluate(f"localStorage.setItem('pa-elder', '{int(elder)}')")
    page.goto(sample + PAGE_TYPES[kind])
    assert page.evaluate(_LINE_STARTS) == []
    context.close()


@pytest.mark.parametrize("width", [1280, 760])
def test_a_data_table_is_a_tab_stop_only_when_it_scrolls(sample: str, browser: object, width: int) -> None:
    """A data table's box is a Tab stop and a named region so a keyboard can scroll it sideways; the 24 that fit
    were 24 Tab stops and landmarks that did nothing. One that does not fit keeps both, also after a resize."""
    context = browser.new_context(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(sample + PAGE_TYPES["data"])
    check = """[...document.querySelectorAll('.pa-figures-wrap')].map(b => [b.scrollWidth > b.clientWidth + 1,
        b.getAttribute('tabindex') === '0' && b.getAttribute('role') === 'region'])"""
    boxes = page.evaluate(check)
    assert len(boxes) > 20 and all(scrolls == stop for scrolls, stop in boxes), boxes
    # a place's name is one word, on one line (天祝藏族自 / 治县 was cut)
    places = page.evaluate("""[...document.querySelectorAll('.pa-figures tbody th')].map(th => {
        const r = document.createRange(); r.selectNodeContents(th);
        return [th.textContent, new Set([...r.getClientRects()].map(b => Math.round(b.top))).size]; })""")
    assert any(name == "天祝藏族自治县" for name, _ in places)
    assert [name for name, lines in places if lines != 1] == []
    # the skip link, search and reading aids are no "complementary" landmark announced before the page
    assert page.get_by_role("complementary").count() == 0
    page.evaluate("document.querySelector('.pa-figures-wrap').style.width = '120px'; dispatchEvent(new Event('resize'))")
    page.wait_for_function("document.querySelector('.pa-figures-wrap').getAttribute('tabindex') === '0'")
    assert page.evaluate(check)[0] == [True, True]
    # 长辈模式 enlarges the type without a resize: the boxes are looked at again
    page.click("[data-pa-mode=elder]")
    assert all(scrolls == stop for scrolls, stop in page.evaluate(check))
    context.close()


def test_a_page_title_is_bold_and_fits_a_phone(sample: str, browser: object) -> None:
    """The story, case and mediator headlines are set bold (Material's thin h1 won over the house style: a thin
    block of four or five lines pushed the story below the first screen) and smaller on a phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page = context.new_page()
    for kind in ("article", "case"):
        page.goto(sample + PAGE_TYPES[kind])
        weight, size = page.evaluate("""(() => { const s = getComputedStyle(document.querySelector('h1.pa-article__title'));
            return [Number(s.fontWeight), parseFloat(s.fontSize)]; })()""")
        assert weight >= 600 and size <= 28, (kind, weight, size)
    page.goto(sample + PAGE_TYPES["article"])
    assert not page.locator(".pa-share__qr").is_visible()  # a phone cannot scan its own screen
    assert page.evaluate("""getComputedStyle(document.querySelector('.md-header label[for="__drawer"]'), '::after')
        .content""") == '"栏目"'  # the menu button says what it opens
    context.close()


def test_a_portrait_photo_does_not_take_the_whole_phone_screen(browser: object, tmp_path: Path) -> None:
    """A cover taken upright on a phone (960×1280): on the home page it filled the first screen, the headline
    below it; on the story it was taller than the screen. The lead picture keeps a landscape frame, the story's
    stays within the screen's height."""
    from generator.build import build

    from .conftest import BASE_CONFIG, NOW, make_image, story

    root = tmp_path / "tall"
    (root / "content/news/2021").mkdir(parents=True)
    (root / "site_config.yml").write_text(BASE_CONFIG, encoding="utf-8")
    (root / "content/news/2021/tall.md").write_text(
        story("tall", extra="cover: images/tall.jpg\ncover_alt: 竖着拍的照片\n"), encoding="utf-8")
    make_image(root / "content/images/tall.jpg", (960, 1280))
    build(root / "site_config.yml", root / "site", now=NOW)
    context = browser.new_context(viewport={"width": 375, "height": 667})  # type: ignore[attr-defined]
    page = context.new_page()
    for base in _served(root / "site"):
        page.goto(base)
        box = page.evaluate("(() => { const r = document.querySelector('.pa-lead__cover img').getBoundingClientRect();"
                            " return [r.width, r.height]; })()")
        assert box[1] <= box[0] * 0.75, box
        page.goto(base + "news/2021/09/13/tall/")
        height = page.evaluate("document.querySelector('.pa-article__cover img').getBoundingClientRect().height")
        assert height <= 667 * 0.8, height
    context.close()


def test_lines_of_text_stay_short_enough_to_follow_on_a_computer(sample: str, browser: object) -> None:
    """A story's lines ran to about 61 characters and list summaries to 75 at 1280 px: an older reader loses the
    line going back to its start. Both stay under 50 characters a line."""
    page, _ = _page(browser, sample, "desktop")
    for kind, selector in (("article", ".pa-article__body p"), ("column", ".pa-card__summary")):
        page.goto(sample + PAGE_TYPES[kind])  # type: ignore[attr-defined]
        per_line = page.evaluate(f"""(() => {{ const e = document.querySelector('{selector}');
            return e.getBoundingClientRect().width / parseFloat(getComputedStyle(e).fontSize); }})()""")  # type: ignore[attr-defined]
        assert per_line <= 50, (kind, per_line)
    page.context.close()  # type: ignore[attr-defined]


def test_a_body_s_table_is_cards_on_a_phone_and_follows_the_type_size(sample: str, browser: object) -> None:
    """On a 360 px phone a 7-column table showed three and a half columns in a box that scrolled sideways unannounced,
    in 12.8 px type whatever 字号 said: each row is now a card, every value under its column's name, and the table's
    type follows the body's."""
    url = sample + PAGE_TYPES["article-table"]
    for width, shown in (("phone", "block"), ("desktop", "table-cell")):
        page, _ = _page(browser, sample, width)
        page.goto(url)  # type: ignore[attr-defined]
        cell = page.evaluate("""(() => { const td = document.querySelector('.pa-article__body td');
            const p = document.querySelector('.pa-article__body p');
            return [getComputedStyle(td).display, parseFloat(getComputedStyle(td).fontSize),
                    parseFloat(getComputedStyle(p).fontSize), getComputedStyle(td, '::before').content]; })()""")  # type: ignore[attr-defined]
        assert cell[0] == shown and cell[1] >= 0.85 * cell[2], (width, cell)
        if width == "phone":
            assert "人防力量" in cell[3], cell
        page.context.close()  # type: ignore[attr-defined]
