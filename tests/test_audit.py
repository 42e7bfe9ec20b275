"""`pingan audit`: each indicator on a fixture made to break it, with the exact findings and exit codes, and the
sample site passing at its newest date and failing a year later."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from generator.audit.findings import Audit
from generator.audit.indicators import Limit
from generator.audit.run import audit
from generator.audit.updates import deadline
from generator.build import build
from generator.cli import main

from .conftest import BASE_CONFIG, ZONE, SiteMaker, story

REPO = Path(__file__).resolve().parent.parent
BUILT_AT = datetime(2026, 1, 1, 12, 0, tzinfo=ZONE)


def _config(**kinds: str) -> str:
    """BASE_CONFIG with a kind for its two columns (dongtai, tiaojie)."""
    text = BASE_CONFIG
    for column, kind in kinds.items():
        text = text.replace(f"  - id: {column}\n", f"  - id: {column}\n    kind: {kind}\n")
    return text


def _built(make_site: SiteMaker, files: dict[str, str], config: str = BASE_CONFIG) -> Path:
    cfg = make_site(files, config=config)
    build(cfg, cfg.parent / "site", now=BUILT_AT)
    os.utime(cfg.parent / "site" / ".pingan-site", (BUILT_AT.timestamp(), BUILT_AT.timestamp()))  # built "then"
    return cfg


def _with_other(files: dict[str, str]) -> dict[str, str]:
    """`files` and a story in 矛盾调解 of 1 June 2025, so that no column is empty."""
    return {"content/news/2025/other.md": story("other", date="2025-06-01 08:00", column="tiaojie"), **files}


def _found(result: Audit) -> list[tuple[str, str, str, str]]:
    return [(f.group, f.indicator, f.where, f.what) for f in result.findings]


def test_a_stale_column_at_the_as_of_date(make_site: SiteMaker) -> None:
    cfg = _built(make_site, {
        "content/news/2025/a.md": story("a", date="2025-06-01 09:00", column="dongtai"),
        "content/news/2025/b.md": story("b", date="2025-06-20 09:00", column="tiaojie"),
    }, _config(dongtai="动态要闻", tiaojie="通知公告"))
    site = cfg.parent / "site"
    # 25 June: 工作动态 (2 weeks) is 24 days old; 矛盾调解 (6 months) is fine; the home page's newest is 5 days old.
    assert _found(audit(cfg, site, date(2025, 6, 25))) == [
        ("扣分项", "栏目更新", "栏目“工作动态”（/columns/dongtai/）",
         "动态要闻类栏目，最近一篇发布于 2025-06-01，到 2025-06-25 已 24 天，超过 2 周")]
    assert main(["audit", "--config", str(cfg), "--as-of", "2025-06-25"]) == 0
    # 15 June: both fresh (b is not yet published, so 矛盾调解 is empty then).
    assert _found(audit(cfg, site, date(2025, 6, 15))) == [
        ("扣分项", "空白栏目", "栏目“矛盾调解”（/columns/tiaojie/）", "栏目里没有一篇已发布的稿件")]
    # 10 July: the home page has gone 20 days without an update: 单项否决, exit 1.
    late = audit(cfg, site, date(2025, 7, 10))
    assert ("单项否决", "网站不更新", "首页（/）", "最新一篇发布于 2025-06-20，到 2025-07-10 已 20 天") in _found(late)
    assert late.vetoed
    assert main(["audit", "--config", str(cfg), "--as-of", "2025-07-10"]) == 1
    # 21 December: 6 months and a day after 矛盾调解's last item.
    assert ("扣分项", "栏目更新", "栏目“矛盾调解”（/columns/tiaojie/）",
            "通知公告类栏目，最近一篇发布于 2025-06-20，到 2025-12-21 已 184 天，超过 6 个月") in \
        _found(audit(cfg, site, date(2025, 12, 21)))


def test_scheduled_stories_count_from_their_publish_time(make_site: SiteMaker) -> None:
    cfg = _built(make_site, {"content/news/2025/a.md": story("a", date="2025-03-01 09:00"),
                             "content/news/2026/s.md": story("s", date="2026-02-01 09:00")})
    site = cfg.parent / "site"
    assert audit(cfg, site, date(2026, 1, 31)).vetoed  # s is scheduled: not an update yet
    assert not audit(cfg, site, date(2026, 2, 2)).vetoed


def test_months_are_counted_on_the_calendar() -> None:
    assert deadline(Limit("通知公告", months=6), date(2025, 8, 31)) == date(2025, 2, 28)
    assert deadline(Limit("人事", months=12), date(2024, 2, 29)) == date(2023, 2, 28)
    assert deadline(Limit("动态要闻", days=14), date(2025, 1, 10)) == date(2024, 12, 27)


def _columns(n: int, kind: str = "动态要闻") -> str:
    extra = "".join(f"  - id: lanmu{k}\n    name: 栏目{k}\n    kind: {kind}\n" for k in range(n))
    return BASE_CONFIG.replace("regions:\n", extra + "regions:\n", 1)


@pytest.mark.parametrize(("empty", "vetoed"), [(4, False), (5, True)])
def test_empty_columns_veto_from_five(make_site: SiteMaker, empty: int, vetoed: bool) -> None:
    cfg = _built(make_site, {"content/news/2025/a.md": story("a", date="2025-06-01 09:00", column="dongtai"),
                             "content/news/2025/b.md": story("b", date="2025-06-01 10:00", column="tiaojie")},
                 _columns(empty, "专题"))
    result = audit(cfg, cfg.parent / "site", date(2025, 6, 2))
    assert [f.where for f in result.findings if f.indicator == "空白栏目" and f.group == "扣分项"] == \
        [f"栏目“栏目{k}”（/columns/lanmu{k}/）" for k in range(empty)]
    assert (("单项否决", "空白栏目", "全站", "空白栏目有 5 个") in _found(result)) is vetoed
    assert result.vetoed is vetoed


def test_five_stale_news_columns_veto(make_site: SiteMaker) -> None:
    files = {"content/news/2025/new.md": story("new", date="2025-06-01 09:00", column="dongtai")}
    files.update({f"content/news/2025/o{k}.md": story(f"o{k}", date="2025-01-01 09:00", column=f"lanmu{k}")
                  for k in range(5)})
    cfg = _built(make_site, files, _columns(5))
    result = audit(cfg, cfg.parent / "site", date(2025, 6, 2))
    assert ("单项否决", "栏目不更新", "全站", "超期未更新的动态要闻、通知公告、政策文件类栏目有 5 个") in _found(result)
    assert sum(f.indicator == "栏目更新" for f in result.findings) == 5


def test_broken_links_and_external_links(make_site: SiteMaker) -> None:
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story(
        "a", date="2025-06-01 09:00", body="见[中国政府网](https://www.gov.cn/)的通知。")}))
    site = cfg.parent / "site"
    assert audit(cfg, site, date(2025, 6, 2)).findings == []
    (site / "tags" / "index.html").unlink()  # every page's footer links to it
    result = audit(cfg, site, date(2025, 6, 2))
    broken = [f for f in result.findings if f.indicator == "链接可用性"]
    assert len(broken) > 0 and all(f.group == "扣分项" and "网站里没有 /tags/" in f.what for f in broken)
    assert any("（在首页上）" in f.what for f in broken)
    assert result.external == {"/news/2025/06/01/a/": ["https://www.gov.cn/"]}


class _Missing(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802 - the base class's naming
        self.send_response(405 if "nohead" in self.path else 404 if "gone" in self.path else 200)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - a server that refuses HEAD answers GET
        self.send_response(200 if "nohead" in self.path else 404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _local_as_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 taken for a site on the internet, by the build's link check and the audit: the tests' stand-in."""
    from generator import urls
    from generator.audit import fetch

    real = urls.private_host
    monkeypatch.setattr(urls, "private_host", lambda host: host != "127.0.0.1" and real(host))
    monkeypatch.setattr(fetch, "_public", lambda host: host == "127.0.0.1")


