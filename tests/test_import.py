"""`pingan import`: Word files and pasted news pages become draft stories, exactly as asserted."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Inches
from PIL import Image

from generator.authoring.importer import import_file, repair_pinyin
from generator.cli import main
from generator.config import load_config

from .conftest import NOW, SiteMaker

# A page copied from a news website: breadcrumbs, meta line, widgets, byline, an image file name left as
# text, an editor tag, a recommendation list and a copyright notice around three paragraphs.
NEWS_PAGE = """\
您当前的位置：首页 > 新闻中心 > 本地新闻
测试县：平安细胞工程让群众更安心
2021-09-13 08:30　来源：测试日报　作者：尚禾
【字号 大 中 小】 【打印】 【关闭】
本报讯（记者 尚禾 通讯员 杨琳）今年以来，测试县推行平安细胞工程，首批确定了20个创建项目。
截至目前，全县共排查矛盾纠纷1,399件，化解1,387件，化解率99.1%。
tupian_20210913.jpg
“现在村里有事都能及时解决。”一位村民说。
责任编辑：王某
相关推荐
测试县召开平安建设推进会
测试区开展法治宣传活动
版权声明：本网所有内容未经授权不得转载。
"""

NEWS_STORY = """\
---
id: ce-shi-xian-ping-an
title: 测试县：平安细胞工程让群众更安心
date: 2021-09-13 08:30
column: tiaojie
source: 测试日报
authors:
  - {name: 尚禾, role: 记者}
  - {name: 杨琳, role: 通讯员}
cite: 据测试日报报道导入，发布前请核对并注明出处
imported: '{key}'                 # 导入来源的指纹，用于避免重复导入，请勿修改
draft: true                        # 导入的稿件默认是草稿：核对无误后删掉这一行
---

今年以来，测试县推行平安细胞工程，首批确定了20个创建项目。

截至目前，全县共排查矛盾纠纷1,399件，化解1,387件，化解率99.1%。

“现在村里有事都能及时解决。”一位村民说。
"""

# The damaged form some sites produce: a traditional character followed by its pinyin in parentheses.
PINYIN_PAGE = """\
平安天祝建設取得新成效
2022年05月20日　來源：測試報
記者 張三 通訊員 李四
天祝縣持續發(fā)展基層治(zhì)理，培育法律明白人640名（其中女性210名）。
民主法治示範村達到85個(2022年)，獲評“長安杯”的經驗在全縣推廣。
"""

PINYIN_BODY = """\
天祝县持续发展基层治理，培育法律明白人640名（其中女性210名）。

民主法治示范村达到85个(2022年)，获评“长安杯”的经验在全县推广。
"""


def _import(cfg: Path, path: Path, column: str | None = "tiaojie", now: datetime = NOW) -> tuple[str, object]:
    root = cfg.parent
    result = import_file(root, load_config(cfg), path, column, now, {})
    assert result.story is not None
    return result.story.read_text(encoding="utf-8"), result


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_news_page_in_any_encoding(make_site: SiteMaker, tmp_path: Path, encoding: str) -> None:
    cfg = make_site()
    page = tmp_path / "page.txt"
    page.write_bytes(NEWS_PAGE.replace("\n", "\r\n").encode(encoding))
    text, result = _import(cfg, page)
    fingerprint = text.split("imported: '")[1][:16]
    assert text == NEWS_STORY.replace("{key}", fingerprint)
    assert result.dropped == {"面包屑导航": 1, "字号和打印按钮": 1, "图片文件名": 1, "编辑署名": 1, "相关新闻": 1,  # type: ignore[attr-defined]
                              "正文后的页面文字": 2, "备案和版权": 1}
    assert result.story.relative_to(cfg.parent).as_posix() == \
        "content/news/2021/ce-shi-xian-ping-an.md"  # type: ignore[attr-defined]


def test_big5_traditional_page_with_pinyin_damage(make_site: SiteMaker, tmp_path: Path) -> None:
    cfg = make_site()
    page = tmp_path / "tianzhu.txt"
    page.write_text(PINYIN_PAGE, encoding="utf-8")
    text, result = _import(cfg, page)
    key = text.split("imported: '")[1][:16]
    assert text == f"""\
---
id: ping-an-tian-zhu-jian-she-qu-de
title: 平安天祝建设取得新成效
date: 2022-05-20 08:00
column: tiaojie
source: 测试报
authors:
  - {{name: 张三, role: 记者}}
  - {{name: 李四, role: 通讯员}}
cite: 据测试报报道导入，发布前请核对并注明出处
imported: '{key}'                 # 导入来源的指纹，用于避免重复导入，请勿修改
draft: true                        # 导入的稿件默认是草稿：核对无误后删掉这一行
---

