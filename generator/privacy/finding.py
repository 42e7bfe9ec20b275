"""What a finding is and how it is shown: its kind, its usual hint, and its value masked (`Finding`, `mask`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .patterns import _ADDRESS_DIGITS

HINTS = {
    "身份证号": "公开网页不得出现身份证号。请删除，当事人写成“何某”即可。",
    "手机号": "公开网页不得出现个人手机号。请删除；单位对外公开的电话请加入 site_config.yml 的 privacy.allow。",
    "银行卡号": "公开网页不得出现银行卡号，请删除。",
    "车牌号": "公开网页不得出现完整车牌号。请删除，或写成“豫H·****”这样的形式。",
    "电子邮箱": "公开网页不得出现个人邮箱；单位对外公开的邮箱请加入 site_config.yml 的 privacy.allow。",
    "QQ号": "公开网页不得出现个人 QQ 号；官方公开的 QQ 群号请加入 site_config.yml 的 privacy.allow。",
    "微信号": "公开网页不得出现个人微信号；官方公众号请写名称，或把它加入 site_config.yml 的 privacy.allow。",
    "详细地址": "案例的地点只写到乡镇、村或社区，不要写门牌号、楼号、单元或室号。",
    "当事人姓名": "转述调解案例时，当事人写成姓加“某”，例如 村民王某；如果本人同意公开或这是公开人物，可以不改。",
    "证件号码": "公开网页不得出现护照、通行证、驾驶证、车架号、户号、医保卡号这类证件和账户号码，请删除。",
    "座机号码": "案例里不写当事人的电话，请删除；调解组织对外公开的电话请加入 site_config.yml 的 privacy.allow。",
}


MISTYPED_ID_HINT = ("抄错一位的身份证号照样暴露出生日期和户籍地，公开网页不得出现。请删除，当事人写成“何某”即可；"
                    "如果它不是身份证号（例如订单号），请把它加入 site_config.yml 的 privacy.allow。")


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str  # normalised; never shown
    level: Literal["error", "warning"] = "error"  # errors.Level (errors imports redact from detect)
    note: str = ""
    hint: str = ""  # how to fix it, when not the kind's usual HINTS

    @property
    def advice(self) -> str:
        return self.hint or HINTS[self.kind]

    @property
    def masked(self) -> str:
        return mask(self.value, self.kind)

    def message(self) -> str:
        return f"疑似{self.kind}{self.note}：{self.masked}"


URL_HINT = ("网址里的号码和正文一样公开（页面、订阅源和搜索都会带上这个链接）。"
            "请删除这个链接，或换成不含个人号码的网址。")
URL_NUMBER_HINT = ("网址里有像手机号的 11 位数字。如果它是个人手机号，请删除这个链接；如果它只是文章编号，可以不改"
                   "（用 --strict 时请把这个数字加入 site_config.yml 的 privacy.allow）。")


def mask(value: str, kind: str) -> str:
    """Keep just enough to find the spot: 410***********34, z***@example.cn, 福路**号."""
    if kind == "详细地址":
        return _ADDRESS_DIGITS.sub("*", value)
    if kind == "当事人姓名":
        return mask_name(value)
    if kind == "电子邮箱":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    keep_head, keep_tail = (3, 2) if len(value) >= 10 else (1, 1)
    if kind == "车牌号":
        keep_head, keep_tail = 2, 0
    hidden = len(value) - keep_head - keep_tail
    return value[:keep_head] + "*" * max(hidden, 3) + (value[-keep_tail:] if keep_tail else "")


def mask_name(name: str) -> str:
    """A person's name as messages show it: the surname only (张**)."""
    return name[:1] + "*" * max(len(name) - 1, 2)
