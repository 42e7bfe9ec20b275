"""News loader: front matter validated per field, with file and line, every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.content.news import load_news
from generator.errors import Collector, ContentError

from .conftest import NOW, SiteMaker, make_image, story


def _load(config_path: Path) -> tuple[list, list[str]]:
    collector = Collector()
    stories = load_news(config_path.parent, load_config(config_path), collector)
    return stories, [p.format() for p in sorted(collector.problems)]


def test_valid_story_is_loaded_with_aware_date(make_site: SiteMaker) -> None:
    cfg = make_site({"content/news/2021/good-one.md": story("good-one", date="2021-09-13 08:30")})
    stories, problems = _load(cfg)
    assert problems == []
    assert stories[0].id == "good-one"
    assert stories[0].date.isoformat() == "2021-09-13T08:30:00+08:00"
    assert stories[0].body.strip() == "这是一篇测试稿件的正文。"


def test_id_defaults_to_file_name(make_site: SiteMaker) -> None:
    text = "---\ntitle: 标题\ndate: 2021-02-03 10:00\ncolumn: dongtai\nsource: 日报\n---\n正文\n"
    stories, problems = _load(make_site({"content/news/2021/from-file-name.md": text}))
    assert problems == [] and stories[0].id == "from-file-name"


def test_bom_and_crlf_are_accepted(make_site: SiteMaker, tmp_path: Path) -> None:
    cfg = make_site()
    target = cfg.parent / "content/news/2021/windows-file.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"\xef\xbb\xbf" + story("windows-file").replace("\n", "\r\n").encode("utf-8"))
    stories, problems = _load(cfg)
    assert problems == [] and stories[0].meta.title == "测试稿件"
    # and the Ctrl-Z an old editor writes at the end of the file (it showed as an invisible character on an
    # empty last line, which blocked the build)
    for end in (b"\x1a", b"\x1a\r\n", b"\r\n\x1a\x1a"):
        target.write_bytes(b"\xef\xbb\xbf" + story("windows-file").replace("\n", "\r\n").encode("utf-8") + end)
        stories, problems = _load(cfg)
        assert problems == [] and stories[0].body.rstrip().endswith("正文。"), end


def test_an_empty_story_file_is_said_to_be_empty(make_site: SiteMaker) -> None:
    """新建文本文档.md left empty was “缺少以 --- 开始的信息区”: it is said to be empty. An error all the same: a
    published story emptied by mistake must not vanish from the site with a warning."""
    from generator.build import build

    cfg = make_site({"content/news/2021/a.md": story("a"), "content/news/2021/新建文本文档.md": " \n"})
    with pytest.raises(ContentError) as raised:
        build(cfg, cfg.parent / "site", now=NOW)
    assert [(p.path, p.message, p.level) for p in raised.value.problems] == [
        ("content/news/2021/新建文本文档.md", "文件是空的", "error")]


def test_every_field_problem_names_file_line_and_field(make_site: SiteMaker) -> None:
    bad = """---
title:
date: 2021-02-30 08:00
colum: dongtai
source: 日报
authors:
  - {name: 张三, role: 主编}
region: mars
tags: [调解, 调解]
draft: 是
---
正文
"""
    _, problems = _load(make_site({"content/news/2021/bad-fields.md": bad}))
    f = "错误：content/news/2021/bad-fields.md"
    assert problems == [
        f"{f} 第 2 行，字段 title：不能为空\n    提示：请在 title: 后面填写内容。",
        f"{f} 第 3 行，字段 date：应为真实存在的日期和时间，实际是 “2021-02-30 08:00”\n"
        "    提示：检查月份（1—12）、当月天数和时间（0:00—23:59）。",
        f"{f} 第 4 行，字段 colum：不认识的字段 colum\n    提示：是不是要写 column？",
        f"{f} 第 7 行，字段 authors 第 1 项的 role：应为以下之一：记者、通讯员、摄影、编辑、作者，实际是 “主编”\n    提示：是不是要写 编辑？",
        f"{f} 第 8 行，字段 region：应为 site_config.yml 中已定义的地区标识，实际是 “mars”\n"
        "    提示：请在 site_config.yml 的 regions 里查找对应地区的 id（小写英文），例如 sheng；刚改过某个地区的 id 时，"
        "用到旧 id 的稿件和记录都要跟着改。",
        f"{f} 第 9 行，字段 tags：应为不重复的标签，实际是 列表（2 项）\n    提示：同一个标签只写一次。",
        f"{f} 第 10 行，字段 draft：应为 true 或 false（不加引号），实际是 “是”\n"
        "    提示：要发布这篇稿件，删掉 draft 这一行即可；写 draft: true 表示草稿",
    ]


def test_date_without_time_and_unknown_column(make_site: SiteMaker) -> None:
    text = "---\ntitle: 标题\ndate: 2021-02-03\ncolumn: nope\nsource: 日报\n---\n正文\n"
    _, problems = _load(make_site({"content/news/2021/no-time.md": text}))
    assert problems == [
        "错误：content/news/2021/no-time.md 第 3 行，字段 date：应为带时间的日期，但只写了日期没有时间，实际是 “2021-02-03”\n"
        "    提示：请补上发布时间，例如“2021-02-03 08:30”。",
        "错误：content/news/2021/no-time.md 第 4 行，字段 column：应为 site_config.yml 中已定义的栏目标识，实际是 “nope”\n"
        "    提示：可用的栏目：dongtai（工作动态）、tiaojie（矛盾调解）。",
    ]


@pytest.mark.parametrize("written, expected", [
    ("2021-09-13 08:30", "2021-09-13T08:30:00+08:00"),
    ("2021-09-13T08:30:15", "2021-09-13T08:30:15+08:00"),
    ("2021-09-13 00:30+00:00", "2021-09-13T08:30:00+08:00"),
    ("2021-9-3 8:05", "2021-09-03T08:05:00+08:00"),
])
def test_date_forms_become_aware_in_site_zone(make_site: SiteMaker, written: str, expected: str) -> None:
    stories, problems = _load(make_site({"content/news/2021/dated.md": story("dated", date=written)}))
    assert problems == [] and stories[0].date.isoformat() == expected


@pytest.mark.parametrize("written", ["2021-09-14 10:00:00+99:00", "2021-09-14 10:00+20:00"])
def test_a_time_zone_no_place_has_is_refused_in_words(make_site: SiteMaker, written: str) -> None:
    """updated: …+99:00 reached the reader as Python's own English ("offset must be a timedelta strictly between…")."""
    _, problems = _load(make_site({"content/news/2021/dated.md": story("dated", date=written)}))
    assert len(problems) == 1 and "时区要在 -12:00 到 +14:00 之间" in problems[0] and "timedelta" not in problems[0]


def test_a_line_without_a_colon_is_named_past_the_comments_after_it(make_site: SiteMaker) -> None:
    """`source 本网` followed by two lines of `pingan new`'s notes was reported three lines later, at the next field,
    with "check this line and the one above": the clerk looked at three right lines."""
    text = story("a").replace("source: 测试日报\n", "source 本网\n# source_url: https://\n# cite: 说明\ntags: []\n")
    _, problems = _load(make_site({"content/news/2021/a.md": text}))
    line = text.split("\n").index("source 本网") + 1
    assert problems == [f"错误：content/news/2021/a.md 第 {line} 行：这一行缺少冒号：source 本网\n"
                        "    提示：字段名后面要有英文冒号和一个空格，写成 source: 本网；不需要这一行时删掉它，或在行首加 # 当作说明。"]


