"""Determinism and atomic publish."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import images
from generator.build import build
from generator.errors import ContentError
from generator.publish import staging

from .conftest import NOW, SiteMaker, fixture_files, make_image, tree_bytes


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

    monkeypatch.setattr(images.Encoder, "publish", explode)  # fails late, after MkDocs has written every page
    with pytest.raises(RuntimeError):
        build(cfg, out, now=NOW)
    assert tree_bytes(out) == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".site")) == []


def test_template_error_leaves_previous_site(make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    from generator import mkdocs_adapter

    cfg = _fixture(make_site)
    out = cfg.parent / "site"
    build(cfg, out, now=NOW)
    before = tree_bytes(out)
    broken = tmp_path / "broken-theme"
    shutil.copytree(mkdocs_adapter.theme_dir(), broken)
    (broken / "story.html").write_text("{% extends 'main.html' %}{% block content %}{{ pa.nope.deeper }}{% endblock %}")
    monkeypatch.setattr(mkdocs_adapter, "theme_dir", lambda: broken)
    with pytest.raises(Exception):  # noqa: B017 - jinja's UndefinedError, whatever MkDocs wraps it in
        build(cfg, out, now=NOW)
    assert tree_bytes(out) == before


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "site"
    old = tmp_path / ".site.old-1234"  # what a build killed between the two renames leaves behind
    old.mkdir()
    (old / "index.html").write_text("上一次的网站")
    stale = tmp_path / ".site.tmp-abcd"
    stale.mkdir()
    with staging(out) as tmp:
        assert (out / "index.html").read_text() == "上一次的网站"  # restored before building
        (tmp / "index.html").write_text("新网站")
    assert (out / "index.html").read_text() == "新网站"
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
