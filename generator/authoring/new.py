"""`pingan new`: a correctly named file with a fresh stable id and a commented template, ready to fill in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import urls
from ..errors import UsageError
from ..pinyin import slug_for
from ..urls import RECORD_FOLDERS

if TYPE_CHECKING:
    from ..config import SiteConfig

KINDS = {"news": "news", **RECORD_FOLDERS}
KIND_NAMES = {"news": "新闻稿件", "case": "调解案例", "mediator": "调解员或调解室", "honor": "荣誉",
              "metrics": "工作数据"}





def existing_ids(root: Path, kind: str) -> set[str]:
    """File names already used in the kind's folder (a story's id defaults to its file name)."""
    folder = root / "content" / KINDS[kind]
    suffixes = {".md"} if kind == "news" else {".yml", ".yaml"}
    return {p.stem for p in folder.rglob("*") if p.suffix in suffixes} if folder.is_dir() else set()


def unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def check_column(config: SiteConfig, column: str | None) -> str | None:
    """The id of a column given on the command line by its id or its name (工作动态); the error lists the columns."""
    if column is None or column in config.column_map:
        return column
    for known_column in config.columns:
        if known_column.name == column.strip():
            return known_column.id
    known = "、".join(f"{c.id}（{c.name}）" for c in config.columns)
    raise UsageError(f"没有栏目 {column}；可用的栏目：{known}")


def new_file(root: Path, config: SiteConfig, kind: str, title: str | None, column: str | None,
             now: datetime) -> Path:
    """Write the template for `kind` and return its path; refuses to overwrite anything."""
    column = check_column(config, column)
    fallback = {"news": f"story-{now:%Y%m%d-%H%M}", "metrics": f"metrics-{now:%Y}"}.get(kind, f"{kind}-{now:%Y%m%d}")
    record_id = unique(slug_for(title or "", fallback), existing_ids(root, kind))
    folder = root / "content" / KINDS[kind]
    if kind == "news":
        path = folder / f"{now:%Y}" / f"{record_id}.md"
        text = _news(config, record_id, title, column, now)
    else:
        path = folder / f"{record_id}.yml"
        placeholder = "在这里写姓名或名称" if kind == "mediator" else "在这里写标题"
        text = TEMPLATES[kind].format(id=record_id, title=_scalar(title or placeholder), year=now.year,
                                      month=f"{now:%Y-%m}", today=f"{now:%Y-%m-%d}", regions=_regions(config),
                                      first_region=_first_region(config))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite an existing file
        handle.write(text)
    return path


def _scalar(text: str) -> str:
    """`text` as a YAML value on one line: as typed where YAML reads it back unchanged, else in single quotes, which
    need no backslashes ("枫桥经验" stays as typed inside them); a title with ": " or a leading quote would otherwise
    break the file the user has not touched yet."""
    import json

    import yaml

    for written in (text, "'" + text.replace("'", "''") + "'"):  # as typed, else in single quotes (no escapes)
        try:
            if yaml.safe_load(f"k: {written}") == {"k": text}:
                return written
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one (a control character)


def _regions(config: SiteConfig) -> str:
    names = [f"{r.id}（{r.name}）" for r in config.region_map.values()]
    return "、".join(names[:8]) + ("……" if len(names) > 8 else "")


def _first_region(config: SiteConfig) -> str:
    leaves = [r.id for r in config.region_map.values() if not r.children]
    return leaves[0] if leaves else next(iter(config.region_map), "")


def _news(config: SiteConfig, story_id: str, title: str | None, column: str | None, now: datetime) -> str:
    columns = "、".join(f"{c.id}（{c.name}）" for c in config.columns)
    region = _first_region(config)
    review = ("# 本站要求三审，审完才发布（审核记录不在网站上显示）：每审完一次，去掉那一行开头的 # 并填写\n"
              "# review:\n#   初审: {by: 审核人姓名, at: 2025-06-01 09:00}\n"
              "#   复审: {by: 审核人姓名, at: 2025-06-01 15:00}\n#   终审: {by: 审核人姓名, at: 2025-06-02 10:00}\n"
              ) if config.editorial.require_review else \
        "# review:                              # 三审记录（可选）：初审、复审、终审各写 {by: 姓名, at: 时间}\n"
    return f"""---
# 新闻稿件。冒号后面要有一个空格；以 # 开头的行是说明，可以删掉。
id: {story_id}                       # 网址标识，发布后不要再改
title: {_scalar(title or "在这里写标题")}
date: {now:%Y-%m-%d %H:%M}             # 发布时间（网站时区）；写成将来的时间就是定时发布
column: {column or config.columns[0].id}     # 栏目，可选：{columns}
source: 本网                           # 来源：转载时写媒体名称，例如 武威日报
# source_url: https://                 # 原文网址（可选）
# cite: 据武威日报2021年9月13日报道改写   # 改写说明（转载、改写时写明出处）
authors:
  - {{name: 在这里写姓名, role: 记者}}     # role 可写 记者、通讯员、摄影、编辑、作者
# region: {region}                     # 地区（可选），可选：{_regions(config)}
tags: []                               # 标签，例如 [人民调解, 网格化管理]
# cover: images/文件名.jpg               # 封面图片（可选），放在 content/images/ 里
# cover_alt: 封面图片的文字说明            # 有封面时必填
# cover_caption: 图注（可选）             # 显示在图片下方，例如 调解员在村委会调解纠纷（通讯员 李明 摄）
{review}draft: true                            # 草稿：写完后删掉这一行，稿件才会发布
---

在这里写正文。段落之间空一行。

插图这样写：![图片的文字说明]({urls.EXAMPLE_PICTURE})（图片放在 content/images/ 里）
"""


TEMPLATES = {
    "case": """# 调解案例。当事人只写姓氏加“某”（如 何某；同姓的写 刘某甲、刘某乙），地点只写到乡镇、村或社区。