@pytest.fixture
def outside_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A stand-in for a site on the internet: on 127.0.0.1, which the build and the audit take as public here."""
    _local_as_public(monkeypatch)
    yield from _serve(_Missing)


class _Seen(http.server.BaseHTTPRequestHandler):
    """Notes every path asked for; /redirect sends the asker on to the address in its query."""
    seen: list[str] = []

    def do_HEAD(self) -> None:  # noqa: N802
        self.seen.append(self.path)
        if self.path.startswith("/redirect?"):
            self.send_response(302)
            self.send_header("Location", self.path.split("?", 1)[1])
        else:
            self.send_response(200)
        self.end_headers()

    do_GET = do_HEAD  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def test_online_never_fetches_this_computer_or_the_office_network(make_site: SiteMaker,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A story's link to 127.0.0.1 or 169.254.169.254 made `pingan audit --online` probe the clerk's own network
    and report what answered. Such a link is not fetched, nor a redirect to one; it is a finding of its own, as no
    reader outside the office can open it."""
    from generator import urls
    from generator.audit import built, fetch

    _Seen.seen = []
    server = _serve(_Seen)
    local = next(server)
    port = local.rsplit(":", 1)[1]
    try:
        with monkeypatch.context() as built_anyway:  # the build refuses such links; a page may hold one all the same
            built_anyway.setattr(urls, "private_host", lambda host: False)
            cfg = _built(make_site, _with_other({"content/news/2025/a.md": story(
                "a", date="2025-06-01 09:00", body=f"[内网]({local}/probe)、[元数据](http://169.254.169.254/latest/"
                                                   f"meta-data/)和[本机](http://localhost:{port}/x)。")}))
        result = audit(cfg, cfg.parent / "site", date(2025, 6, 2), fetch=True)
        assert _Seen.seen == []
        private = [f for f in result.findings if fetch.PRIVATE in f.what]
        assert len(private) == 3 and all(f.group == "扣分项" for f in private)
        # a public site (here: 127.0.0.1 taken as one) that redirects to this computer is not followed there
        monkeypatch.setattr(fetch, "_public", lambda host: host == "127.0.0.1")
        assert built.status(f"{local}/redirect?http://localhost:{port}/secret", 5) == fetch.PRIVATE
        assert _Seen.seen == ["/redirect?http://localhost:" + port + "/secret"]
    finally:
        next(server, None)


