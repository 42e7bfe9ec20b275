"""Pictures and stories of unusual size: a WeChat long picture builds, a picture no web image can hold is refused by
name and line, and a story's conversion does work in proportion to its length (or is refused early)."""

from __future__ import annotations

import pytest
from lxml import html

from generator.build import build, check
from generator.errors import ContentError
from generator.outputs import images

from .conftest import NOW, SiteMaker, make_image, story
from .test_limits import real_png


def test_webp_is_written_only_when_every_variant_fits_its_16383_pixel_side() -> None:
    fits = images._variants("k", 1080, 16383, 1440)
    assert [(v.width, v.height) for v in fits] == [(480, 7281), (960, 14563), (1080, 16383)]
    assert all(v.webp == f"images/k-{v.width}.webp" for v in fits)
    longer = images._variants("k", 1080, 16384, 1440)
    assert [v.webp for v in longer] == ["", "", ""] and [v.jpeg for v in longer][-1] == "images/k-1080.jpg"


def test_a_wechat_long_picture_is_published_as_jpeg_only(make_site: SiteMaker) -> None:
    """1080×20000 (a WeChat long picture) passes WebP's limit: the build publishes every width as JPEG, and the page's
    <picture> offers no WebP, rather than failing with an encoder's English error."""
    cfg = make_site({"content/news/2021/a.md": story("a", body="活动海报：\n\n![平安建设长图海报](/images/long.jpg)")})
    make_image(cfg.parent / "content/images/long.jpg", (1080, 20000))
    check(cfg, now=NOW)
    build(cfg, cfg.parent / "site", now=NOW)
    doc = html.parse(str(cfg.parent / "site/news/2021/09/13/a/index.html")).getroot()
    (pic,) = doc.xpath("//picture[img[@alt='平安建设长图海报']]")
    assert pic.xpath("source") == []
    (img,) = pic.xpath("img")
    assert (img.get("width"), img.get("height")) == ("960", "17778")
    assert [c.split()[1] for c in img.get("srcset").split(", ")] == ["480w", "960w", "1080w"]
    published = {p.name for p in (cfg.parent / "site/images").iterdir()}
    key = img.get("src").rsplit("/", 1)[1].split("-")[0]
    assert sorted(n for n in published if n.startswith(key)) == [f"{key}-{w}.jpg" for w in (1080, 480, 960)]


@pytest.mark.parametrize(("size", "message", "hint"), [
    ((100_000, 1), "图片太细（100000×1 像素）：缩到网页上最宽的 1440 像素时，高度不到 1 像素，做不成网页图片：/images/p.png",
     "裁掉多余的部分"),
    ((1, 70_000), "图片太长（1×70000 像素）：网页上最宽的一张是 1×70000 像素，超过了网页图片一边最长 65500 像素的上限："
     "/images/p.png", "裁成几段"),
])
def test_a_picture_no_web_image_can_hold_is_refused_by_check_and_build_with_its_line(
        make_site: SiteMaker, size: tuple[int, int], message: str, hint: str) -> None:
    cfg = make_site({"content/news/2021/a.md": story("a", body="第一段。\n\n![一条线](/images/p.png)")})
    real_png(cfg.parent / "content/images/p.png", *size)
    for run in (lambda: check(cfg, now=NOW), lambda: build(cfg, cfg.parent / "site", now=NOW)):
        with pytest.raises(ContentError) as caught:
            run()
        (problem,) = [p for p in caught.value.problems if p.level == "error"]
        assert (problem.path, problem.line, problem.field, problem.message) == (
            "content/news/2021/a.md", 11, "正文", message)
        assert hint in problem.hint
    assert not (cfg.parent / "site").exists()