# 说明里写着（待选）的值只是示例：按实际改好后删掉“（待选）”三个字，不然不能发布。
id: {id}                          # 网址标识，与文件名相同，发布后不要再改
title: {title}
category: 邻里                     # （待选）纠纷类型：婚姻家庭、邻里、房屋宅基地、合同、生产经营、损害赔偿、
                                  #   山林土地、征地拆迁、环境污染、劳动争议、消费、医疗、道路交通事故、物业、其他
region: {first_region}                 # （待选）地区，可选：{regions}
# place: 某某村                    # 地点说明（可选），不写门牌号
date: {month}                     # （待选）受理或调解时间，精确到月
# date_note: 报道未写调解时间，按报道日期归档   # 日期说明（可选）
published: {today}                # 在本网站发布的日期：订阅源按它把新收录的案例排在前面
organisation: 在这里写调解组织        # 例如 某某村人民调解委员会
# mediator: 调解员标识              # content/mediators/ 中的文件名（可选）
parties: [在这里写当事人]           # 当事人（匿名），例如 [张某, 李某]
outcome: 成功                      # （待选）结果：成功、未成功、终止；报道没写结果时写 报道未说明
# amounts:                         # 金额（可选），照报道原样写
#   - {{item: 协议赔偿, amount: 1.8万元}}
summary: 在这里用一两句话概括案例。
body: |
  在这里写案例经过。每行前面保留两个英文空格（半角），段落之间空一行。
  人名只写“某”（王某），调解员、干部的姓名写进 public_people。
# public_people: [王某某]           # 文中具名的调解员、干部、记者（可选）
source: 在这里写出处               # 例如 荆楚网 2024年9月报道
# source_url: https://             # 原文网址（可选）
draft: true                       # 草稿：写完后删掉这一行才会发布
""",
    "mediator": """# 模范调解员（kind: person）、调解室（room）或综治中心等调解组织（centre）。
# 说明里写着（待选）的值只是示例：按实际改好后删掉“（待选）”三个字，不然不能发布。
id: {id}                          # 网址标识，与文件名相同
name: {title}
kind: person                      # （待选）person 调解员、room 调解室、centre 综治中心等调解组织
unit: 在这里写所在单位或调解组织
region: {first_region}                 # （待选）地区，可选：{regions}
# title: 全国模范人民调解员          # 称号（可选）
# since: 2015                      # 从事调解或成立的年份（可选）
# honors: []                       # 所获荣誉：content/honors/ 中的文件名
# cases_handled: 0                 # 调解案件数（可选），照报道写，如 1500余起
# cases_succeeded: 0               # 调解成功数（可选）
# cases_note: 报道原文为“调解纠纷400余件”   # 数字说明（可选）
# photo: /images/文件名.jpg         # 照片（可选），放在 content/images/ 里
# photo_alt: 照片的文字说明          # 有照片时必填
bio: |
  在这里写简介。
source: 在这里写出处
draft: true                       # 草稿：写完后删掉这一行才会发布
""",
    "honor": """# 荣誉。获奖对象 recipient 写 region（地区）、unit（单位）、mediator（调解员）中的一项。
# 说明里写着（待选）的值只是示例：按实际改好后删掉“（待选）”三个字，不然不能发布。
id: {id}                          # 网址标识，与文件名相同
name: {title}
level: 在这里写级别                 # 国家级、省级、市级或县级，看授予单位：省司法厅授予的写 省级
awarding_body: 在这里写授予单位
year: {year}                       # （待选）授予年份；也可以写评选周期 period: 2017—2020年度
published: {today}                # 在本网站发布的日期：订阅源按它把新收录的荣誉排在前面
recipient: {{region: {first_region}}}       # （待选）获奖的地区；单位写 {{unit: 名称}}，调解员写 {{mediator: 标识}}
source: 在这里写出处
draft: true                       # 草稿：写完后删掉这一行才会发布
""",
    "metrics": """# 工作数据：一个地区一个统计期一个文件。只填报道里有的数字，比率由程序计算。
# 说明里写着（待选）的值只是示例：按实际改好后删掉“（待选）”三个字，不然不能发布。
id: {id}                          # 网址标识，与文件名相同，例如 wuwei-2021
region: {first_region}                 # （待选）地区，可选：{regions}
period: '{year}'                  # （待选）统计期：2021、2021-H1、2021-Q3、2021-09 或 2021-01~07（加引号）
# since: 2017                     # 累计数：报道写“2017年以来”时写起点年份，period 写报道所在的月份；
#                                 #   只说“截至目前共…”、没写从何时算起时写 不详（period 写报道所在的月份）
# period_note: 截至9月底           # 统计期说明（可选）
# scope: 只统计品牌调解室           # 统计口径（可选）：与其他统计期口径不同时必写
# reported: false                 # 本单位自己填报的数字写 false（自相矛盾是错误）；出自报道的不写
counts:                           # 冒号后面写报道里的数字；报道没有的项目留空或删掉那一行，不要写 0
  disputes_investigated:          # 排查矛盾纠纷数（也可写成 2.47万）；报道写“排查…次”的是 screenings
  disputes_resolved:              # 化解数
# stated_rates:
#   dispute_resolution_rate: 99.1  # 报道中写的化解率（可选，用来核对）
# changes:
#   criminal_cases: -18.4         # 报道中的同比（%），下降写负数（可选）
# parts:
#   mediation_committees: {{村居: 972, 乡镇街道: 49}}   # 分项（可选），会和总数核对
# note: 报道的另一处说法           # 说明（可选），显示在数字旁边
source: 在这里写出处
draft: true                       # 草稿：写完后删掉这一行才会发布
""",
}