def test_online_fetches_each_external_link(make_site: SiteMaker, outside_server: str) -> None:
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story(
        "a", date="2025-06-01 09:00",
        body=f"[好]({outside_server}/ok)、[坏]({outside_server}/gone)和[不认 HEAD]({outside_server}/nohead)三个链接。")}))
    offline = audit(cfg, cfg.parent / "site", date(2025, 6, 2))
    assert offline.findings == [] and not offline.online
    result = audit(cfg, cfg.parent / "site", date(2025, 6, 2), fetch=True)
    assert _found(result) == [("扣分项", "链接可用性", "/news/2025/06/01/a/", f"外部链接 {outside_server}/gone 打不开：HTTP 404")]


def test_no_network_is_one_note_not_every_link_broken(make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    _local_as_public(monkeypatch)  # a stand-in for the internet

    with socket.socket() as probe:  # a port nothing listens on: every fetch is refused, as with no network
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story(
        "a", date="2025-06-01 09:00", body=f"[一]({closed}/a)和[二]({closed}/b)两个链接。")}))
    result = audit(cfg, cfg.parent / "site", date(2025, 6, 2), fetch=True)
    assert _found(result) == [("提示", "链接可用性", "外部链接", "2 个外部链接都连不上，像是这台电脑没有联网")]


def test_a_search_index_naming_a_missing_page_is_not_working(make_site: SiteMaker) -> None:
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story("a", date="2025-06-01 09:00")}))
    site = cfg.parent / "site"
    version = json.loads((site / "search-index" / "meta.json").read_text("utf-8"))["v"]
    first = site / "search-index" / version / "d" / "0.json"
    entry = json.loads(first.read_text("utf-8"))
    first.write_text(json.dumps({**entry, "u": "news/2099/01/01/gone/"}), "utf-8")
    assert [f.indicator for f in audit(cfg, site, date(2025, 6, 2)).findings] == ["站内搜索"]