def test_a_backslash_in_double_quotes_is_explained(make_site: SiteMaker) -> None:
    """cover: "images\\..\\x" gave YAML's "found unknown escape character" in English."""
    _, problems = _load(make_site({"content/news/2021/a.md": story("a", extra='cover: "images\\..\\x"\n')}))
    assert len(problems) == 1 and "反斜杠" in problems[0] and "escape" not in problems[0], problems


def test_structural_problems(make_site: SiteMaker) -> None:
    files = {
        "content/news/2021/nofront.md": "正文\n",
        "content/news/2021/中文名.md": "---\ntitle: 标题\ndate: 2021-02-03 10:00\ncolumn: dongtai\nsource: 日报\n---\n",
        "content/news/2021/dup-a.md": story("same"),
        "content/news/2021/dup-b.md": story("same"),
        "content/news/2021/unclosed.md": "---\ntitle: 标题\n",
        "content/news/2021/dup-key.md": story("dup-key", extra="source: 晚报\n"),
        "content/news/2021/dashes.md": "———\ntitle: 标题\n———\n",  # an input method's dashes
        "content/news/2021/blank-first.md": "\n \n---\ntitle: 标题\n---\n",  # blank lines before the front matter
        "content/news/2021/dashes-end.md": "---\ntitle: 标题\n－－－\n",
    }
    _, problems = _load(make_site(files))
    assert problems == [
        "错误：content/news/2021/blank-first.md 第 1 行：文件开头有 2 个空行，信息区的 --- 要写在第一行\n"
        "    提示：删掉文件开头的空行，让 --- 成为文件的第一行。",
        "错误：content/news/2021/dashes-end.md 第 3 行：这一行的“－－－”是中文输入法打出的破折号或全角减号\n"
        "    提示：信息区的开始和结束都要写三个英文减号 ---（切换到英文输入法再打）。",
        "错误：content/news/2021/dashes.md 第 1 行：这一行的“———”是中文输入法打出的破折号或全角减号\n"
        "    提示：信息区的开始和结束都要写三个英文减号 ---（切换到英文输入法再打）；第 3 行也是这样。",  # both named
        "错误：content/news/2021/dup-b.md 第 2 行，字段 id：稿件标识 same 与 content/news/2021/dup-a.md 重复\n"
        "    提示：这篇稿件的 id 和文件名不一样，像是复制来的：请把它的 id 改成新的（例如 id: dup-b）；"
        "content/news/2021/dup-a.md 不要改，它的网址保持不变。",
        "错误：content/news/2021/dup-key.md 第 7 行，字段 source：重复的键 source（第 6 行已经出现过）\n"
        "    提示：同一个键只能写一次，请删除或合并其中一处。",
        "错误：content/news/2021/nofront.md 第 1 行：文件开头缺少以 --- 开始的信息区\n"
        "    提示：第一行写 ---，接着写 title:、date: 等字段，再用一行 --- 结束，然后写正文。",
        "错误：content/news/2021/unclosed.md 第 1 行：信息区没有结束标记 ---\n"
        "    提示：在字段写完后单独加一行 ---，再写正文。",
        "错误：content/news/2021/中文名.md，字段 id：文件名 中文名 不能用作网址标识（网址只用小写英文、数字和连字符）\n"
        "    提示：请把文件改名为 biao-ti.md，或在信息区加一行 id: biao-ti（文件名就可以保留）。",
    ]


def test_the_hints_for_a_copied_story_lead_to_an_address_that_is_free(make_site: SiteMaker) -> None:
    """Windows names a copy 原名 - 副本.md: the hint for its duplicate id proposed `id: 原名 - 副本` (refused: not an
    address), and with the id taken out the name proposed from its title was the original's again."""
    original = story("qing-shi-xian-zhao-kai-tui-jin-hui", title="青石县召开推进会")
    _, problems = _load(make_site({"content/news/2021/qing-shi-xian-zhao-kai-tui-jin-hui.md": original,
                                   "content/news/2021/qing-shi-xian-zhao-kai-tui-jin-hui - 副本.md": original,
                                   "content/news/2021/other.md": story("qing-shi-xian-zhao-kai-tui-jin-hui-2")}))
    # -2 is another story's id already: the first free one
    assert "请把它的 id 改成新的（例如 id: qing-shi-xian-zhao-kai-tui-jin-hui-3）" in problems[0], problems
    no_id = original.replace("id: qing-shi-xian-zhao-kai-tui-jin-hui\n", "")
    _, problems = _load(make_site({"content/news/2021/qing-shi-xian-zhao-kai-tui-jin-hui.md": original,
                                   "content/news/2021/qing-shi-xian-zhao-kai-tui-jin-hui - 副本.md": no_id}))
    assert problems == ["错误：content/news/2021/qing-shi-xian-zhao-kai-tui-jin-hui - 副本.md，字段 id：文件名 "
                        "qing-shi-xian-zhao-kai-tui-jin-hui - 副本 不能用作网址标识（网址只用小写英文、数字和连字符）\n"
                        "    提示：请把文件改名为 qing-shi-xian-zhao-kai-tui-jin-hui-2.md，或在信息区加一行 "
                        "id: qing-shi-xian-zhao-kai-tui-jin-hui-2（文件名就可以保留）。"], problems


def test_cover_needs_existing_file_and_alt_text(make_site: SiteMaker) -> None:
    cfg = make_site({
        "content/news/2021/no-file.md": story("no-file", title="封面no-file", extra="cover: images/none.jpg\ncover_alt: 图\n"),
        "content/news/2021/no-alt.md": story("no-alt", title="封面no-alt", extra="cover: images/a.jpg\n"),
        "content/news/2021/outside.md": story("outside", title="封面outside", extra="cover: ../secret.jpg\ncover_alt: 图\n"),
        "content/news/2021/rooted.md": story("rooted", title="封面rooted", extra="cover: /images/a.jpg\ncover_alt: 图\n"),  # as in a body
        "content/news/2021/twice.md": story("twice", title="封面twice", extra="cover: content/images/a.jpg\ncover_alt: 图\n"),
        # as Windows writes a path: a file on this computer, or a folder and file joined by a backslash
        "content/news/2021/windows.md": story("windows", title="封面windows",
                                              extra="cover: 'C:\\Users\\xc\\Desktop\\a.jpg'\ncover_alt: 图\n"),
        "content/news/2021/wslash.md": story("wslash", title="封面wslash", extra="cover: 'images\\a.jpg'\ncover_alt: 图\n"),
    })
    make_image(cfg.parent / "content/images/a.jpg")
    _, problems = _load(cfg)
    assert problems == [
        "错误：content/news/2021/no-alt.md 第 7 行，字段 cover_alt：有封面图片时必须填写 cover_alt（封面图片的文字说明）\n"
        "    提示：用一句话描述图片内容，方便视力障碍读者使用读屏软件。",
        "错误：content/news/2021/no-file.md 第 7 行，字段 cover：找不到图片文件：content/images/none.jpg\n"
        "    提示：检查路径和文件名（区分大小写），路径相对于 content/ 目录。",
        "错误：content/news/2021/outside.md 第 7 行，字段 cover：封面图片必须放在 content/ 目录里\n"
        "    提示：把图片放进 content/images/，写成 images/文件名.jpg。",
        "错误：content/news/2021/twice.md 第 7 行，字段 cover：找不到图片文件：content/content/images/a.jpg\n"
        "    提示：路径是从 content/ 里面算起的：去掉开头的 content/，写成 images/a.jpg。",
        "错误：content/news/2021/windows.md 第 7 行，字段 cover：封面图片指向本机文件 C:\\Users\\xc\\Desktop\\a.jpg\n"
        "    提示：请把图片复制进 content/images/，再写成 cover: images/文件名.jpg。",
        "错误：content/news/2021/wslash.md 第 7 行，字段 cover：封面图片的路径里用了反斜杠“\\”：images\\a.jpg\n"
        "    提示：路径里的分隔符请用 /，写成 cover: images/a.jpg",
    ]


