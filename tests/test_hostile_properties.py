"""Generated hostile input: stories and records whose fields and bodies hold arbitrary Unicode and markup.

Whatever they hold, a build ends with exit code 0 or 1 and no traceback; when it succeeds, no planted marker
became an element, attribute, script or request in any page, feed or data file (tests/inert.py), and when it
fails the last good site is untouched.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.cli import main

from .conftest import BASE_CONFIG, tree_bytes
from .inert import site_problems

# Pieces an attacker or a Word paste brings, each holding the marker where it would become active.
PIECES = ["<pwn-a>", "</pwn-a>", '"', "'", "&", "&amp;", "&#60;pwn-e&#62;", "<!--", "-->", "]]>", "<![CDATA[",
          "{{ pwn }}", "{% pwn %}", "<script>pwn()</script>", "<img src=x onerror=pwn()>", "javascript:pwn()",
          '<a href="https://pwn.example/">', "<svg onload=pwn()>", "\u2028", "\u2029", "\u200b", "\ufeff", "\x0b",
          "\x00", "\x1b[31m", "\ufffe", "\U0001f600", "\u202e", "*", "_", "`", "[", "](", ")", "#", "|", "\\",
          "\n", "\n\n", "  \n", "---", ":", "- ", "> ", "1. ", "$", "%", "平安", "调解", "某", "。"]

text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=12).map("".join)
short = text.map(lambda s: s[:18])


def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _files(title: str, summary: str, tag: str, author: str, body: str, case_text: str, case_body: str
           ) -> dict[str, str]:
    story = (f"---\nid: gen\ntitle: {q('稿件' + title)}\ndate: 2021-09-13 08:30\ncolumn: dongtai\n"
             f"source: {q('来源' + author)}\nsummary: {q(summary)}\ntags: [{q('标签' + tag)}]\n"
             f"authors:\n  - {{name: {q('作者' + author)}, role: 记者}}\n---\n\n{body}\n")
    case = (f"id: gen-case\ntitle: {q('案例' + title)}\ncategory: 邻里\nregion: xian\ndate: 2024-04\n"
            f"organisation: {q('调委会' + case_text)}\nparties: [张某, 李某]\noutcome: 成功\n"
            f"summary: {q('摘要' + case_text)}\nsource: 测试日报\nbody: {q(case_body)}\n")
    return {"content/news/2021/gen.md": story, "content/cases/gen-case.yml": case}


_BUILT: dict[str, Path] = {}


def _good_site() -> Path:
    """A small good site, built once for all examples (each copies it)."""
    if "root" not in _BUILT:
        root = Path(tempfile.mkdtemp(prefix="pingan-hostile-"))
        (root / "site_config.yml").write_text(BASE_CONFIG, encoding="utf-8")
        (root / "content/news").mkdir(parents=True)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(["build", "--config", str(root / "site_config.yml")]) == 0, "the empty site builds"
        _BUILT["root"] = root
    return _BUILT["root"]


# A build is ~0.3 s: a fixed set of examples (the same in every run, so CI is repeatable; PINGAN_HYPOTHESIS_EXAMPLES
# asks for more) and no shrinking, which would rebuild hundreds of times; a failure prints its example as found.
@settings(max_examples=int(os.environ.get("PINGAN_HYPOTHESIS_EXAMPLES", "30")), deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow], database=None)
@given(title=short, summary=text, tag=short, author=short, body=text, case_text=text, case_body=text)
def test_any_fields_build_inert_or_fail_in_words(title: str, summary: str, tag: str, author: str, body: str,
                                                 case_text: str, case_body: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site-src"
        shutil.copytree(_good_site(), root)
        before = tree_bytes(root / "site")
        for rel, data in _files(title, summary, tag, author, body, case_text, case_body).items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(data, encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["build", "--config", str(root / "site_config.yml")])
        said = err.getvalue()
        assert code in (0, 1), said
        assert "Traceback" not in said and "内部出错" not in said, said
        if code == 0:
            assert site_problems(root / "site") == []
        else:
            assert "错误：" in said
            assert tree_bytes(root / "site") == before
        shutil.rmtree(root / "site", ignore_errors=True)
