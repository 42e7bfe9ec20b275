"""The detectors: every finding in a normalised text, with its span (`scan`), and a text with its findings masked
for showing (`redact`)."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Literal

from .finding import MISTYPED_ID_HINT, URL_HINT, URL_NUMBER_HINT, Finding
from .normalise import Normalised, normalise
from .patterns import (
    _AT,
    _CONTACT_HINT,
    _DOMAIN,
    _DOT_WORD,
    _GROUP,
    _HANZI_VALUE,
    _IN_URL,
    _LOCAL,
    _MOBILE,
    _PROVINCES,
    _SEP_RE,
    _UNITS,
    ACCOUNT_SAID,
    ADDRESS_RE,
    COORD_RE,
    DATE_TIME_SHAPE,
    HANZI_DIGITS,
    HANZI_RUN_RE,
    HOTLINE,
    KEYED_HINT,
    KEYED_RE,
    LANDLINE_RE,
    NOT_UNITS,
    PLATE_HANZI_RE,
    PLATE_RE,
    PUNCT_GROUPS,
    QQ_RE,
    RUN_RE,
    SAID,
    TITLES,
    URL_PERSON,
    WECHAT_RE,
    WXID_RE,
    _birth_ok,
    id18_status,
    luhn,
)

# A word that a phone number follows, with a few words between (联系志愿者小李…): read before groups of digits.
_REACHED = re.compile(r"(?:手机|电话|号码|联系|微信|致电|拨打|打给)[^0-9，。；,;]{0,8}$")

def compact(value: str) -> str:
    """The value without separators, for comparison with the allow-list."""
    value = re.sub(r"[\s\-·.()（）]", "", normalise(value).text).lower()
    return re.sub(r"^(?:\+|00)?86(?=1[3-9]\d{9}$)", "", value)


# An ID masked only at its end (41010219900307****): its region and the birth date are still shown.
_MASKED_ID = re.compile(r"(?<![0-9A-Za-z*])([1-9][0-9]{5})((?:19|20)[0-9]{6})([0-9]{0,3})([*×✕X]{1,4})"
                        r"(?![0-9A-Za-z*×✕])")
MASKED_ID_HINT = ("只遮住末尾几位的身份证号仍然公开了出生日期和户籍地。请删除；一定要写时，遮住中间的出生日期"
                  "（如 110105********002X），或只写“何某”。")
# An ID with one to three of its 18 characters masked anywhere (4101021990**07421X): 15 digits or more are shown.
_FEW_STARS = re.compile(r"(?<![0-9A-Za-z*＊])[1-9][0-9]{0,16}(?:[*＊×][0-9]*){1,3}[0-9Xx*＊]?(?![0-9A-Za-z*＊])")
_NOT_ID_BEFORE = re.compile(r"(?:注册号|执照号|登记号|许可证号|备案号)[:：\s]*$")
_TIMES_X = re.compile(r"(?<![0-9])([0-9](?:[ .-]{0,2}[0-9]){16})[ ]?[×✕✖](?![0-9A-Za-z×✕✖])")  # spaced too
_DASH_ONE = re.compile(r"(?<=[0-9])[ ]*一[ ]*(?=[0-9])")


_ID_PART = re.compile(r"[A-Za-z_]")
# A standard's code after 新 (new): 执行新GB 50016-2014标准, 新HJ 2025标准, 新GB/T 1234 — written with its year, /T or
# 标准; a plate of 新疆 (新GB1234) is none of these.
_STANDARD = re.compile(r"新(?:GB|GA|HJ|JT|DB|NY|SL|DL|JGJ|CJJ|WS|YY|QB)(?:/[TZ][ ]?[0-9]|[ ]?[0-9]{1,6}(?:\.[0-9]+)?"
                       r"(?:-(?:19|20)[0-9]{2}(?![0-9])|[ ]?标准))")


def _thousands(sizes: list[int], seps: list[str]) -> bool:
    """Grouped in threes like a quantity (13 812 345 678, 1.234.567), by one character each (not a wide gap)."""
    return len(sizes) > 1 and len(set(seps)) == 1 and len(seps[0]) == 1 and 1 <= sizes[0] <= 3 and \
        all(s == 3 for s in sizes[1:])


def _number(digits: str, sizes: list[int], seps: list[str], quantity: str, in_url: bool,
            said: bool = False) -> Finding | None:
    """What a digit sequence is, written in groups of `sizes` digits between `seps`: an ID, mobile or card
    number, or nothing. `quantity`: the unit or ordinal mark next to it ('' when none); `in_url`: it is part of a
    web address; `said`: the words before it say it is a number to call or an ID (手机, 卡号…)."""
    n = len(digits)
    if len(sizes) > 1 and _hotlines(digits, sizes) and not (n == 18 and id18_status(digits) == "valid"):
        return None  # a list of hotlines, unless it is an ID whose check digit holds (11010 11950 100 10000)
    if n == 18:
        status = id18_status(digits)
        if status == "valid":
            return Finding("身份证号", digits)
        if status == "checksum":  # one digit typed wrong still shows a person's birth date and home county
            return Finding("身份证号", digits, note="（校验位不符，可能抄错了一位）", hint=MISTYPED_ID_HINT)
    if not digits.isdigit():
        return None
    if n == 15 and int(digits[:2]) in _PROVINCES and _birth_ok("19" + digits[6:12]):
        return Finding("身份证号", digits, note="（15 位旧号码）")
    core = digits[n - 11:] if n in (13, 15) and digits.startswith("86" if n == 13 else "0086") else digits
    if quantity and (said or (quantity not in "元第" and len(sizes) == 1 and (_MOBILE.fullmatch(core) or n >= 16))):
        # 13812345678平时, 13812345678万一: no story counts 13.8 billion of anything in unbroken digits (an amount
        # of money, 13812345678元, may be written so); and after 手机/卡号 the number is one to call or pay into
        quantity = ""
    if quantity or (_thousands(sizes, seps) and not said) or seps == ["."]:  # an amount, or a decimal (东经134.1234)
        return None
    # in a web address, groups joined by _ or / are parts of the address (art_1381_2345678.html), not one number
    if len(core) == 11 and _MOBILE.fullmatch(core) and not (in_url and ("_" in seps or "/" in seps)):
        return Finding("手机号", core)
    if 16 <= n <= 19 and not in_url and (digits[0] in "3456" or "22" <= digits[:2] <= "27"
                                         or digits[:2] == "95") and luhn(digits):
        if len(sizes) <= 3 or all(s == 1 for s in sizes) or (len(set(sizes[:-1])) == 1 and sizes[-1] <= sizes[0]):
            return Finding("银行卡号", digits)
    return None


def _hotlines(digits: str, sizes: list[int]) -> bool:
    """Each group a public service number (12337 12309 12368): a list of hotlines."""
    at = 0
    for size in sizes:
        if not HOTLINE.fullmatch(digits, at, at + size):
            return False
        at += size
    return True


def _unit_after(text: str, end: int) -> str:
    """The unit that follows text[:end] (元, 人, 平…), '' when none or a word that starts with one (平安, 人民)."""
    after = text[end:end + 5].lstrip(" ")[:3]
    unit = after[:1] in _UNITS and not after.startswith(NOT_UNITS) and not after[1:].startswith(TITLES)
    return after[:1] if unit else ""


def _run_findings(text: str, start: int, end: int, value: str) -> list[tuple[int, int, Finding]]:
    """Findings in one digit sequence text[start:end] (whose digits, Chinese ones read, are `value`):
    the whole of it, or else each long group, or a 3-4-4 phone number or 6-8-4 ID number inside it."""
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(value)]
    in_url = _IN_URL.search(text, max(0, start - 300), start) is not None
    if in_url and (_ID_PART.match(text[start - 1:start]) or _ID_PART.match(text[end:end + 1])):
        return _in_url_name(text, _run_findings_of(text, start, end, value, groups, in_url))
    return _run_findings_of(text, start, end, value, groups, in_url)


def _run_findings_of(text: str, start: int, end: int, value: str, groups: list[tuple[int, int]], in_url: bool
                     ) -> list[tuple[int, int, Finding]]:
    sizes = [b - a for a, b in groups]
    seps = [value[groups[k][1]:groups[k + 1][0]] for k in range(len(groups) - 1)]
    digits = "".join(value[a:b] for a, b in groups).upper()
    ordinal = text[start - 1:start] if text[start - 1:start] in ("第", "¥", "￥", "$") else ""
    quantity = ordinal or _unit_after(text, end)
    found = _number(digits, sizes, seps, quantity, in_url, SAID.search(text, max(0, start - 12), start) is not None)
    if (found is not None and found.kind == "身份证号" and len(digits) == 15
            and _NOT_ID_BEFORE.search(text, max(0, start - 12), start)):
        return []  # 营业执照注册号620102600123456: an old business number (15 digits) shares an ID's region code
    if (found is None and 12 <= len(digits) <= 19 and digits.isdigit() and not in_url and not quantity
            and ACCOUNT_SAID.search(text, max(0, start - 12), start) and not DATE_TIME_SHAPE.match(text, start)
            and (text[end:end + 3].lstrip(" ")[:1] or "。") not in HANZI_DIGITS):  # 3456 七八九〇: read whole below
        found = Finding("银行卡号", digits)  # after 账号 or 卡号: an account, whether or not its check digit holds
    if found is not None:
        return [(start, end, found)]
    out: list[tuple[int, int, Finding]] = []
    k = 0
    while k < len(groups):
        a, b = groups[k]
        taken = 0
        if b - a >= 11:
            one = value[a:b].upper()
            unit = _unit_after(value, b) if b < len(value) else _unit_after(text, end)
            found = _number(one, [b - a], [], unit or (ordinal if a == 0 else ""), in_url)
            taken = 1 if found is not None else 0
        for want, kind in (([3, 4, 4], "手机号"), ([6, 8, 4], "身份证号")):
            if not taken and sizes[k:k + 3] == want:
                joined = "".join(value[x:y] for x, y in groups[k:k + 3]).upper()
                found = _number(joined, want, [" ", " "], "", in_url)
                taken = 3 if found is not None and found.kind == kind else 0
        if taken:
            assert found is not None
            out.append((start + a, start + groups[k + taken - 1][1], found))
            k += taken
        else:
            k += 1
    return out


def _in_url_name(text: str, spans: list[tuple[int, int, Finding]]) -> list[tuple[int, int, Finding]]:
    """The findings in digits that are part of a name in a web address (list_…, art_…_1.html, user_…): an ID
    whose check digit holds (an article's number almost never has a province's code, a birth date and the
    right check digit), and a mobile number: an error after a word for a person or a phone (user_, uid, tel),
    else a warning (content_13812345678.htm may be an article's number; no site we know numbers them so)."""
    out = []
    for start, end, found in spans:
        if found.kind == "身份证号" and len(found.value) == 18 and id18_status(found.value) == "valid":
            out.append((start, end, replace(found, note="（在网址里）", hint=URL_HINT)))
        elif found.kind == "手机号":
            person = URL_PERSON.search(text, max(0, start - 12), start) is not None
            out.append((start, end, replace(found, level="error" if person else "warning", note="（在网址里）",
                                            hint=URL_HINT if person else URL_NUMBER_HINT)))
    return out


def _spans(text: str, allow: frozenset[str] = frozenset(), addresses: bool = False
           ) -> list[tuple[int, int, Finding]]:
    """Every finding in a normalised text, as (start, end, finding) in order; allow-listed values are skipped."""
    found: list[tuple[int, int, Finding]] = []  # in order, none overlapping
    starts: list[int] = []

    def add(start: int, end: int, finding: Finding) -> None:
        if allow and compact(finding.value) in allow:
            return
        k = bisect.bisect_left(starts, end)  # the span before it is the only one it can overlap
        if k and found[k - 1][1] > start:  # one report per span (an ID is not also a card)
            return
        found.insert(k, (start, end, finding))
        starts.insert(k, start)

    for m in RUN_RE.finditer(text):
        for span in _run_findings(text, m.start(), m.end(), m[0]):
            add(*span)
    for m in HANZI_RUN_RE.finditer(text):
        if m[0].isascii():
            continue  # Arabic digits only: read above
        spans = _run_findings(text, m.start(), m.end(), m[0].translate(_HANZI_VALUE))
        if not spans and _DASH_ONE.search(m[0]):  # 138一1234一5678: 一 typed for a hyphen
            spans = _run_findings(text, m.start(), m.end(), _DASH_ONE.sub("-", m[0]).translate(_HANZI_VALUE))
        for span in spans:
            add(*span)
    if "，" in text or "、" in text or "," in text or "；" in text or ";" in text or "|" in text:
        for m in PUNCT_GROUPS.finditer(text):
            said = (SAID.search(text, max(0, m.start() - 12), m.start()) is not None
                    or _REACHED.search(text, max(0, m.start() - 14), m.start()) is not None)
            sizes = [len(m[1]), len(m[3]), len(m[4])]
            digits = (m[1] + m[3] + m[4]).upper()
            quantity = _unit_after(text, m.end()) or ("第" if text[m.start() - 1:m.start()] == "第" else "")
            hit = _number(digits, sizes, [" ", " "], quantity, False)
            # 电话138，1234，5678 (or 联系志愿者小李159，0731，4826) is a number; without such a word, 156、1324、1587
            # is a list of counts (and 130、0001、0002 one of codes), but an ID's groups are one (its region, birth
            # date and check digit hold)
            if hit is not None and (hit.kind == "身份证号" or (sizes == [3, 4, 4] and said)):
                add(m.start(), m.end(), hit)
    if "×" in text or "✕" in text or "✖" in text:  # …004×: a multiplication sign typed for an ID's check letter X
        for m in _TIMES_X.finditer(text):
            digits = re.sub("[ .-]", "", m[1])
            if id18_status(digits + "X") is not None:
                add(m.start(), m.end(), Finding("身份证号", digits + "X"))
    if "*" in text or "×" in text or "✕" in text or "X" in text:
        for m in _MASKED_ID.finditer(text):
            if (int(m[1][:2]) in _PROVINCES and _birth_ok(m[2]) and len(m[0]) == 18
                    and not (len(m[3]) == 3 and m[4] == "X")):  # 17 digits and X: an ID in full, read above
                # 16 digits or more shown: the rest follows from the check digit's rule; the ID is published
                level: Literal["error", "warning"] = "error" if len(m[3]) >= 2 else "warning"
                add(m.start(), m.end(), Finding("身份证号", m[1] + m[2] + m[3], level,
                                                note="（只遮住了末尾，出生日期仍然公开）", hint=MASKED_ID_HINT))
    for m in PLATE_RE.finditer(text):
        if " " in m[1] and _unit_after(text, m.end()):
            continue  # 豫H 12 345 万元: an amount after a letter, not a plate spaced out
        if _STANDARD.match(text, m.start()):
            continue  # 新GB 50016-2014: a standard's code after 新 (new), not a plate of 新疆
        letter = next(c for c in m[0][1:] if c.isascii() and c.isalpha())  # 甘-A12345: the letter, not the dash
        add(m.start(), m.end(), Finding("车牌号", (m[0][0] + letter + m[1].replace(" ", "")).upper()))
    for m in PLATE_HANZI_RE.finditer(text):  # 甘A一二三四五
        add(m.start(), m.end(), Finding("车牌号", (m[0][0] + m[0][1:].lstrip(" ")[0] + m[1].replace(" ", "")
                                                  .translate(_HANZI_VALUE)).upper()))
    if "@" in text or "at" in text or "AT" in text or "艾特" in text or "#" in text:
        for m in _AT.finditer(text):
            local = _LOCAL.search(text, max(0, m.start() - 64), m.start())
            domain = _DOMAIN.match(text, m.end())
            if local is not None and domain is not None:
                name = re.sub(_DOT_WORD, ".", domain[0].strip(" ")).lower()
                add(local.start(), domain.end(), Finding("电子邮箱", f"{local[0].rstrip(' ').lower()}@{name}"))
    if _CONTACT_HINT.search(text):
        for m in QQ_RE.finditer(text):
            add(m.start(1), m.end(1), Finding("QQ号", _SEP_RE.sub("", m[1]).translate(_HANZI_VALUE)))
        for m in WECHAT_RE.finditer(text):
            value = m["v"]
            if m["add"] or m["id"] or m["say"] or m["colon"] or re.search(r"[0-9_-]", value):
                add(m.start("v"), m.end("v"), Finding("微信号", value))
        for m in WXID_RE.finditer(text):
            add(m.start(), m.end(), Finding("微信号", m[0]))
    if KEYED_HINT.search(text):
        for m in KEYED_RE.finditer(text):
            value = re.sub(r"[ -]", "", m[1]).upper()
            if sum(ch.isdigit() for ch in value) >= 6:
                add(m.start(1), m.end(1), Finding("证件号码", value))
    if addresses:
        for m in COORD_RE.finditer(text):
            add(m.start(), m.end(), Finding("详细地址", m[0], note="（经纬度）",
                                            hint="案例不写精确到门前的经纬度；地点只写到乡镇、村或社区。"))
        parts: list[list[int]] = []  # 8栋2单元302室 is one address: one finding, not three
        for m in ADDRESS_RE.finditer(text):
            if parts and parts[-1][1] == m.start():
                parts[-1][1] = m.end()
            else:
                parts.append([m.start(), m.end()])
        for start, end in parts:
            add(start, end, Finding("详细地址", text[start:end]))
        for m in LANDLINE_RE.finditer(text):
            add(m.start(), m.end(), Finding("座机号码", re.sub(r"[^0-9]", "", m[0])))
    return found


def _locate(norm: Normalised, allow: frozenset[str], addresses: bool, original: str | None = None
            ) -> list[tuple[int, int, Finding]]:
    """Every finding in a normalised text and its side texts, as spans of the original text, in order.
    A finding in a side text (a link target, a tag) spans all of it. With the `original` text, IDs with a few
    characters masked are looked for there (normalising takes the stars between digits out: **bold**)."""
    spans = [(norm.start(s), norm.end(e), f) for s, e, f in _spans(norm.text, allow, addresses)]
    for start, end, side in norm.sides:
        spans += [(start, end, f) for _, _, f in _locate(side, allow, addresses)]
    if original is not None and ("*" in original or "＊" in original or "×" in original):
        spans += [span for span in _few_stars(original)
                  if not any(a < span[1] and span[0] < b for a, b, _ in spans)]
    return sorted(spans, key=lambda t: t[0])


def _few_stars(text: str) -> list[tuple[int, int, Finding]]:
    """IDs with only one to three characters masked (4101021990**07421X): the rest shows who it is."""
    out = []
    for m in _FEW_STARS.finditer(text):
        shown = re.sub(r"[*＊×]", "", m[0])
        if len(m[0]) == 18 and len(shown) >= 15 and int(shown[:2]) in _PROVINCES:
            out.append((m.start(), m.end(), Finding("身份证号", m[0].replace("＊", "*"),
                                                    note=f"（只遮住了 {18 - len(shown)} 位）", hint=MASKED_ID_HINT)))
    return out


def scan(text: str, allow: frozenset[str] = frozenset(), addresses: bool = False) -> list[Finding]:
    """Every finding in a text (a line, a file name, a metadata field), in order; allow-listed values skipped."""
    return [f for _, _, f in _locate(normalise(text), allow, addresses, text)]


def redact(text: str) -> str:
    """`text` with every finding masked (addresses too): used on every message before it is shown or logged."""
    spans = _locate(normalise(text), frozenset(), True, text)
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end, finding in spans:
        if start >= pos:  # spans of one side text: masked once, as a whole
            parts += [text[pos:start], finding.masked]
            pos = end
    return "".join(parts) + text[pos:]