def test_missing_footer_marks_and_reading_aids(make_site: SiteMaker) -> None:
    config = BASE_CONFIG.replace("  host: 测试县委政法委\n", "  host: 测试县委政法委\n  organizer: 测试县平安办\n")
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story("a", date="2025-06-01 09:00")}), config)
    site = cfg.parent / "site"
    page = site / "news" / "2025" / "06" / "01" / "a" / "index.html"
    html = page.read_text("utf-8")
    page.write_text(html.replace("测ICP备12345678号", "").replace('href="#pa-main"', 'href="#top"')
                    .replace("测试县平安办", ""), "utf-8")
    assert _found(audit(cfg, site, date(2025, 6, 2))) == [
        ("扣分项", "网站标识", "/news/2025/06/01/a/", "页脚没有ICP备案号（测ICP备12345678号）"),
        ("扣分项", "网站标识", "/news/2025/06/01/a/", "页脚没有承办单位（测试县平安办）"),
        ("扣分项", "无障碍和适老化", "/news/2025/06/01/a/", "页面上没有“跳到正文”链接或长辈模式、高对比度按钮")]
    (site / "404.html").unlink()
    (site / "search-index" / "meta.json").write_text('{"v": "x", "buckets": 1, "docs": 0}', "utf-8")
    (site / "sitemap.xml").write_text("<html>", "utf-8")
    indicators = [f.indicator for f in audit(cfg, site, date(2025, 6, 2)).findings]
    assert {"错误页面", "站内搜索", "网站地图"} <= set(indicators)


def test_contact_missing(make_site: SiteMaker) -> None:
    config = BASE_CONFIG.replace("  contact:\n    phone: 0000-1234567\n    email: office@example.gov.cn\n", "")
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story("a", date="2025-06-01 09:00")}), config)
    assert _found(audit(cfg, cfg.parent / "site", date(2025, 6, 2))) == [
        ("扣分项", "网站标识", "site_config.yml identity.contact", "没有公开的联系电话或邮箱")]


WORDING_CONFIG = BASE_CONFIG.replace("          - {id: qu, name: 测试区, level: 区}\n",
                                     "          - {id: qu, name: 测试区, level: 区}\n"
                                     "          - {id: zizhi, name: 白河藏族自治县, level: 县}\n") + """\
editorial:
  terms:
    - wrong: 测试县政法委员会
      right: 中共测试县委政法委员会
      severity: 一般
      basis: 县委编办通知
"""


def test_each_wording_kind(make_site: SiteMaker) -> None:
    body = ("第一段学习习近平中国特色社会主义思想。\n\n"  # 严重 (line 9)
            "截止2024年底，共调节纠纷12件。\n\n"  # 一般 twice (line 11)
            "其它情况另行通报。\n\n"  # 提示 (line 13)
            "测试县政法委员会和白河自治县的干部参加。\n\n"  # the site's own entry and the region tree (line 15)
            "原国土资源部的文件。\n")  # 原 before an old name: not flagged
    cfg = _built(make_site, {
        "content/news/2025/a.md": story("a", date="2025-06-01 09:00", body=body),
        "content/news/2017/old.md": story("old", date="2017-06-01 09:00", body="国土资源部发布通知。"),
        "content/news/2019/new.md": story("new", date="2019-06-01 09:00", body="国土资源部发布通知。"),
    }, WORDING_CONFIG)
    result = audit(cfg, cfg.parent / "site", date(2025, 6, 2))
    words = [(f.group, f.indicator, f.where, f.what) for f in result.findings if "表述" in f.indicator]
    assert words == [
        ("单项否决", "严重表述错误", "content/news/2025/a.md 第 9 行", "“习近平中国特色社会主义思想”"),
        ("扣分项", "错别字和不规范表述", "content/news/2025/a.md 第 11 行", "“截止”"),
        ("扣分项", "错别字和不规范表述", "content/news/2025/a.md 第 11 行", "“调节”"),
        ("提示", "表述提示", "content/news/2025/a.md 第 13 行", "“其它”"),
        ("扣分项", "错别字和不规范表述", "content/news/2025/a.md 第 15 行", "“测试县政法委员会”"),
        ("扣分项", "错别字和不规范表述", "content/news/2025/a.md 第 15 行", "“白河自治县”"),
        ("扣分项", "错别字和不规范表述", "content/news/2019/new.md 第 9 行", "“国土资源部”"),
    ]
    basis = next(f.why for f in result.findings if "思想" in f.what)
    assert "《中国共产党章程》" in basis
    assert result.vetoed


