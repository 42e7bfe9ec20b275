"""Pictures and stories of unusual size: a WeChat long picture builds, a picture no web image can hold is refused by
name and line, and a story's conversion does work in proportion to its length (or is refused early)."""

from __future__ import annotations

import io
import random
import sys
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest
from lxml import html
from markdown import inlinepatterns as ip

from generator.build import build, check
from generator.errors import ContentError
from generator.outputs import images
from generator.outputs.images import ImageRef
from generator.render import markdown as markdown_module
from generator.render import pasted
from generator.render.markdown import EXTENSION_CONFIGS, EXTENSIONS, BodyRenderer, RenderState

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


class _Counted(etree.Element):
    """An element that counts how often it is compared: list.index, list.remove and `in` on a list of children
    compare one by one, which made a body of n blocks cost n²."""

    compared = 0
    __hash__ = etree.Element.__hash__

    def __eq__(self, other: object) -> bool:
        _Counted.compared += 1
        return self is other


def _addresses_tree(n: int) -> etree.Element:
    root = _Counted("div")
    root.text = "网址 https://a.cn/0 。"
    for i in range(n):
        p = _Counted("p")
        p.text = f"第{i}段"
        p.tail = f"见 https://a.cn/{i} 和 https://b.cn/{i}，完。"
        root.append(p)
    return root


def test_web_addresses_are_linked_in_one_pass_over_a_body_s_blocks() -> None:
    """_Addresses finds each block's place by counting, not by searching the children: the comparisons do not grow
    with the square of the blocks (a body of 100,000 headings took minutes), and every link lands after its block."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    work = []
    for n in (200, 800):
        root = _addresses_tree(n)
        _Counted.compared = 0
        pasted._Addresses(md).run(root)
        work.append(_Counted.compared)
        assert root.text == "网址 " and [a.get("href") for a in root[:1]] == ["https://a.cn/0"]
        assert [(el.tag, el.get("href"), el.tail) for el in root[1:4]] == [
            ("p", None, "见 "), ("a", "https://a.cn/0", " 和 "), ("a", "https://b.cn/0", "，完。")]
        assert len(root) == 1 + 3 * n and [el.text for el in root[-3:]] == [f"第{n - 1}段", *(
            f"https://{h}.cn/{n - 1}" for h in "ab")]
    assert work[1] <= 6 * work[0] + 100, work  # four times the blocks: about four times the work, not sixteen


def test_pictures_take_the_place_of_their_img_without_a_search_among_their_neighbours() -> None:
    """A paragraph of n pictures: each <img> becomes its <picture> where it stands, its text after it kept."""
    renderer = BodyRenderer()
    work = []
    for n in (100, 400):
        root = _Counted("div")
        p = _Counted("p")
        root.append(p)
        for i in range(n):
            img = _Counted("img", {"src": "/images/a.jpg", "alt": "调解现场"})
            img.tail = f"图{i}"
            p.append(img)
        renderer.state = RenderState(resolve=lambda src: PHOTO, page_url="news/a/")
        _Counted.compared = 0
        markdown_module._ImageProcessor(renderer.md, renderer).run(root)
        work.append(_Counted.compared)
        assert [(el.tag, el.tail) for el in p][-2:] == [("picture", f"图{n - 2}"), ("picture", f"图{n - 1}")]
        assert [el.tag for el in p[0]] == ["source", "img"] and len(p) == n
        assert p[0][1].get("srcset") == "../../images/k-480.jpg 480w, ../../images/k-960.jpg 960w"
    assert work[1] <= 6 * work[0] + 100, work


SHAPES = {  # what a body of n blocks of each shape is
    "headings": lambda n: "# a\n" * n,
    "paragraphs": lambda n: "平安\n\n" * n,
    "addresses": lambda n: "见 https://a.cn/x 。\n\n" * n,
    "table columns": lambda n: "|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "1|" * n + "\n",
    "footnotes": lambda n: "".join(f"文字[^{i}]" for i in range(n)) + "\n\n" + "".join(f"[^{i}]: 注{i}\n" for i in range(n)),
    "list items": lambda n: "- 条目\n" * n,
    "pictures": lambda n: "![调解现场](/images/a.jpg)\n\n" * n,
    "links in one paragraph": lambda n: "[链接](https://a.cn/x)" * n,
    "pictures in one paragraph": lambda n: "![调解现场](/images/a.jpg)" * n,
}
PHOTO = ImageRef(Path("content/images/a.jpg"), "k", 960, 640, tuple(
    images.Variant(w, w * 2 // 3, f"images/k-{w}.jpg", f"images/k-{w}.webp") for w in (480, 960)))


def _calls(text: str) -> int:
    """The Python functions (and built-ins) a body's conversion calls: a deterministic measure of its work."""
    renderer = BodyRenderer()

    def resolve(src: str) -> ImageRef:
        assert src == "/images/a.jpg"
        return PHOTO

    count = 0

    def counter(frame: object, event: str, arg: object) -> None:
        nonlocal count
        count += event in ("call", "c_call")

    state = RenderState(resolve=resolve, page_url="news/a/")
    sys.setprofile(counter)
    try:
        renderer.render(text, state)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("shape", SHAPES)
