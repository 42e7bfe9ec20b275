"""`pingan new`: files in the right place, fresh ids, templates that pass the check as drafts."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.pinyin import slug_for

from .conftest import SiteMaker, story


def test_slugs_are_pinyin_and_ascii() -> None:
    assert slug_for("我县召开平安建设推进会", "story") == "wo-xian-zhao-kai-ping-an-jian-she"
    assert slug_for("APP上线", "story") == "app-shang-xian"
    assert slug_for("2024年工作", "story") == "story-2024-nian-gong-zuo"  # an id starts with a letter
    assert slug_for("", "story-20261123-0900") == "story-20261123-0900"


def test_a_slug_cut_at_eight_syllables_does_not_end_leading_into_the_next_word() -> None:
    assert slug_for("凉州区召开2024年第一季度平安建设工作推进会", "story") == "liang-zhou-qu-zhao-kai-2024-nian"
    assert slug_for("我县召开的平安建设工作推进会", "story") == "wo-xian-zhao-kai-de-ping-an"  # not …-jian of 建设
    assert slug_for("全县平安建设工作推进会议的通知", "story") == "quan-xian-ping-an-jian-she-gong-zuo"
    assert slug_for("的的的", "story") == "story"
    assert slug_for("平安天祝建设取得新成效", "story") == "ping-an-tian-zhu-jian-she-qu-de"  # 取得 is one word
    assert slug_for("全县农村承包土地纠纷调解", "story") == "quan-xian-nong-cun-cheng-bao-tu-di"


def test_new_files_for_every_kind_pass_the_check_as_drafts(make_site: SiteMaker,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({"content/news/2021/a.md": story("a")})
    root = cfg.parent
    made = []
    for kind in ("news", "case", "mediator", "honor", "metrics"):
        assert main(["new", kind, "--title", "调解室新址启用", "--config", str(cfg)]) == 0
        first = capsys.readouterr().out.splitlines()[0]
        made.append(first.split("：", 1)[1])
    year = made[0].split("/")[2]
    assert made == [f"content/news/{year}/tiao-jie-shi-xin-zhi-qi-yong.md",
                    "content/cases/tiao-jie-shi-xin-zhi-qi-yong.yml",
                    "content/mediators/tiao-jie-shi-xin-zhi-qi-yong.yml",
                    "content/honors/tiao-jie-shi-xin-zhi-qi-yong.yml",
                    "content/metrics/tiao-jie-shi-xin-zhi-qi-yong.yml"]
    assert "# 网址标识" in (root / made[0]).read_text(encoding="utf-8")  # commented in Chinese
    # The same title again gets a fresh id instead of overwriting.
    assert main(["new", "news", "--title", "调解室新址启用", "--column", "tiaojie", "--config", str(cfg)]) == 0
    second = capsys.readouterr().out.splitlines()[0].split("：", 1)[1]
    assert second == f"content/news/{year}/tiao-jie-shi-xin-zhi-qi-yong-2.md"
    assert "column: tiaojie" in (root / second).read_text(encoding="utf-8")

    assert main(["check", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "检查通过：1 篇稿件" in out
    assert f"  {made[0]}　《调解室新址启用》" in out and f"  {second}　《调解室新址启用》" in out
    # the honor's level is a fill-in phrase (the template wrote 县级, published as it was for a 省级 honor): its
    # draft is listed all the same, with what is left to mend
    assert "未发布的记录草稿（4 条）：\n" + "\n".join(
        f"  {m}" + ("　（有 1 处要改，见上面的警告）" if "honors" in m else "") for m in made[1:]) in out


def test_new_refuses_an_unknown_column(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site()
    assert main(["new", "news", "--column", "nope", "--config", str(cfg)]) == 2
    assert "没有栏目 nope；可用的栏目：dongtai（工作动态）、tiaojie（矛盾调解）" in capsys.readouterr().err
    assert not list((cfg.parent / "content/news").rglob("*.md"))


def test_new_takes_a_column_by_its_name_too(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    """`--column 矛盾调解` (the name on the site) writes the column's id, as `--column tiaojie` does."""
    cfg = make_site()
    assert main(["new", "news", "--title", "调解室新址启用", "--column", "矛盾调解", "--config", str(cfg)]) == 0
    made = capsys.readouterr().out.splitlines()[0].split("：", 1)[1]
    assert "column: tiaojie" in (cfg.parent / made).read_text(encoding="utf-8")


