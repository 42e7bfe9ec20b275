"""In a real browser (Debian's Chromium via Playwright): Chinese search, 字号 switch, no outside requests."""

from __future__ import annotations

import functools
import http.server
import os
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


@pytest.fixture(scope="module")
def server(built: tuple[Path, Report]) -> Iterator[str]:  # noqa: F811
    handler = functools.partial(_Quiet, directory=str(built[0]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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


def test_search_finds_story_by_two_character_word_in_body(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    page.goto(server)
    page.wait_for_function("() => document.querySelector('.md-search__input') !== null")
    page.focus("input.md-search__input")
    page.keyboard.type("调解", delay=30)
    page.keyboard.press("End")  # a real IME ends with a key event; Material searches on it
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    titles = [t.replace("\u200b", "") for t in page.locator(".md-search-result__item h1, "
                                                            ".md-search-result__item h2").all_inner_texts()]
    # bravo's title lacks 调解; its body has it ("……排查调解的具体做法"), so the body was searched
    assert any("网格员走进千家万户" in t for t in titles), titles
    page.fill("input.md-search__input", "")
    page.keyboard.type("握手言和", delay=30)  # words that appear in charlie's body only
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('1')",
                           timeout=15000)
    first = page.locator(".md-search-result__item").first.inner_text().replace("\u200b", "")
    assert "调解室化解邻里纠纷" in first
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