""" + PINYIN_BODY
    assert "去掉了 2 处夹在字后面的拼音，如“發(fā)展”" in result.detected  # type: ignore[attr-defined]
    assert "原文只有日期没有时间，发布时间暂写 08:00" in result.guessed  # type: ignore[attr-defined]
    # The same text saved as Big5 (without the pinyin, which Big5 cannot hold) reads the same.
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(PINYIN_PAGE.replace("(fā)", "").replace("(zhì)", "").replace("來源：測試報", "").encode("big5"))
    text, result = _import(cfg, big5)
    assert text.split("---\n\n", 1)[1] == PINYIN_BODY
    assert "编码 Big5" in result.detected  # type: ignore[attr-defined]


def test_pinyin_repair_leaves_other_parentheses() -> None:
    assert repair_pinyin("發(fā)展和治(zhì)理") == ("發展和治理", 2)
    assert repair_pinyin("全县(2022年)、网格员(含兼职)、APP(de)、发(zhan)") == (
        "全县(2022年)、网格员(含兼职)、APP(de)、发(zhan)", 0)


def test_html_page(make_site: SiteMaker, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>调解员走村入户 - 测试日报</title><script>var x=1;</script></head><body>"
        "<div class='crumb'>当前位置：首页 &gt; 要闻</div><h1>调解员走村入户</h1>"
        "<div class='meta'>发布时间：2024-09-02 10:15:00 来源：测试网</div>"
        "<p>　　记者 张三 通讯员 李四</p><p>　　近日，测试县调解员走村入户，化解纠纷12起。</p>"
        "<p>分享到：微信 微博</p><div>相关阅读</div><ul><li>另一条新闻</li></ul></body></html>",
        encoding="utf-8")
    text, _ = _import(make_site(), page)
    assert text.startswith("---\nid: tiao-jie-yuan-zou-cun-ru-hu\ntitle: 调解员走村入户\ndate: 2024-09-02 10:15\n"
                           "column: tiaojie\nsource: 测试网\nauthors:\n  - {name: 张三, role: 记者}\n"
                           "  - {name: 李四, role: 通讯员}\n")
    assert text.split("---\n\n", 1)[1] == "近日，测试县调解员走村入户，化解纠纷12起。\n"


def test_pictures_of_an_html_page_are_kept_in_place_not_dropped_silently(make_site: SiteMaker, tmp_path: Path) -> None:
    """A saved page's pictures are addresses (often on the original site), not files the import can take: a picture
    of the story stays at its place as an image with its alt text and original address (made absolute from the
    page's own address; never raw control characters), and the report says so; logos and QR codes around the
    article, and pictures set icon-small, are not pictures of the story; an animated GIF of the article is."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>调解员走村入户</title></head><body><img src='/images/logo.png'><h1>调解员走村入户</h1>"
        "<div>发布时间：2024-09-02 10:15 来源：测试网</div><p>近日，测试县调解员走村入户，化解纠纷12起。</p>"
        "<p><img src='/uploads/2024/09/a.jpg' alt='调解现场'></p><p>群众点赞。</p><img src='/images/ewm.jpg'>"
        "</body></html>", encoding="utf-8")
    story, result = _import(make_site(), page)
    said = _pictures_said(result)
    assert said == ["正文里的 1 张图片没有导入，草稿在原来的位置写了图片的原地址（/uploads/2024/09/a.jpg）："
                    "需要的请另存到 content/images/，把地址改成 /images/文件名；不要的删掉那一行"]
    assert story.split("---\n\n", 1)[1] == ("近日，测试县调解员走村入户，化解纠纷12起。\n\n![调解现场](/uploads/2024/09/a.jpg)"
                                              "\n\n群众点赞。\n")
    canonical = "<link rel='canonical' href='https://www.example.gov.cn/art/2024/9/2/art_1.html'>"
    page.write_text(page.read_text(encoding="utf-8").replace("<title>", canonical + "<title>")
                    .replace("/uploads/2024/09/a.jpg", "/u/\x1b[2J a(1)" + "b" * 300), encoding="utf-8")
    story, result = _import(make_site(), page)
    said = _pictures_said(result)
    address = "https://www.example.gov.cn/u/%1B%5B2J%20a%281%29" + "b" * 300
    assert said[0].startswith(f"正文里的 1 张图片没有导入，草稿在原来的位置写了图片的原地址（{address[:80]}…）")
    assert f"![调解现场]({address})" in story
    page.write_text(page.read_text(encoding="utf-8").replace(
        "<p>群众点赞。</p>", "<p><img src='/uploads/flow.gif' alt='流程'></p><p><img src='/i/dot.png' width='8' "
        "height='8'><img src='/i/arrow.png' style='x' width=' 32px '></p><p>群众点赞。</p>"), encoding="utf-8")
    story, result = _import(make_site(), page)
    said = _pictures_said(result)
    assert said[0].startswith("正文里的 2 张图片没有导入") and "、https://www.example.gov.cn/uploads/flow.gif）" in said[0]
    assert "dot.png" not in story and "arrow.png" not in story and "logo" not in story and "ewm" not in story


def test_a_wechat_article_s_lazy_pictures_and_ornaments(make_site: SiteMaker, tmp_path: Path) -> None:
    """WeChat pages load their pictures late (data-src, with no src or a placeholder): they are named in the report
    like any other; the ▼ ornaments between paragraphs are not kept as text."""
    page = tmp_path / "wx.html"
    page.write_text(
        "<html><head><title>网格+调解</title></head><body><h1>网格+调解</h1><div id='js_content'>"
        "<p><span>点击蓝字</span><span>关注我们</span></p>"
        "<p><img data-src='https://mmbiz.qpic.cn/abc/640?wx_fmt=jpeg' src='data:image/gif;base64,R0lGOD'></p>"
        "<p>近年来，华藏寺镇探索“网格+调解”工作模式。</p><p style='text-align:center'>▼</p>"
        "<p>今年以来，全镇网格员共排查矛盾纠纷86件。</p><p>— END —</p></div></body></html>", encoding="utf-8")
    story, result = _import(make_site(), page)
    said = _pictures_said(result)
    assert said == ["正文里的 1 张图片没有导入，草稿在原来的位置写了图片的原地址（https://mmbiz.qpic.cn/abc/640?wx_fmt=jpeg）："
                    "需要的请另存到 content/images/，把地址改成 /images/文件名；不要的删掉那一行"]
    body = story.split("---\n\n", 1)[1]
    assert "▼" not in body and "END" not in body and "全镇网格员共排查矛盾纠纷86件" in body


def _pictures_said(result: object) -> list[str]:
    """What the import report says of the page's pictures."""
    return [g for g in result.guessed if "图片" in g]  # type: ignore[attr-defined]


def _docx(path: Path) -> None:
    doc = Document()
    doc.add_heading("护航站走访企业", level=1)
    doc.add_paragraph("通讯员 陈某某")
    para = doc.add_paragraph("今年以来，测试县")
    para.add_run("3个护航站").bold = True
    para.add_run("共走访企业600余次。")
    doc.add_heading("主要做法", level=2)
    doc.add_paragraph("民警结对联系企业", style="List Bullet")
    doc.add_paragraph("现场化解纠纷", style="List Bullet")
    table = doc.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "项目", (0, 1): "数量", (1, 0): "化解纠纷", (1, 1): "12起"}.items():
        table.cell(r, c).text = value
    image = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(image, "PNG")
    image.seek(0)
    doc.add_picture(image, width=Inches(1))
    doc.save(str(path))


def test_word_file(make_site: SiteMaker, tmp_path: Path) -> None:
    cfg = make_site()
    source = tmp_path / "huhang.docx"
    _docx(source)
    text, result = _import(cfg, source)
    key = text.split("imported: '")[1][:16]
    assert text == f"""\
---
id: hu-hang-zhan-zou-fang-qi-ye
title: 护航站走访企业
date: 2026-01-01 12:00
column: tiaojie
source: （待填写）
authors:
  - {{name: 陈某某, role: 通讯员}}
cite: 据（待填写）报道导入，发布前请核对并注明出处
imported: '{key}'                 # 导入来源的指纹，用于避免重复导入，请勿修改
draft: true                        # 导入的稿件默认是草稿：核对无误后删掉这一行
---

今年以来，测试县**3个护航站**共走访企业600余次。

## 主要做法

- 民警结对联系企业
- 现场化解纠纷

| 项目 | 数量 |
| --- | --- |
| 化解纠纷 | 12起 |

![配图1](../../images/huhang-{key[:6]}-1.png)
"""
    with Image.open(cfg.parent / f"content/images/huhang-{key[:6]}-1.png") as im:
        assert im.size == (40, 30)
    assert "第 1 张图片没有说明文字，已写成“配图1”，请改成描述图片内容的一句话" in result.guessed  # type: ignore[attr-defined]