def test_check_raises_once_with_all_files(make_site: SiteMaker) -> None:
    from generator.build import check

    cfg = make_site({"content/news/2021/a.md": "正文\n", "content/news/2021/b.md": "也没有信息区\n"})
    with pytest.raises(ContentError) as info:
        check(cfg)
    assert [p.path for p in info.value.problems] == ["content/news/2021/a.md", "content/news/2021/b.md"]


def test_check_lists_body_problems_of_other_files_in_the_same_round(make_site: SiteMaker) -> None:
    """One story's header error does not hide another story's missing picture: `pingan check` reads every body it
    can in the same run, so that mending the list it gives is the last round, not the first of several."""
    from generator.build import build, check

    cfg = make_site({"content/news/2021/a.md": story("a", extra="cover: images/a.jpg\n"),  # no cover_alt
                     "content/news/2021/b.md": story("b", body="![现场](/images/none.jpg)")})
    with pytest.raises(ContentError) as info:
        check(cfg)
    assert [(p.path, p.field) for p in info.value.problems] == [("content/news/2021/a.md", "cover_alt"),
                                                                 ("content/news/2021/b.md", "正文")]
    with pytest.raises(ContentError):  # a build stops as it did, and publishes nothing
        build(cfg, cfg.parent / "site")
    assert not (cfg.parent / "site").exists()


def test_year_folder_mismatch_is_a_warning_and_strict_fails(make_site: SiteMaker) -> None:
    from generator.build import check

    cfg = make_site({"content/news/2020/moved.md": story("moved", date="2021-09-13 08:30")})
    stories, problems = _load(cfg)
    assert len(stories) == 1
    assert problems == [
        "警告：content/news/2020/moved.md 第 4 行，字段 date：稿件放在 2020 年的文件夹里，但发布时间是 2021 年\n"
        "    提示：请把文件移到 content/news/2021/，或核对发布时间。"]
    assert [w.field for w in check(cfg).warnings] == ["date"]
    with pytest.raises(ContentError) as info:
        check(cfg, strict=True)
    assert [p.level for p in info.value.problems] == ["warning"]


# What a Chinese input method makes of a story's header, each with the one problem it must give (file line, field,
# message): none of them may publish a story that says something other than what was meant.
IME_SLIPS = {
    "a title cut at a #topic#": ("title: 天祝县开展 #平安建设# 宣传月活动\n", 3, "title",
                                 "“#平安建设# 宣传月活动”被当成了说明（# 后面的文字），不会出现在标题里",
                                 '含 # 的标题请整个加上英文引号，例如 title: "天祝县开展 #平安建设# 宣传月活动"'),
    "a title of one full-width space": ("title: \u3000\n", 3, "title", "不能为空（只有空格或看不见的字符）",
                                        "请填写内容；中文输入法打出的全角空格“　”也是空格。"),
    "a title of zero-width spaces": ("title: \u200b\u200b\n", 3, "title", "不能为空（只有空格或看不见的字符）",
                                     "请填写内容；中文输入法打出的全角空格“　”也是空格。"),
    "tags split by 顿号": ("title: 测试稿件\ntags: [人民调解、宅基地纠纷]\n", 4, "tags",
                          "列表的一项里有中文顿号“、”：“人民调解、宅基地纠纷”会被当成一项",
                          "如果是几项，请用英文逗号加空格分开，例如 [平安建设, 网格化管理]"),
    "a field by its Chinese name, full-width colon": ("标题：我县召开平安建设推进会\n", 3, "标题",
                                                     "字段名“标题”要写成英文的 title",
                                                     "请写成 title: 内容（英文冒号后加一个空格）"),
    "no space after the colon": ("title:我县召开平安建设推进会\n", 3, "title", "冒号后面没有空格",
                                 "请在冒号后加一个空格，例如 title: 内容"),
    "a region's name with another ending": ("title: 测试稿件\nregion: 测试镇\n", 4, "region",
                                            "应为 site_config.yml 中已定义的地区标识，实际是 “测试镇”",
                                            "可能是：sheng（测试省）、shi（测试市）、xian（测试县）、qu（测试区）。"),
    "a full-width colon in the time": ("title: 测试稿件\ndate: 2021-09-13 10：30\n", 4, "date",
                                       "应为带时间的日期（年-月-日 时:分），实际是 “2021-09-13 10：30”",
                                       "时间里的冒号要用英文的“:”，例如 2021-09-13 10:30。"),
    "a field by its Chinese name": ("title: 测试稿件\n来源: 本网\n", 4, "来源", "不认识的字段 来源",
                                    "字段名要用英文：请写成 source: 内容"),
    "a full-width space after the colon": ("title:\u3000我县召开推进会\n", 3, "title",
                                           "冒号后面是中文输入法打出的全角空格“　”",
                                           "请换成英文空格，例如 title: 内容"),
    "a title that starts with a #topic#": ("title: #平安建设# 我县召开推进会\n", 3, "title",
                                           "“#平安建设# 我县召开推进会”被当成了说明（# 后面的文字），标题是空的",
                                           '含 # 的标题请整个加上英文引号，例如 title: "#平安建设# 我县召开推进会"'),
    "a tag that is a #topic#": ("title: 测试稿件\ntags: [#平安建设#]\n", 4, "tags",
                                "方括号里以 # 开头的一项被当成了说明（# 后面的文字）",
                                '请给这一项加上英文引号，例如 tags: ["#平安建设#"]'),
    "a colon and a space inside a title": ("title: 平安建设: 我县召开推进会\n", 3, "title",
                                           "值里的英文冒号后面跟着空格，被当成了另一个字段",
                                           '请给整个值加上英文引号，例如 title: "平安建设: 我县召开推进会"，'
                                           "或者把冒号改成中文冒号“：”"),
    "tags without brackets": ("title: 测试稿件\ntags: 平安建设、网格化\n", 4, "tags",
                              "应为列表，实际是 “平安建设、网格化”",
                              "列表写在方括号里，各项之间用英文逗号加空格，例如 tags: [平安建设, 网格化]"),
    "a title starting with !": ("title: ! 青石县召开推进会\n", 3, "title",
                                "值开头的“!”被当成了 YAML 的类型标记，不会出现在内容里",
                                '请给整个值加上英文引号，例如 title: "! 青石县召开推进会"'),
    "a tag starting with !": ("title: 测试稿件\ntags: [!top 平安建设]\n", 4, "tags 第 1 项",
                              "值开头的“!top”被当成了 YAML 的类型标记，不会出现在内容里",
                              '请给这一项加上英文引号，例如 "!top 平安建设"'),
    "a long title starting with !": ("title: ! " + "长" * 70 + "\n", 3, "title",
                                     "值开头的“!”被当成了 YAML 的类型标记，不会出现在内容里",
                                     "请删掉“!”；要让它出现在内容里，就给整个值加上英文引号。"),
    "tags in the wrong brackets": ("title: 测试稿件\ntags: 【平安建设, 推进会】\n", 4, "tags",
                                   "应为列表，实际是 “【平安建设, 推进会】”",
                                   "列表写在方括号里，各项之间用英文逗号加空格，例如 tags: [平安建设, 推进会]"),
    "tags joined by a semicolon": ("title: 测试稿件\ntags: [平安建设；推进会]\n", 4, "tags",
                                   "列表的一项里有中文分号“；”：“平安建设；推进会”会被当成一项",
                                   "如果是几项，请用英文逗号加空格分开，例如 [平安建设, 网格化管理]"),
    "tags joined by a full-width space": ("title: 测试稿件\ntags: [平安建设　推进会]\n", 4, "tags",
                                          "列表的一项里有全角空格“　”：“平安建设　推进会”会被当成一项",
                                          "如果是几项，请用英文逗号加空格分开，例如 [平安建设, 网格化管理]"),
    "authors as names only": ("title: 测试稿件\nauthors: [张三]\n", 4, "authors 第 1 项",
                              "应写成 {name: …, role: …} 的形式，实际是 “张三”",
                              "每位作者写成 {name: 张三, role: 记者}（role 可写 记者、通讯员、摄影、编辑、作者）"),
    "draft in quotes": ("title: 测试稿件\ndraft: \"false\"\n", 4, "draft",
                        "应为 true 或 false（不加引号），实际是 “false”",
                        "要发布这篇稿件，删掉 draft 这一行即可；写 draft: true 表示草稿"),
    "draft in Chinese": ("title: 测试稿件\ndraft: 否\n", 4, "draft", "应为 true 或 false（不加引号），实际是 “否”",
                         "要发布这篇稿件，删掉 draft 这一行即可；写 draft: true 表示草稿"),
    "full-width colons in braces": ("title: 测试稿件\nauthors:\n  - {name：张三, role：通讯员}\n", 5, "authors 第 1 项",
                                    "花括号里用了中文冒号“：”（name：张三）",
                                    "请改成英文冒号加空格，例如 {name: 张三, role: 通讯员}"),
}