def test_severe_wording_fails_check_strict(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({"content/news/2025/a.md": story("a", date="2025-06-01 09:00",
                                                      body="检查院的同志介绍，截止目前化解纠纷5件。")})
    assert main(["check", "--config", str(cfg)]) == 0
    assert "警告：content/news/2025/a.md 第 9 行：严重表述错误：“检查院”应为“检察院”" in capsys.readouterr().out
    assert main(["check", "--strict", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "严重表述错误：“检查院”应为“检察院”" in err and "截止" not in err  # 一般 entries are the audit's alone


def test_drafts_are_not_audited_for_wording(make_site: SiteMaker) -> None:
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story("a", date="2025-06-01 09:00"),
                             "content/news/2025/d.md": story("d", date="2025-06-01 09:00", body="检查院。",
                                                             extra="draft: true\n")}))
    assert audit(cfg, cfg.parent / "site", date(2025, 6, 2)).findings == []


REVIEWED = """review:
  初审: {by: 审稿甲, at: 2025-05-30 09:00}
  复审: {by: 审稿乙, at: 2025-05-30 15:00}
  终审: {by: 审稿丙, at: 2025-05-31 10:00}
"""


def test_review_chain(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    config = BASE_CONFIG + "editorial:\n  require_review: true\n"
    half = REVIEWED.split("  终审")[0]
    cfg = _built(make_site, {
        "content/news/2025/done.md": story("done", title="三审完成的稿件", date="2025-06-01 09:00", extra=REVIEWED),
        "content/news/2025/half.md": story("half", title="还差终审的稿件", date="2025-06-01 10:00", extra=half),
        "content/news/2025/none.md": story("none", title="没有审核记录的稿件", date="2025-06-01 11:00"),
    }, config)
    site = cfg.parent / "site"
    assert (site / "news/2025/06/01/done/index.html").is_file()
    assert not (site / "news/2025/06/01/half").exists() and not (site / "news/2025/06/01/none").exists()
    # The chain stays in the sources: no reviewer's name anywhere in the published site.
    for file in site.rglob("*"):
        if file.is_file() and not file.name.startswith("."):
            assert "审稿" not in file.read_bytes().decode("utf-8", "replace"), file
    result = audit(cfg, site, date(2025, 6, 2))
    assert [(f.group, f.indicator, f.where, f.what) for f in result.findings if f.indicator == "三审"] == [
        ("提示", "三审", "content/news/2025/half.md", "《还差终审的稿件》缺终审，没有发布"),
        ("提示", "三审", "content/news/2025/none.md", "《没有审核记录的稿件》缺初审、复审、终审，没有发布")]
    assert main(["build", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "三审没有完成、没有发布的稿件（2 篇）：" in out and "content/news/2025/half.md　《还差终审的稿件》　缺终审" in out


def test_review_steps_in_order(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    backwards = REVIEWED.replace("2025-05-30 15:00", "2025-05-29 15:00")
    cfg = make_site({"content/news/2025/a.md": story("a", date="2025-06-01 09:00", extra=backwards)})
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "错误：content/news/2025/a.md 第 7 行，字段 review：复审时间（2025-05-29 15:00）早于初审时间（2025-05-30 09:00）" in err


def test_reports_in_every_format(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = _built(make_site, {"content/news/2025/a.md": story("a", date="2025-06-01 09:00", column="dongtai")})
    site = cfg.parent / "site"
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert main(["audit", "--config", str(cfg), "--as-of", "2025-06-30", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["vetoed"] is True and data["as_of"] == "2025-06-30"
    assert {f["indicator"] for f in data["findings"]} == {"网站不更新", "栏目更新", "空白栏目"}
    assert main(["audit", "--config", str(cfg), "--as-of", "2025-06-30"]) == 1
    text = capsys.readouterr().out
    assert text.index("一、单项否决（1 项）") < text.index("二、扣分项（2 项）") < text.index("三、提示（0 项）")
    assert main(["audit", "--config", str(cfg), "--as-of", "2025-06-30", "--format", "html"]) == 1
    report = cfg.parent / "audit-2025-06-30.html"
    assert f"报告已写到 {report}" in capsys.readouterr().out
    html = report.read_text("utf-8")
    assert "<h1>政府网站自查报告：测试平安网</h1>" in html and "网站会被判为“不合格”" in html
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before  # nothing written inside
    inside = site / "report.html"
    assert main(["audit", "--config", str(cfg), "--format", "html", "--report", str(inside)]) == 1
    assert "报告不能写在网站目录" in capsys.readouterr().err and not inside.exists()


def test_no_built_site(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({"content/news/2025/a.md": story("a", date="2025-06-01 09:00")})
    assert main(["audit", "--config", str(cfg)]) == 1
    assert "没有找到生成的网站。请先运行 pingan build" in capsys.readouterr().err


def test_a_hostile_finding_is_escaped_in_the_html_report() -> None:
    from generator.audit import report
    from generator.audit.findings import Finding

    hostile = Audit("<b>站</b>", date(2025, 6, 2), [Finding("扣分项", "链接可用性", "/<script>alert(1)</script>/",
                                                          '"><img src=x onerror=alert(2)>', "why", "todo")],
                    external={"/a/": ["https://e.example/<script>"]})
    html = report.html(hostile)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    terminal = Audit("站", date(2025, 6, 2), [Finding("扣分项", "链接可用性", "/a/", "链接“\x1b[2J\u202e”打不开", "why", "todo")])
    text = report.text(terminal)
    assert "\x1b" not in text and "\u202e" not in text and "<U+001B>[2J<U+202E>" in text


@pytest.fixture(scope="module")
def sample(sample_site: Path) -> Path:
    return sample_site


def test_the_sample_site_passes_at_its_newest_date_and_fails_a_year_later(sample: Path) -> None:
    site = sample.parent / "site"
    at_newest = audit(sample, site, date(2024, 9, 13))
    assert not at_newest.vetoed
    assert _found(at_newest) == [
        ("扣分项", "栏目更新", "栏目“基层治理”（/columns/jiceng-zhili/）",
         "动态要闻类栏目，最近一篇发布于 2022-11-18，到 2024-09-13 已 665 天，超过 2 周")]
    assert main(["audit", "--config", str(sample), "--as-of", "2024-09-13"]) == 0
    later = audit(sample, site, date(2025, 9, 6))
    assert later.vetoed
    assert [(f.group, f.indicator, f.where) for f in later.findings] == [
        ("扣分项", "栏目更新", "栏目“工作动态”（/columns/gongzuo-dongtai/）"),
        ("扣分项", "栏目更新", "栏目“基层治理”（/columns/jiceng-zhili/）"),
        ("扣分项", "栏目更新", "栏目“矛盾调解”（/columns/maodun-tiaojie/）"),
        ("扣分项", "栏目更新", "栏目“平安创建”（/columns/pingan-chuangjian/）"),
        ("单项否决", "网站不更新", "首页（/）")]
    assert main(["audit", "--config", str(sample), "--as-of", "2025-09-06"]) == 1


def test_every_dictionary_entry_is_sourced_and_catches_its_wrong_form() -> None:
    from generator.wording import SEVERITIES, Scanner, dictionary

    entries = dictionary()
    assert len(entries) >= 60
    for term in entries:
        assert term.basis and term.right and term.severity in SEVERITIES, term.shown
        assert term.needles and all(n.rstrip("》") in term.pattern.pattern for n in term.needles), term.shown
        if not any(ch in term.shown for ch in "()[]?|\\"):  # a literal entry: its wrong form is found, once
            hits = Scanner(list(entries)).scan("x.md", [(1, f"据介绍，{term.shown}。")], date(2025, 1, 1))
            assert [h.term.shown for h in hits] == [term.shown], term.shown
            right = Scanner([term]).scan("x.md", [(1, term.right)], date(2025, 1, 1))
            assert right == [], f"{term.shown}: its standard form {term.right} is flagged too"
    hidden = Scanner(list(entries)).scan("x.md", [(1, "学习习近平中国特色\u200b社会主义思想")], None)
    assert [h.term.severity for h in hidden] == ["严重"]  # a zero-width space does not hide a wrong form


def test_the_news_template_shows_the_review_chain(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site(config=BASE_CONFIG + "editorial:\n  require_review: true\n")
    assert main(["new", "news", "--title", "三审模板", "--config", str(cfg)]) == 0
    text = next((cfg.parent / "content/news").rglob("*.md")).read_text("utf-8")
    assert "# 本站要求三审" in text and "#   终审: {by: 审核人姓名" in text
    assert main(["check", "--config", str(cfg)]) == 0  # the template is a valid draft as it stands


def test_the_report_never_overwrites_the_project(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story("a", date="2025-06-01 09:00")}))
    config_text = cfg.read_text("utf-8")
    own = cfg.parent / "notes.html"
    own.write_text("<p>我的笔记</p>", "utf-8")
    for target, says in ((cfg, "报告不能写在配置文件"), (cfg.parent / "content/news/x.html", "报告不能写在稿件目录"),
                         (own, "已经存在，而且不是以前的检查报告")):
        assert main(["audit", "--config", str(cfg), "--format", "html", "--report", str(target)]) == 1
        assert says in capsys.readouterr().err
    assert cfg.read_text("utf-8") == config_text and own.read_text("utf-8") == "<p>我的笔记</p>"
    report = cfg.parent / "r.html"
    assert main(["audit", "--config", str(cfg), "--as-of", "2025-06-02", "--format", "html", "--report", str(report)]) == 0
    assert main(["audit", "--config", str(cfg), "--as-of", "2025-06-02", "--format", "html", "--report", str(report)]) == 0
    capsys.readouterr()  # an earlier report is replaced
    assert main(["audit", "--config", str(cfg), "--report", str(report)]) == 2
    assert "--report 只用于 --format html" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["audit", "--config", str(cfg), "--as-of", "20250602"])
    assert exited.value.code == 2


def test_only_this_projects_built_site_is_audited(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story("a", date="2025-06-01 09:00")}))
    assert main(["audit", "--config", str(cfg), "--site", str(cfg.parent / "site" / "news")]) == 1
    assert "不是 pingan 生成的网站" in capsys.readouterr().err
    elsewhere = cfg.parent.parent / "copy"
    shutil.copytree(cfg.parent, elsewhere)  # the same site beside another project's config
    assert main(["audit", "--config", str(elsewhere / "site_config.yml"), "--site", str(cfg.parent / "site")]) == 1
    assert "是另一个项目生成的网站" in capsys.readouterr().err


def test_damaged_pages_and_bad_links_are_findings(make_site: SiteMaker) -> None:
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story("a", date="2025-06-01 09:00")}))
    site = cfg.parent / "site"
    (site / "empty.html").write_text("<!DOCTYPE html>", "utf-8")
    page = site / "news/2025/06/01/a/index.html"
    page.write_text(page.read_text("utf-8").replace("</main>", '<a href="https://[bad/">x</a></main>'), "utf-8")
    found = _found(audit(cfg, site, date(2025, 6, 2)))
    assert ("扣分项", "页面损坏", "/empty.html", "页面读不出来或不是网页（ParserError）") in found
    assert ("扣分项", "链接可用性", "/news/2025/06/01/a/", "链接“https://[bad/”打不开：网址写错了") in found


def test_links_under_a_base_path(make_site: SiteMaker) -> None:
    config = BASE_CONFIG.replace("https://pingan.example.gov.cn/", "https://pingan.example.gov.cn/pingan/")
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story("a", date="2025-06-01 09:00")}), config)
    site = cfg.parent / "site"
    assert audit(cfg, site, date(2025, 6, 2)).findings == []
    page = site / "news/2025/06/01/a/index.html"
    links = ('<a href="/news/">a</a><a href="https://PINGAN.example.gov.cn:443/pingan/nope/">b</a>'
             '<a href="ftp://files.example.gov.cn/x">c</a>')
    page.write_text(page.read_text("utf-8").replace("</main>", links + "</main>"), "utf-8")
    result = audit(cfg, site, date(2025, 6, 2))
    assert sorted(f.what for f in result.findings) == [
        "链接“/news/”打不开：指向网站目录 /pingan/ 以外",
        "链接“https://PINGAN.example.gov.cn:443/pingan/nope/”打不开：网站里没有 /nope/"]
    assert result.external == {"/news/2025/06/01/a/": ["ftp://files.example.gov.cn/x"]}


