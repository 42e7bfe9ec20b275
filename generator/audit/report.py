"""The audit report as text (the terminal), JSON (other tools) and one self-contained HTML page (to forward)."""

from __future__ import annotations

import json
from dataclasses import asdict

from jinja2 import Environment

from ..errors import visible
from .findings import Audit
from .indicators import GUIDE, SOURCE, VETO

NUMBERS = "一二三"


def verdict(audit: Audit) -> str:
    vetoes = sum(f.group == VETO for f in audit.findings)
    if vetoes:
        return f"有 {vetoes} 个单项否决问题：按检查指标，网站会被判为“不合格”，请先解决这些问题。"
    return "没有单项否决问题。"


def text(audit: Audit) -> str:
    external = sum(len(v) for v in audit.external.values())
    lines = [f"政府网站自查报告：{audit.site}",
             f"检查日期 {audit.as_of:%Y-%m-%d}；读取页面 {audit.pages} 个；外部链接 {external} 个"
             + ("（已逐个访问）" if audit.online else "（没有联网检查，加 --online 检查）"),
             f"结论：{verdict(audit)}", f"依据：{SOURCE}；{GUIDE}", ""]
    for k, (group, findings) in enumerate(audit.grouped()):
        lines.append(f"{NUMBERS[k]}、{group}（{len(findings)} 项）")
        if not findings:
            lines.append("  没有发现问题。")
        for n, f in enumerate(findings, start=1):
            lines += [f"  {n}. 【{f.indicator}】{f.where}：{f.what}", f"     为什么：{f.why}", f"     怎么办：{f.todo}"]
        lines.append("")
    return visible("\n".join(lines))  # a page's link or a file's text may carry control characters: shown, not run


def as_json(audit: Audit) -> str:
    return json.dumps({"site": audit.site, "as_of": audit.as_of.isoformat(), "vetoed": audit.vetoed,
                       "pages": audit.pages, "online": audit.online,
                       "findings": [asdict(f) for f in audit.findings], "external": audit.external},
                      ensure_ascii=False, indent=2)


PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政府网站自查报告：{{ audit.site }}（{{ audit.as_of.strftime('%Y-%m-%d') }}）</title>
<style>
body { font: 17px/1.7 "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1a1a1a;
       max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.3; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid #b71c1c; }
.facts { margin: 0; padding: 0; list-style: none; color: #333; }
.verdict { font-size: 1.15rem; font-weight: bold; padding: .75rem 1rem; border-radius: 4px; margin: 1rem 0; }
.verdict.bad { background: #fdecea; color: #8b0000; border-left: 6px solid #b71c1c; }
.verdict.good { background: #e8f5e9; color: #1b5e20; border-left: 6px solid #2e7d32; }
ol.findings { padding-left: 1.5rem; }
ol.findings li { margin: 0 0 1rem; }
.indicator { display: inline-block; font-weight: bold; color: #8b0000; }
.where { color: #0d47a1; word-break: break-all; }
.why, .todo { margin: .15rem 0; }
.label { font-weight: bold; }
.none { color: #555; }
details { margin-top: 1rem; }
summary { cursor: pointer; font-weight: bold; }
footer { margin-top: 3rem; font-size: .9rem; color: #555; }
@media print { body { font-size: 12pt; } details { display: block; } .verdict { border: 1px solid #999; } }
</style>
</head>
<body>
<main>
<h1>政府网站自查报告：{{ audit.site }}</h1>
<ul class="facts">
  <li>检查日期：{{ audit.as_of.strftime('%Y-%m-%d') }}</li>
  <li>读取页面：{{ audit.pages }} 个</li>
  <li>外部链接：{{ external }} 个{{ '（已逐个访问）' if audit.online else '（没有联网检查）' }}</li>
</ul>
<p class="verdict {{ 'bad' if audit.vetoed else 'good' }}" role="status">结论：{{ verdict }}</p>
{% for group, findings in groups %}
<section aria-labelledby="g{{ loop.index }}">
<h2 id="g{{ loop.index }}">{{ numbers[loop.index0] }}、{{ group }}（{{ findings | length }} 项）</h2>
{% if findings %}
<ol class="findings">
{% for f in findings %}
  <li><span class="indicator">【{{ f.indicator }}】</span><span class="where">{{ f.where }}</span>：{{ f.what }}
    <p class="why"><span class="label">为什么：</span>{{ f.why }}</p>
    <p class="todo"><span class="label">怎么办：</span>{{ f.todo }}</p></li>
{% endfor %}
</ol>
{% else %}
<p class="none">没有发现问题。</p>
{% endif %}
</section>
{% endfor %}
{% if audit.external %}
<details>
<summary>外部链接（按页面列出，共 {{ external }} 个）</summary>
<ul>
{% for page, found in audit.external.items() %}
  <li>{{ page }}<ul>{% for url in found %}<li>{{ url }}</li>{% endfor %}</ul></li>
{% endfor %}
</ul>
</details>
{% endif %}
</main>
<footer>依据：{{ source }}；{{ guide }}。本报告由 pingan audit 生成，只读取稿件和已生成的网站，不改动网站。</footer>
</body>
</html>
"""


def html(audit: Audit) -> str:
    template = Environment(autoescape=True).from_string(PAGE)
    return template.render(audit=audit, verdict=verdict(audit), groups=audit.grouped(), numbers=NUMBERS,
                           external=sum(len(v) for v in audit.external.values()), source=SOURCE, guide=GUIDE)