@pytest.mark.parametrize("slip", list(IME_SLIPS))
def test_input_method_slips_in_a_header_are_named(make_site: SiteMaker, slip: str) -> None:
    lines, line, field, message, hint = IME_SLIPS[slip]
    date = "" if "date:" in lines else "date: 2021-09-13 08:30\n"
    text = f"---\nid: slip\n{lines}{date}column: dongtai\nsource: 测试日报\n---\n\n正文。\n"
    if "来源" in lines:
        text = text.replace("source: 测试日报\n", "")
    _, problems = _load(make_site({"content/news/2021/slip.md": text}))
    shown = f"错误：content/news/2021/slip.md 第 {line} 行，字段 {field}：{message}\n    提示：{hint}"
    assert shown in problems, problems
    # one problem a slip: 来源: is not also reported as source missing
    assert len([p for p in problems if p.startswith("错误")]) == 1, problems


def test_a_space_between_two_chinese_words_in_a_tag_is_a_warning(make_site: SiteMaker) -> None:
    """[平安建设 推进会] is likely two tags typed without the comma, but may be one name: said, not refused."""
    text = "---\nid: slip\ntitle: 测试稿件\ndate: 2021-09-13 08:30\ncolumn: dongtai\nsource: 测试日报\n" \
           "tags: [平安建设 推进会, Q&A 活动]\n---\n\n正文。\n"
    stories, problems = _load(make_site({"content/news/2021/slip.md": text}))
    assert problems == ["警告：content/news/2021/slip.md 第 7 行，字段 tags：列表的一项里有空格：“平安建设 推进会”会被当成一项\n"
                        "    提示：如果是几项，请用英文逗号加空格分开，例如 [平安建设, 网格化管理]；本来就是一项的，可以去掉空格。"]
    assert stories[0].meta.tags == ["平安建设 推进会", "Q&A 活动"]


def test_full_width_spaces_around_a_value_are_left_out(make_site: SiteMaker) -> None:
    """A full-width space typed before or after a value (title: 　　青石县召开推进会　, region: xian　) went into the
    published title, or made an id that did not match though it looked the same: a one-line value is read without
    them; a block (|) keeps its text."""
    text = ("---\nid: slip\ntitle: 　　青石县召开推进会　\ndate: 2021-09-13 08:30\ncolumn: dongtai　\nsource: 测试日报\n"
            "region: xian\u3000\ntags: [\u3000平安建设, 推进会\u00a0]\nsubtitle: \"　引号里的　\"\n---\n\n正文。\n")
    stories, problems = _load(make_site({"content/news/2021/slip.md": text}))
    assert problems == []
    meta = stories[0].meta
    assert (meta.title, meta.region, meta.tags, meta.subtitle) == ("青石县召开推进会", "xian", ["平安建设", "推进会"],
                                                                  "引号里的")


def test_a_hash_inside_a_quoted_tag_does_not_hide_a_full_width_comma(make_site: SiteMaker) -> None:
    """`["平安 #建设#"，网格化管理]`: the “ #” is inside quotes, not a comment's start, so the comma after it is named."""
    text = ('---\nid: slip\ntitle: 测试稿件\ndate: 2021-09-13 08:30\ncolumn: dongtai\nsource: 测试日报\n'
            'tags: ["平安 #建设#"，网格化管理]\n---\n\n正文。\n')
    _, problems = _load(make_site({"content/news/2021/slip.md": text}))
    assert problems == ["错误：content/news/2021/slip.md 第 7 行：方括号或花括号里用了中文逗号“，”\n"
                        "    提示：括号里的各项之间请用英文逗号加空格，例如 [平安建设, 网格化管理]"]


def test_a_comment_after_a_list_is_not_taken_for_its_items(make_site: SiteMaker) -> None:
    """`pingan new` writes `tags: []  # 标签，例如 [人民调解, 网格化管理]`: its comma is the note's, so a header with
    another mistake is told of that mistake only."""
    text = ("---\nid: slip\ntitle：测试稿件\ndate: 2021-09-13 08:30\ncolumn: dongtai\nsource: 测试日报\n"
            "tags: []                               # 标签，例如 [人民调解, 网格化管理]\n---\n\n正文。\n")
    _, problems = _load(make_site({"content/news/2021/slip.md": text}))
    assert problems == ["错误：content/news/2021/slip.md 第 3 行，字段 title：字段名后面用了中文冒号“：”\n"
                        "    提示：请改成英文冒号加一个空格，例如 title: 内容"]