def test_a_template_published_without_filling_it_in_is_an_error(make_site: SiteMaker,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Deleting `draft: true` from a fresh template must not publish 在这里写出处 (or invented zeros): every field still
    holding a fill-in phrase is named, with its line."""
    cfg = make_site({"content/news/2021/a.md": story("a")})
    for kind in ("news", "case", "metrics"):
        assert main(["new", kind, "--title", "调解室新址启用", "--config", str(cfg)]) == 0
        made = cfg.parent / capsys.readouterr().out.splitlines()[0].split("：", 1)[1]
        made.write_text(made.read_text(encoding="utf-8").replace("draft: true", "# draft: true"), encoding="utf-8")
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    for field in ("authors 第 1 项的 name", "正文", "organisation", "parties 第 1 项", "summary", "body", "source"):
        assert f"字段 {field}：还没有填写：“在这里" in err, (field, err)
    assert "请换成真实内容；还没写完的稿件保留 draft: true 这一行，就不会发布。" in err
    assert "字段 正文：还没有填写：“插图这样写”是新建文件时的提示文字" in err  # the example picture's line too
    metrics = next((cfg.parent / "content/metrics").glob("*.yml")).read_text(encoding="utf-8")
    assert "disputes_investigated: 0" not in metrics  # no invented zeros in the template
    case = next((cfg.parent / "content/cases").glob("*.yml")).read_text(encoding="utf-8")
    assert "parties: [张某, 李某]" not in case  # no invented parties that pass the check either


def test_an_example_value_of_a_template_is_not_published_until_chosen(make_site: SiteMaker,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`pingan new case` fills in category 邻里, outcome 成功, the first township and this month, so that the draft
    reads; a clerk who then replaced every 在这里写… and took out draft: true published a land case as 邻里 in the
    wrong township. Each example value is named until its note's （待选） is taken out."""
    import re

    cfg = make_site({"content/news/2021/a.md": story("a")})
    for kind in ("case", "mediator", "honor", "metrics"):
        assert main(["new", kind, "--title", "示例", "--config", str(cfg)]) == 0
        made = cfg.parent / capsys.readouterr().out.splitlines()[0].split("：", 1)[1]
        text = made.read_text(encoding="utf-8").replace("draft: true", "# draft: true")
        text = re.sub(r"在这里[^\s。，\]]+", "测试内容", text).replace("parties: [测试内容]", "parties: [张某, 李某]")
        text = text.replace("level: 测试内容", "level: 县级").replace("disputes_investigated: ", "disputes_investigated: 12 ")
        made.write_text(text, encoding="utf-8")
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    said = sorted(set(re.findall(r"(content/\w+)/[^ ]+ 第 \d+ 行，字段 (\w+)：还没有选定", err)))
    assert said == [("content/cases", "category"), ("content/cases", "date"), ("content/cases", "outcome"),
                    ("content/cases", "region"), ("content/honors", "recipient"), ("content/honors", "year"),
                    ("content/mediators", "kind"), ("content/mediators", "region"), ("content/metrics", "period"),
                    ("content/metrics", "region")], err
    assert "还没有填写" not in err  # every fill-in phrase was replaced: only the example values are left
    for folder in ("cases", "mediators", "honors", "metrics"):  # chosen (the notes' （待选） taken out): they publish
        made = next((cfg.parent / "content" / folder).glob("*.yml"))
        made.write_text(made.read_text(encoding="utf-8").replace("（待选）", ""), encoding="utf-8")
    assert main(["check", "--config", str(cfg)]) == 0, capsys.readouterr().err
    case = next((cfg.parent / "content/cases").glob("*.yml"))  # a line of a block that reads like a marked field
    case.write_text(case.read_text(encoding="utf-8").replace("body: |\n", "body: |\n  note: 下次回访 # （待选）\n"),
                    encoding="utf-8")
    assert main(["check", "--config", str(cfg)]) == 0, capsys.readouterr().err


def test_every_fill_in_phrase_of_the_templates_is_caught(make_site: SiteMaker,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The check knows every 在这里… phrase `pingan new` writes (the two are kept in step here)."""
    import re

    from generator.content.common import PLACEHOLDERS

    cfg = make_site({"content/news/2021/a.md": story("a")})
    texts = []
    for kind in ("news", "case", "mediator", "honor", "metrics"):
        assert main(["new", kind, "--config", str(cfg)]) == 0  # no title: its fill-in phrase too
        texts.append((cfg.parent / capsys.readouterr().out.splitlines()[0].split("：", 1)[1]).read_text(encoding="utf-8"))
    written = set(re.findall(r"在这里[^\s。，]+", "\n".join(texts)))
    assert len(written) >= 8 and all(any(p in w for p in PLACEHOLDERS) for w in written), written


def test_a_title_with_a_colon_makes_a_file_that_reads_back(make_site: SiteMaker,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    cfg = make_site({"content/news/2021/a.md": story("a")})
    title = '综治中心: 一站式化解 "小事不出村"'
    assert main(["new", "news", "--title", title, "--config", str(cfg)]) == 0
    made = cfg.parent / capsys.readouterr().out.splitlines()[0].split("：", 1)[1]
    front = made.read_text(encoding="utf-8").split("---")[1]
    assert yaml.safe_load(front)["title"] == title
    assert "\\" not in front  # written without backslashes a writer could break (in single quotes)
    assert main(["check", "--config", str(cfg)]) == 0


def test_a_region_name_written_for_its_id_is_answered_with_the_id(make_site: SiteMaker,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({"content/news/2021/a.md": story("a", extra="region: 测试县\n")})
    assert main(["check", "--config", str(cfg)]) == 1
    assert "“测试县”是地区名称，这里要写它的标识：xian。" in capsys.readouterr().err


@pytest.mark.parametrize("written", ["xiam", "Xian", "xi-an", "shengg"])
def test_a_mistyped_region_id_is_answered_with_the_closest_ids(make_site: SiteMaker, written: str,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site({"content/news/2021/a.md": story("a", extra=f"region: {written}\n")})
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    closest = "sheng（测试省）" if written == "shengg" else "xian（测试县）"
    assert f"实际是 “{written}”\n    提示：可能是：{closest}" in err, err


def test_full_width_colons_and_commas_are_named_where_they_are(make_site: SiteMaker,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """What a Chinese input method types where YAML needs ": " and ", ": said on its own line, every one at once,
    in words a non-programmer can act on (not "YAML 格式错误" a line later)."""
    text = story("a").replace("title: ", "title：", 1).replace("source: ", "source：", 1)
    cfg = make_site({"content/news/2021/a.md": text,
                     "content/news/2021/b.md": story("b", extra="tags: [平安建设，网格化管理]\n")})
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    lines = text.split("\n")
    for field in ("title", "source"):
        number = next(n for n, line in enumerate(lines, start=1) if line.startswith(f"{field}："))
        assert (f"content/news/2021/a.md 第 {number} 行，字段 {field}：字段名后面用了中文冒号“：”\n"
                f"    提示：请改成英文冒号加一个空格，例如 {field}: 内容") in err, err
    assert "字段 tags：列表的一项里有中文逗号“，”：“平安建设，网格化管理”会被当成一项" in err


def test_an_unclosed_quote_is_named_on_the_line_it_opens(make_site: SiteMaker,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """source: "县融媒体中心 without its closing quote: the reader gives up at the end of the front matter, but the
    message names the line the quote opens on."""
    text = story("a").replace("source: ", 'source: "', 1)
    cfg = make_site({"content/news/2021/a.md": text})
    assert main(["check", "--config", str(cfg)]) == 1
    number = next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith('source: "'))
    err = capsys.readouterr().err
    assert f"content/news/2021/a.md 第 {number} 行：这一行的引号没有配对的另一半" in err, err
    assert "请在这一行补上另一半引号，或者删掉这个引号。" in err


def test_a_full_width_colon_after_where_yaml_stopped_is_not_blamed_for_the_error() -> None:
    """An unclosed quote is the problem of this front matter; the “WiFi：” in a later block of text did not cause it
    and is not reported instead of it (a full-width colon is named only at or before where the reading stopped)."""
    from generator.yamlsrc import YamlError, load

    with pytest.raises(YamlError) as raised:
        load("title: '综治中心\nsummary: |\n  WiFi：全镇覆盖\n", "content/news/2024/a.md")
    assert [(p.line, p.message) for p in raised.value.problems] == [
        (1, "这一行的引号没有配对的另一半（引号或括号没有闭合）")]
    with pytest.raises(YamlError) as raised:
        load("summary: 说明\ntitle：综治中心\n", "content/news/2024/a.md")
    assert [(p.line, p.field) for p in raised.value.problems] == [(2, "title")]


def test_a_block_of_text_indented_with_full_width_spaces_is_told_how_to_indent_it() -> None:
    """`body: |` and then lines begun with 　　 (首行缩进, as a clerk types a paragraph): the message names the field
    and says to put two ASCII spaces first, not a hint about lists of authors."""
    from generator.yamlsrc import YamlError, load

    text = "id: c\nbody: |\n　　2024年4月，何某与邻居起了争执。\n\n　　调解员上门调解。\nsource: 测试日报\n"
    with pytest.raises(YamlError) as raised:
        load(text, "content/cases/c.yml")
    first = raised.value.problems[0]
    assert (first.line, first.field) == (3, "body") and "前面少了英文空格的缩进" in first.message
    assert "先空两个英文空格" in first.hint and "张三" not in first.hint


def test_a_draft_previewed_with_the_template_s_example_picture_is_told_what_it_is(
        make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh template previewed as it is (drafts are shown there): its example picture is no missing file to look
    for, but the template's example, to replace or delete."""
    from generator.build import build

    cfg = make_site({"content/news/2021/a.md": story("a")})
    assert main(["new", "news", "--title", "调解室新址启用", "--config", str(cfg)]) == 0
    report = build(cfg, cfg.parent / "preview", include_unpublished=True)
    assert [p.hint.removesuffix("（草稿不发布；发布以前要改好）") for p in report.warnings if "文件名.jpg" in p.message] == [
        "这是新建稿件时模板里的示例：换成真实图片的地址，或删掉“插图这样写”这一行。"]
