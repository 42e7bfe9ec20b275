"""人民调解 / 矛盾纠纷化解 cases: `content/cases/<id>.yml`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from ..config import Slug, Text
from ..privacy import mask_name
from ..privacy.names import COMPOUND_SURNAMES
from ..schema import Schema, fail, refuse
from .common import PUBLISHED_HELP, check_past_day, check_region, check_source_url, ctx, parse_day, parse_month
from .records import Record

CATEGORIES = ("婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地", "征地拆迁", "环境污染",
              "劳动争议", "消费", "医疗", "道路交通事故", "物业", "其他")
Category = Literal["婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地", "征地拆迁", "环境污染",
                   "劳动争议", "消费", "医疗", "道路交通事故", "物业", "其他"]

# Surname (one character, or a compound one: 欧阳) + 某 (or 某某), optionally 甲/乙/丙… when two parties share a
# surname, optionally 等9人 for a group (王某等9人); or an organisation left unnamed the same way: 某农业开发有限公司,
# 某村委会, 某4S店, 某镇人民政府 (a name written inside it is caught by the name check). 张伟某 is a full name.
_SURNAME = rf"(?:[\u4e00-\u67cf\u67d1-\u9fff]|{'|'.join(sorted(COMPOUND_SURNAMES))})"  # U+67D0 is 某
_GROUP = r"(?:等[0-9一二三四五六七八九十百几多余]{1,4}[人名户家]|等人|夫妇|夫妻|一家|父子|母子|父女|母女|兄弟|姐妹)?"
ORG_SUFFIX = (r"(?:公司|企业|合作社|工厂|厂|场|矿|集团|项目部|工地|施工队|队|医院|卫生院|诊所|学校|大学|学院|幼儿园|"
              r"村委会|居委会|委员会|政府|办事处|局|法院|检察院|社区|小区|店|超市|商行|门市部|酒店|宾馆|饭店|餐馆|银行|"
              r"驾校|中心|协会|物业|站|所)")
# between 某 and the kind: Chinese, digits and at most three Latin letters together (某4S店, 某KTV; not a name
# spelt out in pinyin: 某WangJianguo商行)
PARTY_RE = re.compile(rf"^{_SURNAME}(?:某{{1,2}}[甲乙丙丁戊己庚辛壬癸]?{_GROUP}|女士|先生)$"
                      rf"|^某(?:[\u4e00-\u9fff0-9]|(?<![A-Za-z])[A-Za-z]{{1,3}}(?![A-Za-z])){{0,20}}{ORG_SUFFIX}$")
_ORG_RE = re.compile(rf"{ORG_SUFFIX}$")
PARTY_PLACEHOLDER = "在这里写当事人"  # what `pingan new case` writes (one of common.PLACEHOLDERS)
# Anything finer than a township: house numbers, buildings, units, rooms, street addresses.
# (A place written down to the house, 幸福路12号, is refused by the personal-data check's address rule, which reads
# every field of a case: one error, not two for one mistake.)


def _month(value: Any, info: ValidationInfo) -> dt.date:
    return parse_month(value)


UNREPORTED = "报道未说明"  # the outcome of a case whose report does not say how it ended


class Amount(Schema):
    """一笔钱，按报道原样照录。"""

    item: Text = Field(max_length=30, description="这笔钱是什么，例如 被拖欠工资、协议赔偿。")
    amount: Text = Field(max_length=30, description="数额，照报道原样写，例如 20680元、1.8万元、2700余万元。")

    @field_validator("amount")
    @classmethod
    def _number(cls, value: str) -> str:
        if not re.search(r"[0-9一二三四五六七八九十百千万两]", value) or not re.search(r"[元角分]", value):
            raise fail("带数字和“元”的数额", "照报道原样写，例如 20680元、1.8万元、五万多元。")
        return value


class Case(Record):
    """一个人民调解 / 矛盾纠纷化解案例（当事人必须匿名）。"""

    id: Slug = Field(description="稳定的 ASCII 标识，与文件名相同。")
    title: Text = Field(max_length=60, description="案例标题。")
    category: Category = Field(description="纠纷类型：" + "、".join(CATEGORIES) + "。")
    region: str = Field(description="地区标识，最细到乡镇/街道。")
    place: str = Field("", max_length=40, description="地点说明（可选），不得写门牌、楼号、单元、室号。")
    date: Annotated[dt.date, BeforeValidator(_month)] = Field(description=(
        "受理或调解时间，精确到月，例如 2024-04；报道只写了年份时写年份，例如 2023。"))
    date_note: str = Field("", max_length=60, description="日期说明（可选），例如 报道未写调解时间，按报道日期归档。")
    published: Annotated[dt.date | None, BeforeValidator(lambda v: None if v is None else parse_day(v))] = Field(
        None, description=PUBLISHED_HELP.format(what="案例时间"))
    mediator: str | None = Field(None, description="调解员或调解室的标识（content/mediators/ 中的文件名）。")
    organisation: Text = Field(description="调解组织，例如 安陆经济开发区平安办、司法所。")
    parties: list[str] = Field(min_length=1, description="当事人（匿名），例如 何某、刘某甲、王某等9人、某物业公司。")
    outcome: Literal["成功", "未成功", "终止", "报道未说明"] = Field(
        description="结果：成功、未成功、终止；报道没有写结果时写 报道未说明（不要猜）。")
    amounts: list[Amount] = Field(default_factory=list, description="涉及的金额（可选），按报道原样照录。")
    summary: Text = Field(max_length=200, description="一两句话的案例摘要。")
    body: str = Field("", description="案例经过（Markdown）。")
    public_people: list[Annotated[str, Field(min_length=2, max_length=10)]] = Field(
        default_factory=list,
        description="文中具名的调解员、干部、记者等公开身份的人（可选）：他们的姓名不会被当作当事人姓名报错。")
    source: Text = Field(description="出处，例如 荆楚网 2024年9月报道。")
    source_url: str = Field("", description="原文网址（可选）。")

    _region = field_validator("region")(check_region)
    _source_url = field_validator("source_url")(check_source_url)
    _published = field_validator("published")(check_past_day)

    @field_validator("parties")
    @classmethod
    def _anonymous(cls, value: list[str]) -> list[str]:
        for name in value:
            if PARTY_RE.match(name) or PARTY_PLACEHOLDER in name:
                continue  # the template's fill-in phrase is reported as not filled in (content/common.unfilled)
            if _ORG_RE.search(name) and not name.startswith("某"):
                raise refuse(f"单位当事人“{mask_name(name)}”没有匿名",  # the name itself is never shown
                             "单位只写“某”加类别，例如 某物业公司、某村委会、某养殖场。")
            if name.startswith("某") and len(name) > 2:
                raise refuse(f"当事人“{name[:1]}…”看不出是哪一类单位",
                             "单位写“某”加类别，例如 某物业公司、某村委会、某施工队；个人写姓氏加“某”，例如 何某。")
            raise refuse(f"当事人“{mask_name(name)}”没有匿名",
                         "只写姓氏加“某”，例如 何某；同姓的几个人写 刘某甲、刘某乙；几个人一起写 王某等9人。")
        return value

    @field_validator("date")
    @classmethod
    def _past(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        today = ctx(info)["today"]
        if (value.year, value.month) > (today.year, today.month) or value.year > today.year:
            raise fail(f"不晚于本月（{today:%Y-%m}）的日期", "案例发生在将来？请核对年份和月份。")
        return value