@pytest.mark.parametrize(("line", "message", "hint"), [
    ('title: "枫桥经验"在我县落地生根', "，字段 title：引号只包住了值的开头，引号后面还有文字",
     "值里要用引号时请用中文引号“”，例如 title: “枫桥经验”在我县落地生根；或者把整个值放进一对单引号里"),
    ("title: @天祝 调解纠纷", "，字段 title：值的第一个字“@”是有特殊作用的符号，整段值要放进引号",
     '请写成 title: "@天祝 调解纠纷"（[ { * - | > % @ 这些符号开头的值都要这样写）'),
    # quotes at both ends and inside: the whole value in quotes (the hint had only “首阳镇开展”八五“…”), or two
    # quoted terms; both are said
    ('title: "首阳镇开展"八五"普法宣传活动"', "，字段 title：引号只包住了值的开头，引号后面还有文字",
     "值里要用引号时请用中文引号“”：整个值加了引号的，写成 title: 首阳镇开展“八五”普法宣传活动（整个值不用加引号）；"
     "引号是分别加给两处文字的，写成 title: “首阳镇开展”八五“普法宣传活动”"),
    ('title: "枫桥经验"在我县"落地生根"', "，字段 title：引号只包住了值的开头，引号后面还有文字",
     "值里要用引号时请用中文引号“”：整个值加了引号的，写成 title: 枫桥经验“在我县”落地生根（整个值不用加引号）；"
     "引号是分别加给两处文字的，写成 title: “枫桥经验”在我县“落地生根”"),
    ('title: "枫桥经验" 在我县"落地生根"', "，字段 title：引号只包住了值的开头，引号后面还有文字",
     "值里要用引号时请用中文引号“”，例如 title: “枫桥经验” 在我县“落地生根”；或者把整个值放进一对单引号里"),
    ("title: [通知] 关于开展平安创建的通知", "，字段 title：值的第一个字“[”是有特殊作用的符号，整段值要放进引号",
     '请写成 title: "[通知] 关于开展平安创建的通知"（[ { * - | > % @ 这些符号开头的值都要这样写）'),
    ("title: {平安}建设", "，字段 title：值的第一个字“{”是有特殊作用的符号，整段值要放进引号",
     '请写成 title: "{平安}建设"（[ { * - | > % @ 这些符号开头的值都要这样写）'),
    ("title: *重要* 县委召开会议", "，字段 title：值的第一个字“*”是有特殊作用的符号，整段值要放进引号",
     '请写成 title: "*重要* 县委召开会议"（[ { * - | > % @ 这些符号开头的值都要这样写）'),
    ("title: - 我县召开会议", "，字段 title：值的第一个字“-”是有特殊作用的符号，整段值要放进引号",
     '请写成 title: "- 我县召开会议"（[ { * - | > % @ 这些符号开头的值都要这样写）'),
    ("title: > 引用“标题”", "，字段 title：值的第一个字“>”是有特殊作用的符号，整段值要放进引号",
     '请写成 title: "> 引用“标题”"（[ { * - | > % @ 这些符号开头的值都要这样写）'),
    ('title: %年度"回顾"', "，字段 title：值的第一个字“%”是有特殊作用的符号，整段值要放进引号",
     """请写成 title: '%年度"回顾"'（[ { * - | > % @ 这些符号开头的值都要这样写）"""),
])
def test_a_headline_yaml_cannot_read_is_explained_in_chinese(make_site: SiteMaker, line: str, message: str,
                                                              hint: str) -> None:
    text = f"---\nid: slip\n{line}\ndate: 2021-09-13 08:30\ncolumn: dongtai\nsource: 测试日报\n---\n\n正文。\n"
    _, problems = _load(make_site({"content/news/2021/slip.md": text}))
    assert problems == [f"错误：content/news/2021/slip.md 第 3 行{message}\n    提示：{hint}"]


def test_an_image_not_found_is_answered_with_the_path_to_write(make_site: SiteMaker) -> None:
    """Staff write the path as seen from content/ (images/x.jpg) or with other capitals than the file's: the hint
    names the file that is there and the path to write from the story's folder."""
    body = ("![调解现场](images/IMG_2031.jpg)\n\n![走访](../../images/nothing.jpg)\n\n![会场](/images/img_2031.jpg)\n\n"
            "![现场](/Upload/2025/06/1.jpg)\n")
    cfg = make_site({"content/news/2021/photo.md": story("photo", body=body),
                     "content/news/2021/cover.md": story("cover", extra="cover: images/tuijinhui.jpg\n"
                                                                      "cover_alt: 会场\n")})
    make_image(cfg.parent / "content/images/IMG_2031.JPG", (800, 600))
    make_image(cfg.parent / "content/images/Tuijinhui.JPG", (800, 600))
    from generator.build import check

    with pytest.raises(ContentError) as raised:
        check(cfg)
    said = [p.format() for p in raised.value.problems]
    assert ("错误：content/news/2021/photo.md 第 9 行，字段 正文：找不到图片文件：images/IMG_2031.jpg\n"
            "    提示：找到了 content/images/IMG_2031.JPG：在这个文件里请写成 ../../images/IMG_2031.JPG"
            "（路径从这个文件所在的文件夹算起，文件名的大小写也要一致）") in said, said
    assert any("找不到图片文件：../../images/nothing.jpg\n    提示：检查文件名（区分大小写）" in p for p in said), said
    # written from content/ (/images/…): the path to write is said the same way
    assert ("错误：content/news/2021/photo.md 第 13 行，字段 正文：找不到图片文件：/images/img_2031.jpg\n"
            "    提示：找到了 content/images/IMG_2031.JPG：请写成 /images/IMG_2031.JPG（文件名的大小写也要一致）") in said, said
    # the address a picture had on the page it was imported from: no such folder in content/
    assert ("错误：content/news/2021/photo.md 第 15 行，字段 正文：找不到图片文件：/Upload/2025/06/1.jpg\n"
            "    提示：这像是原网页上的图片地址（content/ 里没有这个文件夹）：请在原网页上把图片另存到 content/images/，"
            "再把地址改成 /images/文件名.jpg。") in said, said
    # a cover with other capitals than its file's
    assert ("错误：content/news/2021/cover.md 第 7 行，字段 cover：找不到图片文件：content/images/tuijinhui.jpg\n"
            "    提示：找到了 content/images/Tuijinhui.JPG：请写成 cover: images/Tuijinhui.JPG"
            "（路径从 content/ 里面算起，文件名的大小写也要一致）") in said, said


def test_a_missing_cover_text_is_reported_on_the_cover_line(make_site: SiteMaker) -> None:
    """cover_alt is not written at all: the error names the cover's line, not the file's first line."""
    cfg = make_site({"content/news/2021/c.md": story("c", extra="tags: [人民调解]\ncover: images/c.jpg\n")})
    make_image(cfg.parent / "content/images/c.jpg", (800, 600))
    _, problems = _load(cfg)
    assert problems == ["错误：content/news/2021/c.md 第 8 行，字段 cover_alt：有封面图片时必须填写 cover_alt（封面图片的文字说明）\n"
                        "    提示：用一句话描述图片内容，方便视力障碍读者使用读屏软件。"], problems


def test_a_field_like_line_inside_a_block_of_text_is_not_blamed(make_site: SiteMaker) -> None:
    """Indented lines of a block (a case's body: 时间：2024年3月, WiFi:密码) are text, not fields: a YAML error
    further down is reported as itself, not as a Chinese field name or a missing space on those lines."""
    from generator.yamlsrc import YamlError, load

    text = 'id: a\nbody: |\n  时间：2024年3月，地点：村委会\n  WiFi:pingan\nsummary: "没有闭合\ntitle: x\n'
    with pytest.raises(YamlError) as raised:
        load(text, "content/cases/a.yml")
    said = [p.format() for p in raised.value.problems]
    assert len(said) == 1 and "第 5 行" in said[0] and "引号没有配对" in said[0], said