def test_a_body_s_conversion_grows_with_its_length_not_its_square(shape: str) -> None:
    small, large = (_calls(SHAPES[shape](n)) for n in (150, 600))
    assert large <= 6 * small, (small, large)


def test_a_bracket_closes_where_markdown_closes_it_while_the_text_before_it_changes() -> None:
    """_Brackets keeps the map of the text after a [ and reads it as Markdown's own getText would: for every index,
    after the text before it has been changed (a link before it replaced by a placeholder), or after another text."""
    rng = random.Random(5)
    ours, theirs = pasted._Link(ip.LINK_RE), ip.LinkInlineProcessor(ip.LINK_RE)
    for _ in range(300):
        data = "".join(rng.choice("[[]]a(") for _ in range(rng.randint(0, 30)))
        for index in range(len(data) + 1):
            changed = rng.choice(["", "\x02klzzwxh:0001\x03", data[:index]]) + data[index:]
            at = len(changed) - (len(data) - index)
            for text in (data, changed):
                where = index if text is data else at
                assert ours.getText(text, where) == theirs.getText(text, where), (text, where)


@pytest.mark.parametrize(("body", "line", "message"), [
    ("# a\n" * 10_001, 10_009, "正文太长：有 10,001 行文字（段落、标题、列表项、表格行），上限 10,000 行"),
    ("平安\n\n" * 12_000, 20_009, "正文太长：有 12,000 行文字（段落、标题、列表项、表格行），上限 10,000 行"),
    ("段落。\n\n|" + "a|" * 101 + "\n", 11, "表格太宽：这一行有 102 个竖线 |（或制表符），上限 100 列"),
    (("|" + "a|" * 50 + "\n") * 400, 401, "表格太大：共有 20,400 个单元格（竖线 | 或制表符），上限 20,000 个"),
    ("".join(f"文字[^{i}]" for i in range(2_001)), 9, "脚注太多：写了 2,001 处 [^…]，上限 2,000 处"),
    ("段落。\n\n" + "<a" * 2_001, 11, "正文里的“<”太多：共 2,001 个，上限 2,000 个"),
    # still n² inside Markdown (a hostile re-read: [a]( × 20,000 on one line took 83 s, &amp; × 150,000 86 s)
    ("段落。\n\n" + "[a](" * 2_001, 11, "链接和图片太多：共 2,001 处“](”，上限 2,000 处"),
    ("段落。\n\n" + "&amp;" * 5_001, 11, "正文里的“&”太多：共 5,001 个，上限 5,000 个"),
])
def test_a_body_markdown_would_take_minutes_on_is_refused_before_it_is_converted(
        make_site: SiteMaker, body: str, line: int, message: str) -> None:
    cfg = make_site({"content/news/2021/a.md": story("a", body=body)})
    with pytest.raises(ContentError) as caught:
        check(cfg, now=NOW)
    (problem,) = [p for p in caught.value.problems if p.level == "error"]
    assert (problem.path, problem.line, problem.field, problem.message) == ("content/news/2021/a.md", line, "正文",
                                                                            message)


def test_an_ordinary_long_story_is_within_every_limit(make_site: SiteMaker) -> None:
    """30,000 Chinese characters in 300 paragraphs, a 20-column table of 100 rows, 50 footnotes and a little HTML."""
    paragraphs = "\n\n".join(f"第{i}段，" + "平安建设" * 25 + f"[^{i % 50}]。" for i in range(300))
    table = "| " + " | ".join(f"列{c}" for c in range(20)) + " |\n|" + " --- |" * 20 + "\n" + (
        "| " + " | ".join(str(c) for c in range(20)) + " |\n") * 100
    notes = "\n".join(f"[^{i}]: 出处{i}。" for i in range(50))
    cfg = make_site({"content/news/2021/a.md": story("a", body=f"{paragraphs}\n\n{table}\n<b>加粗</b>\n\n{notes}")})
    check(cfg, now=NOW)


def test_a_long_png_over_the_pixel_limit_is_told_to_be_cut_not_shrunk() -> None:
    """A 1080×48000 PNG (a WeChat long screenshot) is over 50 megapixels: told to shrink to 4000 px wide, which it
    already is narrower than; the hint is the long picture's (cut it into parts)."""
    from PIL import Image

    from generator.outputs import images

    buf = io.BytesIO()
    Image.new("RGB", (1080, 48000), "white").save(buf, "PNG")
    with pytest.raises(images.ImageProblem) as caught:
        images._open_raster(buf.getvalue())
    assert caught.value.hint == images.LONG_PICTURE_HINT