def test_stories_missing_from_the_built_site_do_not_count(make_site: SiteMaker) -> None:
    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story("a", date="2025-06-01 09:00")}))
    (cfg.parent / "content/news/2025/late.md").write_text(story("late", date="2025-06-20 09:00"), "utf-8")
    result = audit(cfg, cfg.parent / "site", date(2025, 6, 25))
    assert ("提示", "网站没有重新生成", "content/news/2025/late.md",
            "1 篇已发布的稿件不在生成的网站里，上面的更新检查没有算它们") in _found(result)
    assert any(f.indicator == "栏目更新" and "2025-06-01" in f.what for f in result.findings)


@pytest.mark.parametrize("line", ["学习**习近平**中国特色社会主义思想", "检**查**院", "检<span>查</span>院", "检&#26597;院",
                                  "检查<!-- x -->院", "检\u202e查院", "检\u2066查院", "检\u034f查院", "检\u180e查院",
                                  "检\ufe0f查院", "检查\u200b院"])
def test_markup_and_invisible_characters_do_not_hide_a_wrong_form(line: str) -> None:
    from generator.wording import Scanner, dictionary

    assert [h.term.severity for h in Scanner(list(dictionary())).scan("x.md", [(1, line)], None)] == ["严重"]


def test_addresses_are_not_wording() -> None:
    from generator.wording import Scanner, dictionary

    scanner = Scanner(list(dictionary()))
    assert scanner.scan("x.md", [(1, "见[通知](https://e.example/?q=检查院)和 https://e.example/检查院")], None) == []