def test_every_tab_indented_line_is_named_at_once(make_site: SiteMaker) -> None:
    text = "---\nid: tabs\ntitle: 测试稿件\n\tdate: 2021-09-13 08:30\ncolumn: dongtai\n\tsource: 测试日报\n---\n\n正文。\n"
    _, problems = _load(make_site({"content/news/2021/tabs.md": text}))
    assert [p.split("：", 1)[0] for p in problems] == ["错误", "错误"] and "第 4 行" in problems[0] \
        and "第 6 行" in problems[1] and all("制表符" in p for p in problems), problems


def test_a_duplicate_id_taken_from_the_file_name_says_so(make_site: SiteMaker) -> None:
    """Without an id: line the id is the file's name: the error cannot point at a line to change, so it says to
    rename the file or add an id."""
    plain = story("x").replace("id: x\n", "")
    _, problems = _load(make_site({"content/news/2021/same.md": plain, "content/news/2022/same.md": plain.replace(
        "2021-09-13", "2022-09-13")}))
    assert problems == ["错误：content/news/2022/same.md，字段 id：稿件标识 same 与 content/news/2021/same.md 重复\n"
                        "    提示：这篇稿件没有写 id，标识取自文件名 same.md：请给文件改名，或在信息区加上一行 id: 新标识"
                        "（小写英文、数字和连字符）。"], problems


def test_a_header_typed_all_in_chinese_input_mode_names_each_colon(make_site: SiteMaker) -> None:
    """Every field followed by ： reads as one long text, not as fields: each such line is named, as when only some
    are (it said only that the header should be fields); a record typed so too."""
    text = "---\ntitle：县综治中心开展法治宣传\ndate：2021-09-13 08:30\ncolumn：dongtai\nsource：本网\n---\n\n正文。\n"
    record = "id：test-h\nname：模范调解室\nlevel：省级\n"
    from generator.build import check
    from generator.errors import ContentError

    cfg = make_site({"content/news/2021/a.md": story("a"), "content/news/2021/cn.md": text,
                     "content/honors/test-h.yml": record})
    with pytest.raises(ContentError) as raised:
        check(cfg, now=NOW)
    problems = [p.format() for p in raised.value.problems]
    assert [p.split("\n")[0] for p in problems] == [
        "错误：content/honors/test-h.yml 第 1 行，字段 id：字段名后面用了中文冒号“：”",
        "错误：content/honors/test-h.yml 第 2 行，字段 name：字段名后面用了中文冒号“：”",
        "错误：content/honors/test-h.yml 第 3 行，字段 level：字段名后面用了中文冒号“：”",
        "错误：content/news/2021/cn.md 第 2 行，字段 title：字段名后面用了中文冒号“：”",
        "错误：content/news/2021/cn.md 第 3 行，字段 date：字段名后面用了中文冒号“：”",
        "错误：content/news/2021/cn.md 第 4 行，字段 column：字段名后面用了中文冒号“：”",
        "错误：content/news/2021/cn.md 第 5 行，字段 source：字段名后面用了中文冒号“：”"], problems


@pytest.mark.parametrize("value", ["[通知] 关于开展平安创建的通知", "{平安}建设", "*重要* 县委召开会议", "- 我县召开会议",
                                   "> 引用“标题”", '%年度"回顾"', "@天祝 调解纠纷", "| 平安 \\ 建设", "it's \"ok\""])
def test_the_quoted_value_a_hint_suggests_reads_back_as_written(value: str) -> None:
    """The hint's `title: "…"` is what the writer meant: YAML reads it back as the value typed."""
    from generator.yamlhints import _quoted
    from generator.yamlsrc import load

    assert load(f"title: {_quoted(value)}\n", "x.yml").data == {"title": value}


def test_a_copied_story_is_blamed_for_the_duplicate_id_not_the_one_it_was_copied_from(make_site: SiteMaker) -> None:
    """anquan.md, copied from wo-xian.md with its id left as it was, sorts first: it is still the copy (its id is not
    its file's name), so it is the one told to change; the published story keeps its id and address and is built."""
    from generator.build import check
    from generator.errors import ContentError

    cfg = make_site({"content/news/2021/wo-xian.md": story("wo-xian", title="原稿"),
                     "content/news/2021/anquan.md": story("wo-xian", title="复制后改了标题")})
    with pytest.raises(ContentError) as raised:
        check(cfg, now=NOW)
    assert [p.format() for p in raised.value.problems] == [
        "错误：content/news/2021/anquan.md 第 2 行，字段 id：稿件标识 wo-xian 与 content/news/2021/wo-xian.md 重复\n"
        "    提示：这篇稿件的 id 和文件名不一样，像是复制来的：请把它的 id 改成新的（例如 id: anquan）；"
        "content/news/2021/wo-xian.md 不要改，它的网址保持不变。"]


def test_a_story_dated_more_than_a_year_ahead_is_a_warning(make_site: SiteMaker) -> None:
    """2036 typed for 2026 schedules the story ten years ahead without a word: a warning names the date's line; a
    story scheduled a few weeks ahead, and a draft, are left alone."""
    from generator.build import check

    cfg = make_site({"content/news/2021/a.md": story("a"),
                     "content/news/2031/far.md": story("far", date="2031-09-20 09:00"),
                     "content/news/2021/soon.md": story("soon", date="2021-10-01 09:00"),
                     "content/news/2031/draft.md": story("draft", date="2031-09-20 09:00", extra="draft: true\n")})
    report = check(cfg, now=NOW)
    ahead = [p.format() for p in report.warnings if p.field == "date"]
    assert ahead == ["警告：content/news/2031/far.md 第 4 行，字段 date：发布时间 2031-09-20 在一年以后：这篇稿件要到那一天才"
                     "会出现在网站上\n    提示：如果年份写错了（例如 2026 写成了 2036），请改正；确实要到那时才发布的，可以不管这条提示。"]


@pytest.mark.parametrize("written", ["2021年9月13日 08:30", "2021.9.13 8:30", "2021/09/13 08:30", "2021年9月13日08:30"])
def test_a_story_s_date_is_read_as_staff_write_a_day(make_site: SiteMaker, written: str) -> None:
    """2021年9月13日 08:30, 2021.9.13 8:30 and 2021/09/13 are a story's date as 2021-09-13 08:30 is (records took
    them already; a story refused them with a hint about the format)."""
    from generator.build import build

    cfg = make_site({"content/news/2021/a.md": story("a", date=written)})
    build(cfg, cfg.parent / "site", now=NOW)
    assert (cfg.parent / "site/news/2021/09/13/a/index.html").is_file()