def test_cli_reports_and_never_imports_twice(make_site: SiteMaker, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site()
    utf8, gbk = tmp_path / "page.txt", tmp_path / "page-gbk.txt"
    utf8.write_text(NEWS_PAGE, encoding="utf-8")
    gbk.write_bytes(NEWS_PAGE.encode("gbk"))
    assert main(["import", str(utf8), "--column", "tiaojie", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    story = "content/news/2021/ce-shi-xian-ping-an.md"
    assert out.splitlines()[:3] == [
        f"导入 page.txt → {story}（草稿）",
        "  识别：编码 UTF-8；标题《测试县：平安细胞工程让群众更安心》（第 2 行，下面是日期、来源或署名行）；"
        "时间 2021-09-13 08:30（第 3 行，日期行）；来源 测试日报（第 3 行，“来源”标注）；原稿编辑 王某（不列为作者）；"
        "记者 尚禾；通讯员 杨琳",
        "  已删除：面包屑导航 1 行、字号和打印按钮 1 行、图片文件名 1 行、编辑署名 1 行、相关新闻 1 行、正文后的页面文字 2 行、"
        "备案和版权 1 行",
    ]
    # The same file again, and the same article saved as GBK: both recognised, nothing new written.
    assert main(["import", str(utf8), str(gbk), "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert f"跳过 page.txt：以前导入过，对应稿件 {story}" in out
    assert f"跳过 page-gbk.txt：以前导入过，对应稿件 {story}" in out
    assert [p.name for p in (cfg.parent / "content/news").rglob("*.md")] == [Path(story).name]
    # The imported draft passes the check.
    assert main(["check", "--config", str(cfg)]) == 0
    assert f"  {story}　《测试县：平安细胞工程让群众更安心》" in capsys.readouterr().out


def test_unsupported_file_is_named(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site()
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["import", str(doc), "--config", str(cfg)]) == 1
    assert ("未导入：old.doc：不支持的文件类型 .doc；可以导入 .docx、.txt、.md、.html；旧版 Word（.doc）和 WPS 文档请用 "
            "Word 或 WPS 打开，“另存为” .docx 后再导入") in capsys.readouterr().err


def test_word_file_imported_once(make_site: SiteMaker, tmp_path: Path) -> None:
    """Importing the same Word file again finds the first story and writes nothing: no story, no image."""
    from generator.authoring.importer import imported_before

    cfg = make_site()
    source = tmp_path / "huhang.docx"
    _docx(source)
    first = import_file(cfg.parent, load_config(cfg), source, "tiaojie", NOW, {})
    assert first.story is not None
    again = import_file(cfg.parent, load_config(cfg), source, "tiaojie", NOW, imported_before(cfg.parent))
    assert again.story is None and again.duplicate_of == first.story.relative_to(cfg.parent).as_posix()
    assert len(list((cfg.parent / "content/images").iterdir())) == 1
    assert len(list((cfg.parent / "content/news").rglob("*.md"))) == 1


def test_a_fifo_is_neither_imported_nor_waited_on(make_site: SiteMaker, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import os

    config = make_site({})
    os.mkfifo(tmp_path / "pipe.txt")  # passed to import, and lying among the stories
    os.mkfifo(config.parent / "content/news/old.md")
    assert main(["import", "--config", str(config), str(tmp_path / "pipe.txt")]) == 1
    assert "pipe.txt：这个文件不是普通文件，而是命名管道（FIFO），读取它会一直等下去；只能导入普通的文件" in capsys.readouterr().err


def _only_story(cfg: Path) -> Path:
    """The one story the import wrote."""
    [story] = (cfg.parent / "content/news").rglob("*.md")
    return story


def _import_one(make_site: SiteMaker, tmp_path: Path, name: str, data: bytes | str,
                capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str, Path]:
    cfg = make_site()
    page = tmp_path / name
    page.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    code = main(["import", str(page), "--column", "tiaojie", "--config", str(cfg)])
    out = capsys.readouterr()
    return code, out.out, out.err, cfg


@pytest.mark.parametrize("data", ["", "\n \n\u3000\n", "<html><head><title>只有标题</title></head><body></body></html>"])
def test_an_empty_file_is_refused(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  data: str) -> None:
    code, out, err, cfg = _import_one(make_site, tmp_path, "empty.html" if data.startswith("<") else "empty.txt",
                                      data, capsys)
    assert code == 1 and "文件里没有文字" in err and "请打开导入的稿件" not in out
    assert not list((cfg.parent / "content/news").rglob("*.md"))


def test_a_whole_article_on_one_line_gives_a_story_the_build_accepts(
        make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _, cfg = _import_one(make_site, tmp_path, "line.txt", "平安建设" * 3000, capsys)
    assert code == 0 and "标题超过 80 个字，已截短" in out
    assert main(["check", "--config", str(cfg)]) == 0
    code, _, err, _ = _import_one(make_site, tmp_path, "huge.txt", "平安建设，" * 80000, capsys)
    assert code == 1 and "超过一篇稿件的上限" in err


def test_dates_that_do_not_exist_and_times_written_in_words(
        make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = ("某县召开平安建设推进会\n2024-02-30 10:00 来源：某县融媒体中心\n"
            "本报讯（记者 王小明 通讯员 阿依古丽·买买提）9月5日，全县召开会议，部署下一阶段工作。\n\n会议要求各乡镇抓好落实。\n")
    code, out, _, cfg = _import_one(make_site, tmp_path, "a.txt", page, capsys)
    assert code == 0 and "没有找到日期" in out
    story = _only_story(cfg).read_text("utf-8")
    assert "{name: 阿依古丽·买买提, role: 通讯员}" in story and "{name: 王小明, role: 记者}" in story
    assert main(["check", "--config", str(cfg)]) == 0
    from generator.authoring.article import read_article

    assert read_article(["标题写在这里的一行", "2024年9月6日下午3:05 来源：某报", "正文第一句话写在这里。"]).date == \
        "2024-09-06 15:05"
    assert read_article(["标题写在这里的一行", "2024-09-06T10:00:00+08:00", "正文第一句话写在这里。"]).date == \
        "2024-09-06 10:00"


def test_a_byline_not_understood_stays_in_the_story() -> None:
    from generator.authoring.article import read_article

    art = read_article(["标题写在这里的一行", "2024-09-06 来源：某报", "本报讯（记者 李 明）9月5日，全县召开会议，部署工作。"])
    assert art.body[0].startswith("（记者 李 明）9月5日")


def test_markup_in_the_text_stays_text(make_site: SiteMaker, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    page = ("某县召开平安建设推进会\n2024-09-06 10:00 来源：某县融媒体中心\n"
            "会上通报了<script>alert(1)</script>一类的网页代码问题，全县共排查隐患12处。\n\n"
            "详情见[通知](javascript:alert(2))和[附件](file:///C:/x.doc)。\n")
    code, out, _, cfg = _import_one(make_site, tmp_path, "m.txt", page, capsys)
    assert code == 0 and "去掉了 2 个不能用的链接" in out
    file = _only_story(cfg)
    story = file.read_text("utf-8")
    assert "&lt;script>alert(1)&lt;/script>" in story and "javascript:" not in story and "file:" not in story
    checked = story.replace("draft: true", "draft: false").replace("导入，发布前请核对并注明出处", "改写")  # checked
    file.write_text(checked, "utf-8")
    assert main(["build", "--config", str(cfg)]) == 0
    built = next((cfg.parent / "site/news").rglob("index.html")).read_text("utf-8")
    assert "<script>alert(1)" not in built and "&lt;script&gt;alert(1)&lt;/script&gt;" in built


def test_a_markdown_file_with_its_own_front_matter(make_site: SiteMaker, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    page = ("---\nid: other-site-story\ntitle: 某县调解员获表彰\ndate: 2024-05-06 09:30\nsource: 某县融媒体中心\n---\n\n"
            "5月5日，某县召开表彰会，12名调解员受到表彰。\n\n## 经验做法\n\n- 每周走访\n- 每月回访\n")
    code, out, _, cfg = _import_one(make_site, tmp_path, "fm.md", page, capsys)
    assert code == 0
    story = _only_story(cfg).read_text("utf-8")
    assert "title: 某县调解员获表彰" in story and "date: 2024-05-06 09:30" in story and "source: 某县融媒体中心" in story
    assert "id: other-site-story" not in story.split("---", 2)[2]  # the old front matter is not in the body
    assert "\n## 经验做法\n" in story and "- 每周走访\n- 每月回访" in story


def test_a_page_with_two_articles_is_flagged(make_site: SiteMaker, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    page = ("<html><body><article><h1>第一篇的标题写在这里</h1><p>2024-09-06 来源：某县司法局</p><p>第一篇的正文，共调解纠纷12件。</p>"
            "</article><article><h1>第二篇的标题写在这里</h1><p>2024-09-05 来源：某县公安局</p><p>第二篇的正文。</p></article>"
            "</body></html>")
    code, out, _, _ = _import_one(make_site, tmp_path, "two.html", page, capsys)
    assert code == 0 and "网页上好像有 2 篇文章" in out


def test_personal_data_in_an_imported_story_is_in_the_report(make_site: SiteMaker, tmp_path: Path) -> None:
    """A correspondent's phone number in the text: the import report says so at once (masked), not only the build."""
    page = tmp_path / "来稿.txt"
    page.write_text("测试县调解员走村入户\n发布时间：2024-09-02 10:15 来源：测试网\n"
                    "近日，测试县调解员走村入户，化解纠纷12起。联系电话13912345678。\n", encoding="utf-8")
    text, result = _import(make_site(), page)
    said = [g for g in result.guessed if "手机号" in g]  # type: ignore[attr-defined]
    line = next(n for n, t in enumerate(text.split("\n"), start=1) if "联系电话" in t)
    assert said == [f"草稿第 {line} 行疑似手机号：139******78，发布前请删除或改写"]  # the draft's line, said so
    assert "13912345678" not in " ".join(result.guessed)  # type: ignore[attr-defined]


def test_a_bold_dateline_or_byline_in_a_word_file_is_taken_out_and_bold_points_stay(tmp_path: Path) -> None:
    """Word files often set the dateline or the byline in bold: **本报讯（记者 王明）**近日… was read as a subtitle
    “**本报讯（记者” and a first paragraph “王明）**近日…”. Bold openings of points (**一是…。**) stay bold text."""
    from generator.authoring.importer import analyse_file

    doc = Document()
    doc.add_heading("修武县多元化解矛盾纠纷见实效", level=1)
    lead = doc.add_paragraph()
    lead.add_run("本报讯（记者 王明）").bold = True
    lead.add_run("近日，修武县综治中心召开矛盾纠纷排查化解推进会，总结前一阶段工作，部署下一步任务。")
    point = doc.add_paragraph()
    point.add_run("一是强化排查。").bold = True
    point.add_run("各乡镇每周开展一次矛盾纠纷排查，全年排查纠纷一千余件。")
    doc.add_paragraph().add_run("通讯员 李华").bold = True
    doc.save(str(tmp_path / "bold.docx"))
    art = analyse_file(tmp_path / "bold.docx")
    assert art.title == "修武县多元化解矛盾纠纷见实效" and art.subtitle is None
    assert art.body == ["近日，修武县综治中心召开矛盾纠纷排查化解推进会，总结前一阶段工作，部署下一步任务。",
                        "**一是强化排查。**各乡镇每周开展一次矛盾纠纷排查，全年排查纠纷一千余件。"]
    assert art.people == [("王明", "记者"), ("李华", "通讯员")]


def test_coloured_highlighted_and_underlined_words_are_named_in_the_report(make_site: SiteMaker, tmp_path: Path) -> None:
    """Markdown has no colour, highlight or underline, so the draft shows such words as plain text: the report
    names them (a notice's red 重要提示 would otherwise lose its emphasis without a word); bold is kept, and black
    is no emphasis."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import RGBColor

    cfg = make_site()
    doc = Document()
    doc.add_heading("护航站走访企业", level=1)
    para = doc.add_paragraph("今年以来，")
    para.add_run("重要提示：请勿轻信陌生来电").font.color.rgb = RGBColor(0xFF, 0, 0)
    para.add_run("，民警逐户走访。")
    marked = doc.add_paragraph("走访中")
    marked.add_run("化解纠纷十二起").font.highlight_color = WD_COLOR_INDEX.YELLOW
    lined = doc.add_paragraph("")
    lined.add_run("群众满意率明显提升").underline = True
    plain = doc.add_paragraph("")
    plain.add_run("黑色的字").font.color.rgb = RGBColor(0, 0, 0)
    plain.add_run("加粗的字").bold = True
    word = tmp_path / "通讯稿.docx"
    doc.save(str(word))
    _, result = _import(cfg, word)
    said = [g for g in result.guessed if g.startswith("原文有")]  # type: ignore[attr-defined]
    assert said == ["原文有 3 段文字用颜色、突出显示、底纹或下划线标出（“重要提示：请勿轻信陌生来电”（颜色）、“化解纠纷十二起”（突出显示）、"
                    "“群众满意率明显提升”（下划线）），草稿里是普通文字：要强调的请改成 **加粗**"]
    _, unstyled = _import(cfg, _plain_docx(tmp_path))
    assert not [g for g in unstyled.guessed if g.startswith("原文有")]  # type: ignore[attr-defined]


def _plain_docx(tmp_path: Path) -> Path:
    doc = Document()
    doc.add_heading("调解室化解邻里纠纷", level=1)
    doc.add_paragraph("近日，调解室成功调解一起邻里纠纷。").add_run("双方签订协议。").bold = True
    path = tmp_path / "plain.docx"
    doc.save(str(path))
    return path


def test_a_bold_headline_is_plain_text_and_what_the_import_left_to_check_is_never_published(
        make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Word file's headline set as a bold, centred paragraph became the title “**天祝县…**” (asterisks shown on
    the page). What the import writes where it found nothing (来源“（待填写）”, the cite's “发布前请核对…”, a
    picture's alt “配图1”) is refused by check and build once draft: true is taken out, like `pingan new`'s."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cfg = make_site()
    doc = Document()
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run("天祝县“枫桥式”调解室让矛盾纠纷就地化解").bold = True
    doc.add_paragraph("近日，天祝县打柴沟镇调解室成功调解一起邻里宅基地纠纷，双方当场签订调解协议。")
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buf, "PNG")
    doc.add_picture(io.BytesIO(buf.getvalue()), width=Inches(1))
    doc.add_paragraph("调解室今年以来共化解各类纠纷三十余起。")
    word = tmp_path / "通讯稿.docx"
    doc.save(str(word))
    text, _ = _import(cfg, word)
    assert "\ntitle: 天祝县“枫桥式”调解室让矛盾纠纷就地化解\n" in text and "**" not in text.split("---")[1]
    assert "source: （待填写）" in text and "![配图1](" in text
    story = next((cfg.parent / "content/news").rglob("*.md"))
    story.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    shown = story.relative_to(cfg.parent).as_posix()
    assert f"错误：{shown} 第 6 行，字段 source：还没有核对：“（待填写）”是导入时写的提示文字" in err
    assert "字段 cite：还没有核对：“（待填写）”是导入时写的提示文字" in err
    assert "字段 cite：还没有核对：“发布前请核对并注明出处”是导入时写的提示文字" not in err  # one per field
    assert "正文：图片说明还是导入时写的“配图1”" in err


def test_a_page_s_tables_headings_and_sentences_with_footer_words_are_kept(
        make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A story's sentence that mentions a footer's words (分辨率, 举报电话, 关于我们) does not end the story; a table of
    figures becomes a Markdown table with every number; the page's own <h2> are the section headings; a page
    number bar is dropped and the report says the article goes on over more pages."""
    page = ("<html><head><title>全县一季度化解矛盾纠纷情况</title></head><body><h1>全县一季度化解矛盾纠纷情况</h1>"
            "<p>发布时间：2024-04-08 10:00 来源：某县司法局</p>"
            "<p>一季度，全县调解组织共受理纠纷312件，调解成功301件。</p>"
            "<p>新装的监控探头分辨率达到400万像素，夜里也能看清楚。</p>"
            "<h2>一、分乡镇情况</h2>"
            "<table><tr><th>乡镇</th><th>受理（件）</th><th>成功（件）</th><th>成功率</th></tr>"
            "<tr><td>城关镇</td><td>120</td><td>117</td><td>97.5%</td></tr>"
            "<tr><td>河口乡</td><td>92</td></tr></table>"
            "<h2>二、下步工作</h2>"
            "<p>群众发现线索，可以拨打县扫黑办的举报电话反映情况。</p>"
            "<p>村民说：“关于我们村的这些矛盾，调解员都管到了底。”</p>"
            "<div class='pages'>【1】<a href='a_2.html'>【2】</a><a href='a_3.html'>【3】</a> <a href='a_2.html'>下一页</a></div>"
            "<div class='foot'>版权所有：某县人民政府 ICP备12345678号</div></body></html>")
    code, out, err, cfg = _import_one(make_site, tmp_path, "tables.html", page, capsys)
    assert code == 0, err
    text = next((cfg.parent / "content/news").rglob("*.md")).read_text(encoding="utf-8")
    assert text.split("---\n\n", 1)[1] == (
        "一季度，全县调解组织共受理纠纷312件，调解成功301件。\n\n新装的监控探头分辨率达到400万像素，夜里也能看清楚。\n\n"
        "## 一、分乡镇情况\n\n| 乡镇 | 受理（件） | 成功（件） | 成功率 |\n| --- | --- | --- | --- |\n"
        "| 城关镇 | 120 | 117 | 97.5% |\n| 河口乡 | 92 | | |\n\n## 二、下步工作\n\n"
        "群众发现线索，可以拨打县扫黑办的举报电话反映情况。\n\n村民说：“关于我们村的这些矛盾，调解员都管到了底。”\n")
    assert "原文分成了几页" in out


@pytest.mark.parametrize("head", [
    '<link rel="canonical" href="https://www.example.gov.cn/art/2024/4/8/art_12_3456.html">',
    '<meta property="og:url" content="https://www.example.gov.cn/art/2024/4/8/art_12_3456.html">',
    '<!-- saved from url=(0054)https://www.example.gov.cn/art/2024/4/8/art_12_3456.html -->'])
def test_the_page_s_own_address_is_the_original_s_address(make_site: SiteMaker, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str], head: str) -> None:
    """Where the page says where it was published (canonical link, og:url, a browser's saved-from note), the draft
    links to the original, and the build accepts it."""
    page = (f"<html><head>{head}<title>调解员走村入户</title></head><body><h1>调解员走村入户</h1>"
            "<p>发布时间：2024-04-08 10:00 来源：某县司法局</p><p>近日，某县调解员走村入户，化解纠纷12起。</p></body></html>")
    code, out, err, cfg = _import_one(make_site, tmp_path, "page.html", page, capsys)
    assert code == 0, err
    story = next((cfg.parent / "content/news").rglob("*.md"))
    assert "\nsource_url: \"https://www.example.gov.cn/art/2024/4/8/art_12_3456.html\"\n" in story.read_text("utf-8")
    assert "原文网址 https://www.example.gov.cn/art/2024/4/8/art_12_3456.html" in out
    story.write_text(story.read_text("utf-8").replace("draft: true", ""), encoding="utf-8")
    main(["check", "--config", str(cfg)])  # fails on the cite still to be checked, not on the address
    err = capsys.readouterr().err
    assert "cite" in err and "source_url" not in err


@pytest.mark.parametrize("body, wanted", [
    # a headline ticker (links in spans) and a 下一篇 link above the title: the story is still found
    ('<div class="ticker"><span><a href="/1.html">调解员老周的一天</a></span><span><a href="/2.html">我县召开平安建设推进会，'
     '部署下半年矛盾纠纷排查化解工作</a></span><span><a href="/3.html">县法院开展诉前调解集中活动</a></span></div>'
     '<div><a href="/next.html">下一篇</a></div><div class="title">调解员老周的一天</div>'
     '<div class="info">2024-05-06 09:30 来源：某县融媒体中心</div><p>早上八点，调解员老周就到了村调解室。</p>',
     {"title": "调解员老周的一天", "date": "2024-05-06 09:30", "source": "某县融媒体中心",
      "body": "早上八点，调解员老周就到了村调解室。\n"}),
    # 来源于： is a source label
    ('<h1>东区开展矛盾纠纷排查</h1><p>来源于：东区办事处</p><p>3月5日，东区办事处组织各社区开展矛盾纠纷排查，共排查纠纷12件。</p>'
     '<p>发布日期：2019-03-06 10:00</p>',
     {"title": "东区开展矛盾纠纷排查", "source": "东区办事处", "subtitle": None}),
    # a line break in the page's source between a date and its source is a space, as the browser shows it
    ('<h1>陈某刑满出狱后登门致歉</h1><div class="date-source"><span class="date">2019年10月23日 09:05</span>\n'
     '<a class="source" href="#">环球网</a></div><div><p>据报道，陈某今日上午出狱。</p></div>',
     {"date": "2019-10-23 09:05", "source": "环球网", "body": "据报道，陈某今日上午出狱。\n"}),
    # a link glued to a byline (返回搜狐，查看更多) is not part of the last name; a hidden profile card is not text
    ('<h1>阿婆接来电被骗</h1><p>2019-09-11 10:00 来源：南方都市报</p><p>近日，警方接到一名72岁事主报警，称被骗上百万元。</p>'
     '<div style="display: none">公众号简介：每天推送本地新闻，欢迎关注。</div>'
     '<p>作者：余毅菁 向雪妮<a href="http://www.sohu.com/"><span>返回搜狐，查看更多</span></a></p>',
     {"people": [("余毅菁", "作者"), ("向雪妮", "作者")], "body": "近日，警方接到一名72岁事主报警，称被骗上百万元。\n"}),
    # a site menu (医院院报) is not the paper; 作者： a unit is no one's name; 职工 describes 通讯员
    ('<ul class="nav"><li><a href="/">首页</a></li><li><a href="/yb/">医院院报</a></li></ul><h3>我院举办药学技能大赛</h3>'
     '<p>来源：本站原创  作者：医技药剂党支部</p><p>时间：2019年10月31日 23:00  浏览：</p>'
     '<p>本站讯（职工通讯员 李琴雯 刘会）10月30日，我院举办了药学技能大赛。</p>',
     {"source": None, "people": [("李琴雯", "通讯员"), ("刘会", "通讯员")],
      "body": "10月30日，我院举办了药学技能大赛。\n"}),
    # share and font-size widgets, 延伸 · 推荐 and what follows it
    ('<h1>女警打百个电话遭停机</h1><div>2019-09-07 16:28:35　来源: <a href="#">新京报</a></div>'
     '<div class="share"><p>用微信扫码二维码</p></div><div class="size"><span>T</span><a>+</a><a>-</a></div>'
     '<div><p>9月6日，一名女民警因每天拨打一百多个电话被停机。</p><div><div>延伸 · 推荐</div>'
     '<p><a href="/x.html">女警一天打100电话被停机</a></p></div></div>',
     {"source": "新京报", "body": "9月6日，一名女民警因每天拨打一百多个电话被停机。\n"}),
    # a breadcrumb that ends in a long headline is still a breadcrumb (it read as the story's first sentence)
    ('<ul><li><a href="/">网站首页</a></li></ul><ul><li><a href="/sz/">时政新闻</a></li></ul>'
     '<div class="crumb">首页 &gt; 时政新闻 &gt; 江门七旬阿婆接来电称其涉黑被骗上百万！冒充公检法电诈团伙被端，九人落网</div>'
     '<div class="t">江门七旬阿婆接来电称其涉黑被骗上百万！冒充公检法电诈团伙被端，九人落网</div><p>2019年09月11日 某传媒</p>'
     '<p><img src="/i/a.jpeg" alt="警方现场"></p><p>近日，警方接到一名72岁事主报警，称被骗上百万元。</p>'
     '<p>作者：余毅菁 向雪妮<a href="/">返回富达，查看更多</a></p>',
     {"title": "江门七旬阿婆接来电称其涉黑被骗上百万！冒充公检法电诈团伙被端，九人落网", "people": [("余毅菁", "作者"), ("向雪妮", "作者")],
      "body": "![警方现场](/i/a.jpeg)\n\n近日，警方接到一名72岁事主报警，称被骗上百万元。\n"}),
    # share icons, a follow prompt, an album label, a like count, a 16-pixel icon named by its size, a WeChat
    # account with a relative time
    ('<h1>法国全国大罢工影响交通</h1><p>2019-12-10 07:57 来源：新华网</p><p>爱否科技 昨天</p>'
     '<p><img src="http://www.example.cn/images/wx.png"></p><p>关注新华网</p><h2>图集</h2>'
     '<p>新华社巴黎12月9日电 法国9日再次爆发全国跨行业大罢工。</p>'
     '<p><img src="http://p2.example.cn/a/204c433878d5cf9size1_w16_h16.png"></p><p>+1</p>',
     {"body": "法国9日再次爆发全国跨行业大罢工。\n"}),  # the dateline goes to the source
    # the line a page sets under a picture (centred, or classed as a caption) is the picture's alt text, its credit
    # a photographer; a centred line in bold under a picture is a section heading
    ('<h1>调解室升级</h1><p>2025-05-21 09:15 来源：某县司法局</p>'
     '<p style="text-align:center"><img src="/a.jpg"></p><p style="text-align:center">调解员接待群众。 记者 金玉敏 摄</p>'
     '<p>近日，某县新建调解室12个。</p><table align="center"><tr><td><img src="/b.jpg" alt="调解室升级"></td></tr>'
     '<tr><td class="caption">调解员走访农户。 资料图</td></tr></table><p>全年化解纠纷300件。</p>'
     '<p style="text-align:center"><img src="/c.jpg"></p><p style="text-align:center"><strong>一窗受理</strong></p>'
     '<p>群众在窗口登记诉求，当天就有回音。</p>',
     {"people": [("金玉敏", "摄影")],
      "body": "![调解员接待群众。](/a.jpg)\n\n近日，某县新建调解室12个。\n\n![调解员走访农户。 资料图](/b.jpg)\n\n"
              "全年化解纠纷300件。\n\n![](/c.jpg)\n\n## 一窗受理\n\n群众在窗口登记诉求，当天就有回音。\n"}),
    # a caption with its credit right under a picture with no words of its own, not marked by the page, is its alt
    ('<h1>调解室升级</h1><p>2025-05-21 09:15 来源：某县司法局</p><p>近日，某县新建调解室12个。</p>'
     '<p><img src="/a.jpg"></p><p>调解员接待群众。 记者 金玉敏 摄</p><p>全年化解纠纷300件。</p>',
     {"body": "近日，某县新建调解室12个。\n\n![调解员接待群众。](/a.jpg)\n\n全年化解纠纷300件。\n"}),
    # a WeChat article saved without its scripts run: its time only in var ct (Unix time), shown in China's time
    ('<script>var ct = "1760178600";</script><h1>推进会召开</h1><div id="meta_content"><span>原创</span> '
     '<span>向明远</span> <span><a>平安酉阳</a></span> <em id="publish_time"></em> <em>重庆</em></div>'
     '<p>10月10日，某县召开推进会，14个乡镇参加。</p>',
     {"date": "2025-10-11 18:30", "people": [("向明远", "作者")]}),
    # a <br> in mid-sentence joins the lines; one after a full stop, or after a short line (a byline), ends a line;
    # a site's top bar with its clock is not the story's first paragraph
    ('<div class="top">欢迎访问某市委政法委员会网站！ 2025年02月20日 星期四 <a href="/">设为首页</a> | <a>加入收藏</a></div>'
     '<h1>调度会召开</h1><p>2025-02-19 09:22 来源：某市委政法委</p><p>记者 张明<br>通讯员 李华</p>'
     '<p>2月18日，市委常委、政法委书记孟和主持召开<br>矛盾纠纷排查化解工作调度会。<br>12个部门参加会议。</p>',
     {"people": [("张明", "记者"), ("李华", "通讯员")],
      "body": "2月18日，市委常委、政法委书记孟和主持召开矛盾纠纷排查化解工作调度会。\n\n12个部门参加会议。\n"}),
    # an e-paper page: 报名:X 版次:第005版 and “日期 上一期 | 下一期” give the edition; the kicker's dash goes
    ('<div class="head">报名:农民日报 版次:第005版:版名:乡村治理 日期:20201126</div>'
     '<div class="pagenav">2020年11月26日 <a href="#">上一期</a>  <a href="#">下一期</a></div>'
     '<div class="yinti">某县“十年磨一剑”建立多元纠纷调解机制——</div><h1>矛盾不上交 化解在基层</h1>'
     '<div class="zuozhe">本报记者 刘明</div><p>如今，全县矛盾纠纷化解率达到98%，信访量下降了六成。</p>',
     {"date": "2020-11-26", "source": "农民日报", "subtitle": "某县“十年磨一剑”建立多元纠纷调解机制",
      "body": "如今，全县矛盾纠纷化解率达到98%，信访量下降了六成。\n"}),
    # a quoted line of dialogue between paragraphs stays a paragraph (it is no section heading)
    ('<h1>矛盾不上交</h1><p>2020-11-26 来源：某日报</p><p>“想想都觉得丢人！”多年以后，老常挠了挠头。</p>'
     '<p>“你们不给我解决问题，我就不下去！”</p><p>2006年，老常爬上了法院里的一棵树。</p>',
     {"body": "“想想都觉得丢人！”多年以后，老常挠了挠头。\n\n“你们不给我解决问题，我就不下去！”\n\n"
              "2006年，老常爬上了法院里的一棵树。\n"}),
    # a view counter's label after an empty 作者： or after the author's name is no one's name
    ('<h1>调解现场会召开</h1><p>发布时间：2025年03月19日　　来源：某市委政法委　　作者：　　浏览：[ 256 ]次</p>'
     '<p>3月18日，全市调解工作现场会召开，12个县区参加。</p>', {"people": [], "source": "某市委政法委"}),
    ('<h1>推进会召开</h1><p>2024年07月25日 08:51 来源：某都市报 作者：吕薇 阅读：1,024</p>'
     '<p>7月24日，平安建设工作推进会召开，85项任务逐项部署。</p>', {"people": [("吕薇", "作者")]}),
    # a reposter's avatar beside the account's name is not a picture of the story
    ('<h1>以和为钥</h1><div class="news-meta"><span class="author"><img src="/avatar/1.png" alt="">创始人</span>'
     '<span class="time">2026-01-21 10:19:44</span></div><p>近日，某镇司法所化解纠纷23起。</p>',
     {"date": "2026-01-21 10:19", "body": "近日，某镇司法所化解纠纷23起。\n"}),
    # text whose lines are apart only by line breaks in a block keeps them (pages that set white-space: pre)
    ('<h1>两段文字</h1><p>2024-05-06 10:00 来源：某县司法局</p><div style="white-space: pre-line">第一段，调解员到了现场。\n'
     '第二段，双方签了协议。</div>', {"body": "第一段，调解员到了现场。\n\n第二段，双方签了协议。\n"}),
])
def test_page_shapes_from_real_sites(make_site: SiteMaker, tmp_path: Path, body: str, wanted: dict[str, object]) -> None:
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>页面</title></head><body>{body}</body></html>", encoding="utf-8")
    text, result = _import(make_site(), page)
    art = result.article  # type: ignore[attr-defined]
    got = {"title": art.title, "date": art.date, "source": art.source, "subtitle": art.subtitle,
           "people": art.people, "body": text.split("---\n\n", 1)[1]}
    assert {k: got[k] for k in wanted} == wanted


def test_every_line_pattern_stays_fast_on_long_repeated_lines() -> None:
    """Each pattern the importer reads lines with, on lines as a hostile or broken page gives them (one token
    repeated hundreds of times, as cleaned: single spaces), answers at once: a pattern that can split such a line
    many ways would hang the import (a page-number bar without 下一页 once took minutes)."""
    import re
    import signal
    import time

    from generator.authoring import shapes
    from generator.authoring.lines import clean

    def stop(*_: object) -> None:
        raise TimeoutError

    tokens = ["大", "中", "小", "打印", "|", "1", "12", "a-", "T", "+", "【1】", "张三", "记者", "编辑", "图", "摄", "—",
              "·", "：", "。", "，", "调解", "2024年", "第1版", ">", "/", "（", "、", "20240408", "110105194912310021"]
    lines = [clean((t + " ") * 600 + "！x") for t in tokens] + [clean(t * 1200 + "！x") for t in tokens]
    patterns = [f.pattern for f in shapes.FURNITURE] + [p for p in vars(shapes).values() if isinstance(p, re.Pattern)]
    slow = []
    previous = signal.signal(signal.SIGALRM, stop)
    try:
        for pattern in patterns:
            for line in lines:
                signal.setitimer(signal.ITIMER_REAL, 2)
                started = time.perf_counter()
                try:
                    pattern.search(line)
                except TimeoutError:
                    slow.append((pattern.pattern[:40], line[:20]))
                    continue
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                if time.perf_counter() - started > 0.5:
                    slow.append((pattern.pattern[:40], line[:20]))
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert slow == []


@pytest.mark.parametrize("body, wanted", [
    # an in-page table of contents is a menu; the headings it lists stay headings
    ('<h1>全县矛盾纠纷化解情况</h1><p>发布时间：2024-04-08 10:00 来源：某县司法局</p>'
     '<ul><li><a href="#a">一、分乡镇情况</a></li><li><a href="#b">二、下步工作</a></li></ul>'
     '<p>一季度，全县调解组织共受理纠纷312件，调解成功301件。</p><h2 id="a">一、分乡镇情况</h2>'
     '<p>城关镇受理120件。</p><h2 id="b">二、下步工作</h2><p>下一步，全县将继续推进排查化解工作。</p>'
     '<ul><li><a href="/1.html">下一步，全县将继续推进排查化解工作。</a></li><li><a href="/2.html">另一条新闻</a></li></ul>',
     "一季度，全县调解组织共受理纠纷312件，调解成功301件。\n\n## 一、分乡镇情况\n\n城关镇受理120件。\n\n## 二、下步工作\n\n"
     "下一步，全县将继续推进排查化解工作。\n"),
    # the marks the reader uses, written in the page itself, are text like any other
    ('<h1>调解室建设</h1><p>发布时间：2024-04-08 10:00 来源：某县司法局</p>'
     '<p>\u2062全县新建调解室12个，配齐调解员36名。\u2063 \u2062群众满意度明显提升。\u2063</p>',
     "全县新建调解室12个，配齐调解员36名。 群众满意度明显提升。\n"),
    # a footer menu goes whole; a paragraph that looks like a table row is not taken for one
    ('<h1>调解员走村入户</h1><p>发布时间：2024-04-08 10:00 来源：某县司法局</p><p>调解员走村入户，化解纠纷12起。</p>'
     '<div><a href="/">首页</a> | <a href="/about">关于我们</a> | <a href="/map">网站地图</a></div>'
     '<p>| 首页 | 关于我们 | 网站地图 | 联系我们 |</p>', "调解员走村入户，化解纠纷12起。\n"),
    # spanning cells repeat, so each figure stays under its heading; a line break in a cell is a space
    ('<h1>分乡镇情况</h1><p>发布时间：2024-04-08 10:00 来源：某县司法局</p><p>各乡镇受理纠纷情况如下。</p>'
     '<table><tr><th colspan="2">地区</th><th>件数</th></tr><tr><td rowspan="2">城关镇</td><td>东街</td><td>12</td></tr>'
     '<tr><td>西街</td><td>8</td></tr><tr><td>河口乡</td><td>新<br>村</td><td>5</td></tr></table>',
     "各乡镇受理纠纷情况如下。\n\n| 地区 | 地区 | 件数 |\n| --- | --- | --- |\n| 城关镇 | 东街 | 12 |\n"
     "| 城关镇 | 西街 | 8 |\n| 河口乡 | 新 村 | 5 |\n"),
    # pictures start from the page's <base>; a javascript: address is no picture
    ('<h1>调解现场</h1><p>发布时间：2024-04-08 10:00 来源：某县司法局</p><p>调解员在现场调解纠纷。</p>'
     '<p><img src="a.jpg" alt="现场"></p><p><img src="javascript:alert(1)" alt="坏"></p>',
     "调解员在现场调解纠纷。\n\n![现场](https://img.example.gov.cn/2024/a.jpg)\n"),
])
def test_what_a_page_s_markup_says_is_read_as_it_means(make_site: SiteMaker, tmp_path: Path, body: str,
                                                       wanted: str) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>页面</title><base href='https://img.example.gov.cn/2024/'>"
                    "<link rel='canonical' href='https://www.example.gov.cn/art/1.html'></head>"
                    f"<body>{body}</body></html>", encoding="utf-8")
    text, _ = _import(make_site(), page)
    assert text.split("---\n\n", 1)[1] == wanted


def test_hostile_page_addresses_and_spacing(make_site: SiteMaker, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """An own address with terminal control characters is not taken (it would be printed and written as is);
    50,000 spaces in a paragraph or a 50,000-character address are read at once."""
    import time

    hostile = "https://a.example.com/\x1b]0;pwned\x07\x1b[2Jx"
    page = ("<html><head><title>页面</title><link rel='canonical' href='" + hostile + "'></head><body><h1>调解员走村入户</h1>"
            "<p>发布时间：2024-04-08 10:00 来源：某县司法局</p><p>调解员走村入户，化解" + " " * 50000 + "纠纷12起。</p>"
            "<p><a href='https://b.example.com/" + "x" * 50000 + "'>原文</a></p></body></html>")
    started = time.perf_counter()
    code, out, err, cfg = _import_one(make_site, tmp_path, "hostile.html", page, capsys)
    assert code == 0, err
    assert time.perf_counter() - started < 10
    story = next((cfg.parent / "content/news").rglob("*.md")).read_text("utf-8")
    assert "\x1b" not in out and "\x1b" not in story and "source_url" not in story


@pytest.mark.parametrize("parts, said", [
    ({"word/document.xml": b"<w:document><w:body>" + b"<w:p/>" * 3_000_000 + b"</w:body></w:document>"},
     "Word 文件的正文部分太大"),
    ({"word/document.xml": b"<w:document><w:body>" + b"<w:p/>" * 40_000 + b"</w:body></w:document>"},
     "个段落，超过 30000 个"),
    ({"word/document.xml": b"<w:document/>", "word/media/image1.png": b"\0" * (51 * 2**20)},
     "文档里的图片 image1.png 超过 50 MB"),
])
def test_a_word_file_that_unpacks_to_more_than_a_story_is_refused(make_site: SiteMaker, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  parts: dict[str, bytes], said: str) -> None:
    """A few KB of .docx can unpack to gigabytes (a billion zeros as a picture, millions of empty paragraphs): the
    import held it all in memory (3 GB) and wrote the picture to content/images/. What a story can hold bounds it."""
    import zipfile

    from generator.cli import main

    cfg = make_site()
    bomb = tmp_path / "来稿.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as docx:
        for name, data in parts.items():
            docx.writestr(name, data)
    assert bomb.stat().st_size < 200_000
    assert main(["import", str(bomb), "--config", str(cfg)]) == 1
    assert said in capsys.readouterr().err
    assert not (cfg.parent / "content/images").exists() or not any((cfg.parent / "content/images").iterdir())


@pytest.mark.parametrize("meta", ["原创 石桥镇人民政府 青山石桥发布 2026年11月28日 16:05 东川",
                                  "原创 县委政法委 平安青山 2026-11-28 16:05 云南"])
def test_the_header_line_of_a_wechat_article_is_not_published_as_text(make_site: SiteMaker, tmp_path: Path,
                                                                       meta: str) -> None:
    """A 公众号 article copied as text starts with 原创, the author (a unit, too), the account, the time and a
    province: its time was taken, and the line itself stayed the story's first paragraph."""
    cfg = make_site()
    page = tmp_path / "wechat.txt"
    page.write_text(f"老娘舅调解室化解邻里纠纷\n{meta}\n石桥镇老娘舅调解室近日成功化解一起邻里纠纷，双方握手言和。\n"
                    "调解员上门了解情况后，组织双方面对面协商。\n", encoding="utf-8")
    text, _ = _import(cfg, page, now=datetime(2026, 12, 1, 9, 0, tzinfo=NOW.tzinfo))
    body = text.split("---\n", 2)[2]
    assert "原创" not in body and "16:05" not in body
    assert "date: 2026-11-28 16:05" in text
    assert body.strip().startswith("石桥镇老娘舅调解室近日成功化解")


def test_a_word_file_of_this_site_s_own_news_keeps_its_source(make_site: SiteMaker, tmp_path: Path) -> None:
    """本网讯 in a colleague's Word file is this site's own story: its source is 本网, as `pingan new` writes it. The
    report said both 来源只写了“本网”…请填写 and 没有找到来源，已写成“（待填写）”."""
    text, result = _import(make_site(), _news_docx(tmp_path / "draft.docx", "本网讯 "))
    assert "\nsource: 本网\n" in text
    assert not [g for g in result.guessed if "来源" in g]  # type: ignore[attr-defined]


def test_a_web_page_s_own_words_ask_for_its_source_once(make_site: SiteMaker, tmp_path: Path) -> None:
    """On another site's page, 本网讯 names that site: the source is to be filled in, said once."""
    page = tmp_path / "page.txt"
    page.write_text("石桥镇召开调解工作推进会\n本网讯 11月28日，石桥镇召开人民调解工作推进会，部署年底矛盾纠纷排查工作。\n",
                    encoding="utf-8")
    text, result = _import(make_site(), page)
    assert "\nsource: （待填写）\n" in text
    assert len([g for g in result.guessed if "来源" in g]) == 1  # type: ignore[attr-defined]


def test_a_word_file_of_a_newspaper_s_story_asks_for_its_source(make_site: SiteMaker, tmp_path: Path) -> None:
    """本报讯 in a Word file is a paper's story: 本报 is no source for this site (it was taken as 本网 is)."""
    text, result = _import(make_site(), _news_docx(tmp_path / "paper.docx", "本报讯（记者 张伟）"))
    assert "\nsource: （待填写）\n" in text
    assert [g for g in result.guessed if "本报" in g]  # type: ignore[attr-defined]


def _news_docx(path: Path, lead: str) -> Path:
    """A Word file of a short news story whose first paragraph starts with `lead` (本网讯, 本报讯…)."""
    doc = Document()
    doc.add_heading("石桥镇召开调解工作推进会", level=1)
    doc.add_paragraph(f"{lead}11月28日，石桥镇召开人民调解工作推进会，部署年底矛盾纠纷排查工作。")
    doc.save(str(path))
    return path
