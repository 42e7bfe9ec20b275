"""The regular expressions read the same on every Python 3.11.

Python 3.11.0 to 3.11.4 (Debian 12's python3 is 3.11.2) misread possessive quantifiers (X*+, X{1,6}+: CPython
gh-106052 and gh-100061, fixed in 3.11.5): a pattern of the personal-data check matched what it should not, and ran
for minutes on an error message that named a temporary folder. The patterns use atomic groups ((?>X*)), which those
versions read right."""

from __future__ import annotations

import io
import json
import os
import re
import site
import subprocess
import sys
import tokenize

import pytest

from .conftest import REPO

# a quantifier made possessive, once character classes and escapes stand as one character each
_CLASS_OR_ESCAPE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]")
_POSSESSIVE = re.compile(r"(?:[*+?]|\})\+")


def test_no_pattern_uses_a_possessive_quantifier() -> None:
    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            prefix = token.string[:2].lower()
            if token.type == tokenize.STRING and "r" in prefix.rstrip("'\""):
                if _POSSESSIVE.search(_CLASS_OR_ESCAPE.sub("x", token.string)):
                    found.append(f"{path.relative_to(REPO)}:{token.start[0]}")
    assert found == [], "possessive quantifiers (X*+) misread by Python 3.11.0–3.11.4: write (?>X*) instead"


# What the patterns are run on: an error message with a temporary folder (the one that ran for minutes), and
# texts each pattern is meant to find and to leave.
TEXTS = [
    "没有权限读取配置文件 /tmp/pingan-guard-test-Ti71/p/site_config.yml",
    "联系电话 138 1234 5678，或 0935-1234567；身份证号 620102198001011234。",
    "QQ号：12345678，扣扣 一二三四五六七八九，微信 wxid_abc123",
    "护照号码 E12345678，车架号 LSVAB4BR2EN123456，社保卡 1234567 张",
    "北纬 34.12345°，东经113.2468，坐标 103.123, 36.456",
    "住在 3号楼2单元301室，幸福路88号，三栋二单元，村 12 号",
    "1381234:5678901 与 8:30-10:00，以及 130、0001、0002",
    "【1】【2】【3】 下一页 | 首页 上一页 1 2 3 下一页 | 打印 关闭 | A+ A- | 字号 大 中 小",
]
_SCRIPT = """
import json, re, sys
from generator.privacy import patterns
from generator.authoring.shapes import FURNITURE
pats = {name: value for name, value in sorted(vars(patterns).items()) if isinstance(value, re.Pattern)}
pats.update({f"FURNITURE.{f.kind}": f.pattern for f in FURNITURE})
texts = json.loads(sys.stdin.read())
print(json.dumps({name: [[m.span() for m in p.finditer(t)] for t in texts] for name, p in pats.items()}))
"""


def _early_python() -> str:
    for python in ("/usr/bin/python3", "/usr/bin/python3.11", "/usr/local/bin/python3.11"):
        if os.access(python, os.X_OK):
            said = subprocess.run([python, "-c", "import sys; print(sys.version_info[:3])"], capture_output=True,
                                  text=True, timeout=60).stdout.strip()
            if said.startswith("(3, 11,") and said < "(3, 11, 5)" and len(said) == len("(3, 11, 5)"):
                return python
    pytest.skip("no Python 3.11.0–3.11.4 on this machine (Debian 12's python3 is one)")


def test_every_pattern_finds_the_same_on_an_early_python_3_11() -> None:
    python = _early_python()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*site.getsitepackages(), str(REPO)])}
    runs = [subprocess.run([exe, "-c", _SCRIPT], input=json.dumps(TEXTS), capture_output=True, text=True,
                           timeout=60, env=env, cwd=REPO) for exe in (sys.executable, python)]
    for done in runs:
        assert done.returncode == 0, done.stderr[-2000:]
    here, early = (json.loads(done.stdout) for done in runs)
    assert len(here) > 20 and any(spans for found in here.values() for spans in found)
    assert early == here