def test_a_story_with_a_cover_problem_has_its_body_checked_in_the_same_round(make_site: SiteMaker) -> None:
    """A missing cover used to keep the story from being read, so its body's missing picture was found only after
    the cover was mended: both are reported at once, and the story is not listed as unchecked."""
    from generator.build import check

    cfg = make_site({"content/news/2021/a.md": story("a", body="![现场](../../images/gone.jpg)",
                                                     extra="cover: images/none.jpg\ncover_alt: 会场\n")})
    with pytest.raises(ContentError) as raised:
        check(cfg, now=NOW)
    fields = sorted(p.field for p in raised.value.problems)
    assert fields == ["cover", "正文"], raised.value.problems
    assert raised.value.unread == []


def test_a_title_too_long_is_told_how_to_shorten_it(make_site: SiteMaker) -> None:
    """太长 had no hint: the title's says where the rest can go."""
    _, problems = _load(make_site({"content/news/2021/long.md": story("long", title="平安" * 50)}))
    assert problems == ["错误：content/news/2021/long.md 第 3 行，字段 title：太长：最多 80 个字，实际 100 个字\n"
                        "    提示：请删减到 80 个字以内；次要的内容可以写进副标题（subtitle: …）或摘要。"]


def test_two_regions_written_as_a_list_are_told_to_write_one(make_site: SiteMaker) -> None:
    """region: [xian, qu] said only that it should be text: the hint says one region, the common one above, or tags."""
    _, problems = _load(make_site({"content/news/2021/two.md": story("two", extra="region: [xian, qu]\n")}))
    assert len(problems) == 1 and "region 只写一项；一篇稿件或一条记录只属于一个地区" in problems[0], problems


@pytest.mark.parametrize("line", ["title: @" + " " * 200_000 + "x", 'title: "a"b' + " " * 200_000 + "x",
                                  "title: [a] b" + " " * 200_000 + "#", "body: |\n" + "x\n" * 50_000])
def test_explaining_an_unreadable_header_is_linear(line: str) -> None:
    """The hints read the line YAML stopped at: a value ending in 200,000 spaces took seconds per 20,000 of them
    (each extension of a lazy match tried the spaces to the line's end)."""
    import time

    from generator.yamlsrc import YamlError, load

    started = time.perf_counter()
    with pytest.raises(YamlError):
        load(line + "\nsource: 测试日报\n", "x.yml")
    assert time.perf_counter() - started < 5


def test_two_published_stories_of_one_title_are_a_warning(make_site: SiteMaker) -> None:
    """Two stories of one week with the same title read as one story twice in every list (a copy saved under a
    second name, say): a warning names both files; a draft of the same title, or last year's meeting of the same
    name, is no such story."""
    cfg = make_site({"content/news/2021/first.md": story("first", title="我县召开平安建设推进会"),
                     "content/news/2020/last-year.md": story("last-year", title="我县召开平安建设推进会",
                                                             date="2020-09-10 08:30"),
                     "content/news/2021/again.md": story("again", title="我县召开平安建设推进会 ", date="2021-09-14 08:30"),
                     "content/news/2021/draft.md": story("draft", title="我县召开平安建设推进会", extra="draft: true\n")})
    stories, problems = _load(cfg)
    assert len(stories) == 4
    assert problems == [
        "警告：content/news/2021/again.md 第 3 行，字段 title：标题与 content/news/2021/first.md 相同："
        "《我县召开平安建设推进会》\n"
        "    提示：读者在列表和搜索结果里分不清这两篇。同一篇稿件存了两份的，请删掉一份；不是同一篇的，"
        "请把标题改得不同（例如写上地点或日期）。"]


def test_a_column_written_by_its_name_is_told_its_id(make_site: SiteMaker) -> None:
    """column: 工作动态 (the name, as `pingan new --column` accepts) gets the id to write, as a region's name does."""
    cfg = make_site({"content/news/2021/a.md": story("a").replace("column: dongtai", "column: 工作动态")})
    _, problems = _load(cfg)
    assert len(problems) == 1 and problems[0].endswith("提示：栏目“工作动态”的标识是 dongtai：请写成 column: dongtai"), problems


def test_the_bodies_of_stories_left_out_are_checked_as_warnings(make_site: SiteMaker) -> None:
    """A draft's missing picture and broken link were found only once it was published, one at a time: `check` and
    `build` now convert the bodies of drafts, scheduled stories and stories awaiting review for their problems,
    reported as warnings (the build goes on; with --strict they stop it)."""
    from generator.build import build, check
    from generator.errors import ContentError

    from .conftest import NOW

    bad = "第一段。\n\n![会场](/images/missing.jpg)\n\n[链接](../../2020/nope.md)"
    cfg = make_site({
        "content/news/2021/ok.md": story("ok"),
        "content/news/2021/d.md": story("d", body=bad, extra="draft: true\n"),
        "content/news/2026/later.md": story("later", date="2026-03-01 08:00", body="![图](/images/gone.jpg)"),
    })
    for run in (lambda: check(cfg, now=NOW), lambda: build(cfg, cfg.parent / "site", now=NOW)):
        found = sorted((w.path, w.line, w.message) for w in run().warnings)
        assert found == [("content/news/2021/d.md", 12, "草稿：找不到图片文件：/images/missing.jpg"),
                         ("content/news/2021/d.md", 14, "草稿：链接的文件不存在：../../2020/nope.md"),
                         ("content/news/2026/later.md", 9, "定时发布的稿件：找不到图片文件：/images/gone.jpg")], found
    with pytest.raises(ContentError):
        check(cfg, now=NOW, strict=True)


def test_a_value_in_chinese_quotes_is_told_to_drop_them(make_site: SiteMaker) -> None:
    """date: “2024-09-10 09:00” as a Chinese input method types it: the hint says to drop the quotes, with the value
    written as it should be (the message showed ““2024-09-10 09:00”” and the usual format hint)."""
    text = story("q").replace("date: 2021-09-13 08:30", "date: “2021-09-13 08:30”").replace(
        "column: dongtai", "column: ‘dongtai’")
    _, problems = _load(make_site({"content/news/2021/q.md": text}))
    assert len(problems) == 2, problems
    assert "提示：先去掉中文引号（值不用加引号；要加也只能用英文引号）：date: 2021-09-13 08:30。去掉后如果还不对：" in problems[0]
    assert "提示：先去掉中文引号（值不用加引号；要加也只能用英文引号）：column: dongtai。" in problems[1]
    assert "可用的栏目" in problems[1]  # what to write if the value itself is wrong too


@pytest.mark.parametrize("written, hint", [
    ("２０２１－０９－１３　０８：３０", "全角数字或符号：请切换到英文输入法重写，写成“2021-09-13 08:30”"),
    ("9月13日 8:30", "少了年份"),
    ("2021-09-13 下午2:30", "24 小时制"),
    ("2021年9月13日8点", "24 小时制"),
])
def test_a_date_typed_as_a_clerk_types_it_is_told_what_is_wrong(make_site: SiteMaker, written: str,
                                                               hint: str) -> None:
    """Full-width digits, a date without its year, 下午/8点: each told what to change, not the format alone."""
    text = story("d").replace("date: 2021-09-13 08:30", f"date: {written}")
    _, problems = _load(make_site({"content/news/2021/d.md": text}))
    assert len(problems) == 1 and "字段 date" in problems[0] and hint in problems[0], problems