def test_a_review_after_publishing_or_by_nobody_is_no_review(make_site: SiteMaker,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    config = BASE_CONFIG + "editorial:\n  require_review: true\n"
    late = REVIEWED.replace("2025-05-31 10:00", "2099-01-01 10:00")
    cfg = _built(make_site, {"content/news/2025/late.md": story("late", title="终审在后", date="2025-06-01 09:00",
                                                                 extra=late)}, config)
    assert ("提示", "三审", "content/news/2025/late.md", "《终审在后》终审时间晚于发布时间，没有发布") in \
        _found(audit(cfg, cfg.parent / "site", date(2025, 6, 2)))
    blank = make_site({"content/news/2025/a.md": story("a", date="2025-06-01 09:00",
                                                        extra=REVIEWED.replace("审稿甲", "' '"))})
    assert main(["check", "--config", str(blank)]) == 1
    assert "字段 review.初审.by：不能为空（只有空格或看不见的字符）" in capsys.readouterr().err


def test_online_fetches_only_web_addresses(make_site: SiteMaker, outside_server: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A file: or ftp: link (a page published as it is may hold one) is not opened: --online would otherwise tell
    whether a file exists on the auditing computer."""
    from generator.audit import built

    cfg = _built(make_site, _with_other({"content/news/2025/a.md": story(
        "a", date="2025-06-01 09:00", body=f"[好]({outside_server}/ok)一个链接。")}))
    result = audit(cfg, cfg.parent / "site", date(2025, 6, 2))
    result.external["/news/2025/06/01/a/"] += ["file:///etc/passwd", "ftp://127.0.0.1/x"]
    opened: list[str] = []
    real = built.status

    def status(url: str, timeout: float) -> str | None:
        opened.append(url)
        return real(url, timeout)

    monkeypatch.setattr(built, "status", status)
    built.online(result)
    assert opened == [f"{outside_server}/ok"]


def test_an_empty_site_s_search_is_said_to_be_empty_not_missing(make_site: SiteMaker) -> None:
    """A new county's empty site was told its search index was missing and to build again, which changes nothing."""
    cfg = _built(make_site, {})
    found = _found(audit(cfg, cfg.parent / "site", date(2025, 6, 2)))
    assert ("提示", "站内搜索", "/search/", "搜索索引是空的：网站还没有发布稿件和记录") in found
    assert not [f for f in found if f[1] == "站内搜索" and f[0] != "提示"], found


@pytest.mark.parametrize(("host", "public"), [
    ("8.8.8.8", True), ("10.1.2.3", False), ("172.16.0.9", False), ("192.168.1.1", False), ("127.0.0.1", False),
    ("169.254.169.254", False), ("[::1]", False), ("[fe80::1]", False), ("100.64.0.1", False), ("0.0.0.0", False),
    ("localhost", False), ("oa.local", False), ("db.internal", False), ("LOCALHOST.", False)])
def test_which_hosts_are_on_the_public_internet(host: str, public: bool) -> None:
    from generator.audit.fetch import _public

    assert _public(host) is public
