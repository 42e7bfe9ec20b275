"""Determinism and atomic publish."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import ContentError
from generator.outputs import encoder
from generator.publish import swap as publish
from generator.publish.swap import staging

from .conftest import NOW, SiteMaker, fixture_files, make_image, site_leftovers, story, tree_bytes


def _fixture(make_site: SiteMaker) -> Path:
    cfg = make_site(fixture_files())
    make_image(cfg.parent / "content/images/cover.jpg", (1600, 900))
    make_image(cfg.parent / "content/images/body.jpg", (800, 600))
    return cfg


def test_two_builds_are_byte_identical(make_site: SiteMaker, tmp_path: Path) -> None:
    cfg = _fixture(make_site)
    build(cfg, tmp_path / "one", now=NOW)
    shutil.rmtree(cfg.parent / ".pingan-cache")  # the second build encodes images again from scratch
    build(cfg, tmp_path / "two", now=NOW)
    build(cfg, tmp_path / "three", now=NOW)  # and a third one reuses the image cache
    one, two, three = (tree_bytes(tmp_path / n) for n in ("one", "two", "three"))
    assert len(one) > 50
    assert one.keys() == two.keys() == three.keys()
    differing = [name for name in one if one[name] != two[name] or one[name] != three[name]]
    assert differing == []


def test_content_error_leaves_previous_site_untouched(make_site: SiteMaker) -> None:
    cfg = _fixture(make_site)
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    before = tree_bytes(out)
    (cfg.parent / "content/news/2021/alpha.md").write_text("---\ntitle: 坏了\n---\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(cfg, out, now=NOW)
    assert tree_bytes(out) == before


def test_failure_while_writing_leaves_previous_site_and_no_temp_dir(make_site: SiteMaker,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = _fixture(make_site)
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    before = tree_bytes(out)
    (cfg.parent / "content/news/2021/bravo.md").write_text(
        (cfg.parent / "content/news/2021/bravo.md").read_text(encoding="utf-8").replace("网格员", "网格长"),
        encoding="utf-8")

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("磁盘已满（模拟）")

    monkeypatch.setattr(encoder.Encoder, "publish", explode)  # fails late, after MkDocs has written every page
    with pytest.raises(RuntimeError):
        build(cfg, out, now=NOW)
    assert tree_bytes(out) == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".site")) == []


def test_template_error_leaves_previous_site(make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    from generator.render import theme as theme_module

    cfg = _fixture(make_site)
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    before = tree_bytes(out)
    broken = tmp_path / "broken-theme"
    shutil.copytree(theme_module.theme_dir(), broken)
    (broken / "story.html").write_text("{% extends 'main.html' %}{% block content %}{{ pa.nope.deeper }}{% endblock %}")
    monkeypatch.setattr(theme_module, "theme_dir", lambda: broken)
    monkeypatch.setattr("generator.build.theme_dir", lambda: broken)
    with pytest.raises(Exception):  # noqa: B017 - jinja's UndefinedError
        build(cfg, out, now=NOW)
    assert tree_bytes(out) == before


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "site"
    old = tmp_path / ".site.old-1234"  # what a build killed between the two renames leaves behind
    old.mkdir()
    (old / "index.html").write_text("上一次的网站")
    (old / ".pingan-site").write_text("{}")
    stale = tmp_path / ".site.tmp-4321-0a1b2c3d"
    stale.mkdir()
    with staging(out) as tmp:
        assert (out / "index.html").read_text() == "上一次的网站"  # restored before building
        (tmp / "index.html").write_text("新网站")
    assert (out / "index.html").read_text() == "新网站"
    assert site_leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_ctrl_c_just_as_the_staging_folder_is_made_leaves_nothing(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C lands the moment the staging folder exists (when a person sees the build start writing, and when
    the Ctrl+C tests send it): the folder is removed and the last site stays."""
    import os

    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("上一次的网站")
    make = os.mkdir

    def interrupted(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        make(path, *args, **kwargs)  # type: ignore[arg-type]
        if ".site.tmp-" in os.fspath(path):
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "mkdir", interrupted)
    with pytest.raises(KeyboardInterrupt):
        with staging(out):
            pytest.fail("the build went on after Ctrl+C")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (out / "index.html").read_text() == "上一次的网站"


def _old_site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    for n in range(30):
        (out / f"p{n}").mkdir(parents=True)
        (out / f"p{n}" / "index.html").write_text(f"旧页面 {n}")
    return out