def test_a_draft_s_pictures_are_checked_but_never_published(make_site: SiteMaker) -> None:
    """Checking a draft's body probes its pictures: they must not be encoded into the site (a draft's photo of a
    party was published while its story was not)."""
    from generator.build import build

    cfg = make_site({"content/news/2021/ok.md": story("ok"),
                     "content/news/2021/d.md": story("d", body="待补充。", extra="draft: true\n")})
    make_image(cfg.parent / "content/images/secret.jpg", (800, 600))
    build(cfg, cfg.parent / "site", now=NOW)
    before = sorted(p.name for p in (cfg.parent / "site").rglob("*") if p.is_file())
    (cfg.parent / "content/news/2021/d.md").write_text(
        story("d", body="![当事人](/images/secret.jpg)\\n\\n![缺](/images/none.jpg)", extra="draft: true\n"),
        encoding="utf-8")
    report = build(cfg, cfg.parent / "site", now=NOW)
    assert [w.message for w in report.warnings] == ["草稿：找不到图片文件：/images/none.jpg"]
    assert sorted(p.name for p in (cfg.parent / "site").rglob("*") if p.is_file()) == before


@pytest.mark.parametrize("written, hint", [("13/09/2024 08:30", "年份要写在最前面"), ("24-09-13 08:30", "少了年份")])
def test_a_date_with_its_year_last_or_short_is_told_so(make_site: SiteMaker, written: str, hint: str) -> None:
    text = story("d").replace("date: 2021-09-13 08:30", f"date: {written}")
    _, problems = _load(make_site({"content/news/2021/d.md": text}))
    assert len(problems) == 1 and hint in problems[0], problems


def test_paths_of_this_computer_and_a_new_site_s_images_get_the_right_hint(make_site: SiteMaker) -> None:
    """A macOS or Linux home path is a file on this computer; /images/a.jpg on a site with no content/images/ yet is
    no imported page's address; a drive letter without a slash (D:图片\\a.jpg) is this computer's too."""
    from generator.build import check

    body = "![甲](/Users/wang/Desktop/a.jpg)\n\n![乙](/images/a.jpg)"
    cfg = make_site({"content/news/2021/p.md": story("p", body=body, extra="cover: 'D:图片\\a.jpg'\ncover_alt: 图\n")})
    with pytest.raises(ContentError) as raised:
        check(cfg)
    said = {p.message: p.hint for p in raised.value.problems}
    assert "图片指向本机文件 /Users/wang/Desktop/a.jpg" in said
    assert "找不到图片文件：/images/a.jpg" in said and "原网页" not in said["找不到图片文件：/images/a.jpg"]
    assert "封面图片指向本机文件 D:图片\\a.jpg" in said


def test_a_link_to_a_case_with_an_error_is_not_called_broken(make_site: SiteMaker) -> None:
    """A story links /cases/liang-hu/ and that case names a party in full: the case's error was followed by 站内链接
    … 指向的页面不存在 (检查网址拼写) for a link that was right. Only the case's error is said; a link to a draft
    case still is a broken link (its page is not published)."""
    from generator.build import check

    from .test_records import CASE

    cfg = make_site({
        "content/news/2021/a.md": story("a", body="详见[案例](/cases/liang-hu/)和[另一个](/cases/later/)。"),
        "content/cases/liang-hu.yml": CASE.format(id="liang-hu", mediator="null").replace("何某, ", "张建华, "),
        "content/cases/later.yml": CASE.format(id="later", mediator="null") + "draft: true\n",
    })
    with pytest.raises(ContentError) as raised:
        check(cfg, now=NOW)
    said = [p.format().split("\n")[0] for p in raised.value.problems if p.level == "error"]
    assert any(line.startswith("错误：content/cases/liang-hu.yml") for line in said), said
    assert [line for line in said if "站内链接" in line] == [
        "错误：content/news/2021/a.md 第 9 行，字段 正文：站内链接 /cases/later/ 指向的页面不存在"], said


def test_a_story_s_independent_problems_are_said_in_one_round(make_site: SiteMaker) -> None:
    """A clerk ran `pingan check` four times on one story: a header slip first, then the date, then the template's
    example picture left in, then the file name. The header's problems, the body's fill-in phrases and a file name
    that cannot be an address are said together (a draft's are not: it is being written)."""
    body = "插图这样写：![图片的文字说明](/images/example.jpg)\n\n正文。\n"
    slip = story("x", body=body).replace("id: x\n", "").replace("title: ", "title：")
    dated = story("x", body=body).replace("id: x\n", "").replace("date: 2021-09-13 08:30", "date: 2021年13月")
    draft = story("x", body=body, extra="draft: true\n").replace("id: x\n", "").replace("title: ", "title：")
    for text in (slip, dated):
        _, problems = _load(make_site({"content/news/2021/首阳镇 开展 法治宣传.md": text}))
        said = [p.split("\n")[0] for p in problems]
        assert any("字段 title：" in p or "字段 date：" in p for p in said), said
        assert any("还没有填写：“插图这样写”" in p for p in said), said
        assert any("文件名 首阳镇 开展 法治宣传 不能用作网址标识" in p for p in said), said
    _, problems = _load(make_site({"content/news/2021/首阳镇 开展 法治宣传.md": draft}))
    assert not any("插图这样写" in p or "文件名" in p for p in problems), problems


def test_a_picture_name_the_system_refuses_is_an_error_not_a_crash(make_site: SiteMaker) -> None:
    """Looking for images/… from content/ too (as a cover's path) asked the system about a 300-character name, and
    its refusal (ENAMETOOLONG) ended the check with a traceback."""
    from generator.build import check

    cfg = make_site({"content/news/2021/a.md": story("a", body=f"![现场]({'长' * 300}.jpg)")})
    with pytest.raises(ContentError) as raised:
        check(cfg)
    assert [(p.path, p.field) for p in raised.value.problems if p.level == "error"] == [
        ("content/news/2021/a.md", "正文")]


def test_a_story_with_header_errors_has_its_pictures_and_links_checked_in_the_same_round(make_site: SiteMaker
                                                                                         ) -> None:
    """A wrong date kept the story from being read, and its missing picture and its link to a story that is not
    there came one round later; a draft's are not said (it is being written)."""
    from generator.build import check

    body = ("![现场](/images/none.jpg)\n\n[前文](../2020/gone.md)\n\n[不存在](/no-such-page/)和"
            '<a href="/also-missing/">不存在</a>，[新闻](../../../../)\n')
    dated = story("x", body=body).replace("date: 2021-09-13 08:30", "date: 2021年13月")
    draft = story("y", body=body, extra="draft: true\n").replace("date: 2021-09-13 08:30", "date: 2021年13月")
    cfg = make_site({"content/news/2021/x.md": dated, "content/news/2021/y.md": draft})
    with pytest.raises(ContentError) as raised:
        check(cfg)
    said = [(p.path, p.field, p.level) for p in raised.value.problems]
    assert said.count(("content/news/2021/x.md", "正文", "error")) == 4, said
    messages = [p.message for p in raised.value.problems if p.path.endswith("x.md") and p.field == "正文"]
    assert "站内链接 /no-such-page/ 指向的页面不存在" in messages and "站内链接 /also-missing/ 指向的页面不存在" in messages
    assert not any("超出了本站范围" in m for m in messages), messages  # a link relative to a page not yet placed
    assert ("content/news/2021/x.md", "date", "error") in said, said
    assert not [p for p in said if p[0].endswith("y.md") and p[1] == "正文"], said
    assert raised.value.unread == [], raised.value.unread
