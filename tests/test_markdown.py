"""Story bodies: the shortcut past Markdown's inline patterns for plain text changes no output."""

from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import SimpleTagInlineProcessor

from generator.render.markdown import EXTENSION_CONFIGS, EXTENSIONS, INLINE_MARKUP, INLINE_PATTERNS, skip_plain_text

REPO = Path(__file__).resolve().parent.parent
SAMPLES = [
    "调解员老王走进村委会。",
    "**加粗** 与 *强调*、__下划线加粗__、_斜体_，还有 snake_case_name 与 2*3*4。",
    "`代码` 与 \\*不是强调\\*，以及 \\`反引号\\`。",
    "[链接](https://example.gov.cn/ \"标题\") 和 ![图片](a.jpg) 和 [引用][r] 和 [r] 与 ![r]。\n\n[r]: https://x.cn/",
    "脚注[^1]。\n\n[^1]: 脚注的内容，带 **加粗**。",
    "<https://example.gov.cn/> 与 <someone@example.gov.cn>，以及 <span class=\"x\">行内 HTML</span>。",
    "实体 &amp; &#20013; &#x4e2d; 与单独的 & 号。",
    "第一行末尾两个空格  \n第二行。",
    "| 表头 | 二 |\n| --- | --- |\n| **格** | `码` |\n| 纯文本 | 调解 |",
    "## 标题 {#anchor .cls}\n\n段落 {: .lead }\n\n- 列表 *一*\n- 列表二\n\n1. 有序\n2. 有序 [链接](b.md)",
    '<div markdown="1">\n**里面** 的文字\n</div>',
    "> 引用里的 *强调* 与纯文本\n>\n> 第二段",
]


def _converter(fast: bool) -> markdown.Markdown:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    if fast:
        skip_plain_text(md)
    return md


def _texts() -> list[str]:
    stories = [path.read_text(encoding="utf-8") for path in sorted((REPO / "content").rglob("*.md"))]
    rng = random.Random(7)
    alphabet = ["调", "解", "员", "。", "，", "a", "B", "1", " ", "  \n", "\n", "\n\n", "*", "**", "_", "[", "]", "(",
                ")", "!", "<", ">", "&", ";", "#", "`", "\\", "^", ":", "/", "@", "-", "|", "{", "}", "\"", "'"]
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(1500)]
    return SAMPLES + stories + fuzz


def test_plain_text_passed_over_gives_what_markdown_gives() -> None:
    """The sample site's stories, every inline construct, and 1,500 random texts mixing plain text with every
    character Markdown gives meaning to: the same HTML with the shortcut as without."""
    plain, fast = _converter(False), _converter(True)
    assert any(type(step).__name__ == "_PlainTextInline" for step in fast.treeprocessors)
    assert [type(step).__name__ for step in fast.treeprocessors] == [
        "_PlainTextInline" if type(step).__name__ == "InlineProcessor" else type(step).__name__
        for step in plain.treeprocessors]  # same steps in the same order
    texts = _texts()
    assert len([t for t in texts if INLINE_MARKUP.search(t)]) > 1000
    for text in texts:
        assert fast.reset().convert(text) == plain.reset().convert(text), text


def test_every_inline_pattern_starts_with_a_character_the_shortcut_looks_for() -> None:
    """Markdown's inline patterns are those INLINE_PATTERNS names (an update that adds one fails here, and the
    shortcut is then left out). None matches text without the characters listed for it; each matches with them."""
    md = _converter(False)
    assert {item.name for item in md.inlinePatterns._priority} == set(INLINE_PATTERNS)
    others = "".join(chr(c) for c in range(32, 127) if not INLINE_MARKUP.match(chr(c)))
    text = "调解员网格员长安杯，。！？：；“”（）【】《》、—…·\t " + others
    examples = {"backtick": "`x`", "escape": "\\*", "footnote": "[^1]", "reference": "[a][b]", "link": "[a](b)",
                "image_link": "![a](b)", "image_reference": "![a][b]", "short_reference": "[a]",
                "short_image_ref": "![a]", "autolink": "<https://x.cn>", "automail": "<a@x.cn>", "linebreak": "a  \nb",
                "html": "<b>", "entity": "&amp;", "em_strong": "*a*"}
    for name in INLINE_PATTERNS:
        regex = md.inlinePatterns[name].compiled_re
        assert regex.search(text) is None, name
        assert regex.search(examples[name]) is not None, name
        assert re.search("[" + re.escape(INLINE_PATTERNS[name]) + "]", examples[name]), name


def test_another_inline_pattern_keeps_markdown_s_own_step() -> None:
    """With a pattern the shortcut does not know (here ~~deleted~~, starting with a character it does not look
    for), Markdown's own inline step stays, and the pattern works."""
    class Strike(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
            md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 65)

    md = markdown.Markdown(extensions=[*EXTENSIONS, Strike()], extension_configs=EXTENSION_CONFIGS)
    skip_plain_text(md)
    assert "_PlainTextInline" not in [type(step).__name__ for step in md.treeprocessors]
    assert md.convert("调解~~结束~~") == "<p>调解<del>结束</del></p>"