def test_the_old_site_is_deleted_by_a_process_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build returns once the new site is in place; the old one is deleted meanwhile, by another process."""
    out = _old_site(tmp_path)
    release = tmp_path / "release"
    # The deleting process waits until told to go on, so the build has certainly returned before it deletes.
    monkeypatch.setattr(publish, "_DELETE", "import os, shutil, sys, time\n"
                        f"while not os.path.exists({os.fspath(release)!r}): time.sleep(0.02)\n"
                        "shutil.rmtree(sys.argv[1], ignore_errors=True)")
    with staging(out) as tmp:
        (tmp / "index.html").write_text("新网站")
    assert tree_bytes(out) == {"index.html": "新网站".encode()}
    trash = [p for p in tmp_path.iterdir() if p.name.startswith(".site.trash-")]
    assert len(trash) == 1 and len(list(trash[0].rglob("index.html"))) == 30  # waiting, untouched
    deleting = publish._deleting[-1]
    assert deleting.poll() is None and deleting.args[-1] == os.fspath(trash[0])
    release.touch()
    assert site_leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release", "site"]


@pytest.mark.parametrize("why", ["refused", "no interpreter"])
def test_the_old_site_is_deleted_here_when_no_process_can_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               why: str) -> None:
    import sys

    out = _old_site(tmp_path)

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError("资源暂时不可用（模拟）")

    if why == "refused":
        monkeypatch.setattr(publish, "_Detached", refused)
    else:
        monkeypatch.setattr(sys, "executable", None)  # Python could not tell where its program is (embedded)
    with staging(out) as tmp:
        (tmp / "index.html").write_text("新网站")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # at once: nothing was handed on
    assert tree_bytes(out) == {"index.html": "新网站".encode()}


def test_what_a_killed_deletion_left_goes_with_the_next_build(make_site: SiteMaker) -> None:
    cfg = _fixture(make_site)
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    left = cfg.parent / ".site.trash-0badc0de"  # a deletion killed half way (or the machine switched off)
    (left / "news").mkdir(parents=True)
    (left / "news" / "index.html").write_text("半删的旧网站")
    build(cfg, out, now=NOW)
    assert site_leftovers(cfg.parent) == []
    assert (out / "index.html").is_file()


def _feed_ids(out: Path) -> tuple[str, str]:
    """The one story's id in every feed that carries it (RSS guid, Atom id: the same in all), and where its links
    lead (the same in all)."""
    from lxml import etree

    ids, links = set(), set()
    for name in ("feed.xml", "columns/dongtai/feed.xml"):
        item = etree.fromstring((out / name).read_bytes()).find("channel/item")
        ids.add(item.findtext("guid"))
        links.add(item.findtext("link"))
    atom = etree.fromstring((out / "atom.xml").read_bytes()).find("{http://www.w3.org/2005/Atom}entry")
    ids.add(atom.findtext("{http://www.w3.org/2005/Atom}id"))
    assert len(ids) == len(links) == 1, (ids, links)
    return ids.pop(), links.pop().removeprefix("https://pingan.example.gov.cn")


def test_a_corrected_date_leaves_the_old_address_forwarding_to_the_new(make_site: SiteMaker) -> None:
    """A story's address holds its date: correcting the date moves it. The old address, read from the site being
    replaced, keeps a page that sends the reader on (links already shared still open), out of search engines and
    the sitemap; the build warns once, naming the file, line and both addresses. A second correction keeps both old
    addresses; a deleted story takes its forwarding pages with it."""
    cfg = make_site({"content/news/2021/moved.md": story("moved", title="改过日期的稿件 <b>&", date="2021-09-13 08:30")})
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    path = cfg.parent / "content/news/2021/moved.md"
    path.write_text(path.read_text("utf-8").replace("2021-09-13", "2021-09-12"), encoding="utf-8")
    report = build(cfg, out, now=NOW)
    said = [(w.path, w.line, w.field, w.message) for w in report.warnings if w.field == "date"]
    assert said == [("content/news/2021/moved.md", 4, "date", "发布时间改了，稿件的网址从 "
                     "/news/2021/09/13/moved/ 变为 /news/2021/09/12/moved/")]
    old = (out / "news/2021/09/13/moved/index.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../12/moved/">' in old
    assert '<link rel="canonical" href="https://pingan.example.gov.cn/news/2021/09/12/moved/">' in old
    assert '<meta name="robots" content="noindex">' in old and "改过日期的稿件 &lt;b&gt;&amp;" in old and "<b>" not in old
    assert "09/13/moved" not in (out / "sitemap.xml").read_text("utf-8")
    assert [w for w in build(cfg, out, now=NOW).warnings if w.field == "date"] == []  # said once
    assert _feed_ids(out) == ("https://pingan.example.gov.cn/news/2021/09/13/moved/", "/news/2021/09/12/moved/")
    path.write_text(path.read_text("utf-8").replace("2021-09-12", "2021-09-11"), encoding="utf-8")
    build(cfg, out, now=NOW)
    for day in ("13", "12"):
        assert "url=../../11/moved/" in (out / f"news/2021/09/{day}/moved/index.html").read_text("utf-8")
    # readers know the story by its first address through every move: not shown again as a new story
    assert _feed_ids(out) == ("https://pingan.example.gov.cn/news/2021/09/13/moved/", "/news/2021/09/11/moved/")
    path.unlink()
    build(cfg, out, now=NOW)
    assert not (out / "news/2021/09/13/moved").exists() and not (out / "news/2021/09/11/moved").exists()


def test_a_story_moved_back_or_moved_under_an_older_version_keeps_the_id_readers_hold(make_site: SiteMaker) -> None:
    """Moved back to its first date, a story was named in the feeds by the address it had just left; a story moved
    before forwarding pages recorded an id (readers hold its present address) was renamed to its first one."""
    cfg = make_site({"content/news/2021/moved.md": story("moved", date="2021-09-13 08:30")})
    out = cfg.parent / "site"
    path = cfg.parent / "content/news/2021/moved.md"

    def date(day: str) -> None:
        text = re.sub(r"date: 2021-09-\d\d", f"date: 2021-09-{day}", path.read_text("utf-8"))
        path.write_text(text, encoding="utf-8")
        build(cfg, out, now=NOW)

    build(cfg, out, now=NOW)
    date("12")
    assert _feed_ids(out)[0].endswith("/09/13/moved/")
    assert 'data-pa-feed-id="news/2021/09/13/moved/"' in (out / "news/2021/09/12/moved/index.html").read_text("utf-8")
    date("13")  # back where it was first
    assert _feed_ids(out) == ("https://pingan.example.gov.cn/news/2021/09/13/moved/", "/news/2021/09/13/moved/")
    assert "data-pa-feed-id" not in (out / "news/2021/09/13/moved/index.html").read_text("utf-8")
    date("11")
    assert _feed_ids(out)[0].endswith("/09/13/moved/")
    # a site whose forwarding pages say no id (an older version's): readers hold the story's present address
    for page in out.glob("news/2021/09/*/moved/index.html"):
        page.write_text(re.sub(r' data-pa-feed-id="[^"]*"', "", page.read_text("utf-8")), encoding="utf-8")
    build(cfg, out, now=NOW)
    assert _feed_ids(out)[0].endswith("/09/11/moved/")
    date("10")  # and moved again: by the address it had until now
    assert _feed_ids(out)[0].endswith("/09/11/moved/")


def test_a_draft_s_date_changed_in_the_preview_leaves_no_forwarding_page(make_site: SiteMaker) -> None:
    """The preview shows drafts: a draft made by `pingan new`, its date then corrected and draft: true taken out,
    was warned about as a moved story (订阅软件可能把这篇当作新稿件再显示一次) and got a forwarding page, though
    its first address was never published."""
    from generator.publish.moved import DRAFT_MARK

    cfg = make_site({"content/news/2021/a.md": story("a"),
                     "content/news/2021/new.md": story("new", date="2021-09-13 08:30", extra="draft: true\n")})
    out = cfg.parent / "preview"
    build(cfg, out, now=NOW, include_unpublished=True)
    assert DRAFT_MARK in (out / "news/2021/09/13/new/index.html").read_text("utf-8")
    path = cfg.parent / "content/news/2021/new.md"
    path.write_text(path.read_text("utf-8").replace("2021-09-13", "2021-09-12").replace("draft: true\n", ""),
                    encoding="utf-8")
    report = build(cfg, out, now=NOW, include_unpublished=True)
    assert [w for w in report.warnings if w.field == "date"] == []
    assert not (out / "news/2021/09/13/new").exists() and (out / "news/2021/09/12/new/index.html").is_file()


def test_old_addresses_are_read_only_from_ordinary_folders_and_files(make_site: SiteMaker, tmp_path: Path) -> None:
    """The old site's story folders are read for forwarding only when they are ordinary: a folder that is a link
    (it could lead out of the site), an index.html that is a FIFO (a read would never end) or a folder named with
    other digits (١٢) are passed over."""
    from generator.build import prepare
    from generator.publish.moved import moved_stories

    cfg = make_site({"content/news/2021/moved.md": story("moved", date="2021-09-13 08:30"),
                     "content/news/2021/fifo.md": story("fifo", date="2021-09-13 09:30"),
                     "content/news/2021/other.md": story("other", date="2021-09-13 10:30")})
    entries = prepare(cfg, NOW, False, False, None).site.entries
    out = tmp_path / "old-site"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("<p>not ours</p>", encoding="utf-8")
    (out / "news/2021/09/12").mkdir(parents=True)
    os.symlink(outside, out / "news/2021/09/12/moved")
    (out / "news/2021/09/11/fifo").mkdir(parents=True)
    os.mkfifo(out / "news/2021/09/11/fifo/index.html")
    (out / "news/2021/09/١٢/other").mkdir(parents=True)
    (out / "news/2021/09/١٢/other/index.html").write_text("<p>old</p>", encoding="utf-8")
    assert moved_stories(out, entries) == []
    (out / "news/2021/09/10/other").mkdir(parents=True)
    (out / "news/2021/09/10/other/index.html").write_text("<p>old</p>", encoding="utf-8")
    assert [(m.old, m.entry.id) for m in moved_stories(out, entries)] == [("news/2021/09/10/other/", "other")]
