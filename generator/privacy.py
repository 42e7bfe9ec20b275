"""The personal-data gate: finds ID, phone, bank card and plate numbers, e-mail, QQ and WeChat ids, and (in case
records) street addresses, in whatever disguise they are written.

Every text is normalised once, by `normalise`, before any detector looks at it: compatibility forms (full-width,
circled, mathematical, other scripts' digits) become ASCII, format and zero-width characters are dropped, every
kind of space is a space and every dash a hyphen, HTML entities are decoded, Markdown inline markup (`**`, `_`,
backticks, `~~`, link and image brackets) is dropped, and link targets, HTML tags and comments are taken out and
scanned on their own, so that what a reader sees joined is scanned joined. Line breaks stay: a digit sequence
may run across them (the description and the search index join lines), and a finding is reported on the line
where it starts.

Everything that can reach the output is scanned: Markdown files (front matter and body, image alt text
included), record files, site_config.yml, file and folder names, the text fields of image metadata and the text
and attributes of SVG files. A finding is reported with file, line and field and shown masked; the full value is
never printed, and `redact` masks every message the same way (errors.Problem.format).
"""

from __future__ import annotations

import bisect
import contextlib
import html.entities
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .errors import Collector, Level, Problem
from .limits import MAX_IMAGE_BYTES, MAX_PIXELS, MAX_TEXT_BYTES, Unreadable, open_file, read_file, refusal

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .pagecache import Memo

# GB 11643-1999: weights and check characters of the 18-digit citizen identity number.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# First two digits: the province-level divisions (GB/T 2260) plus 港澳台 and 外国人永久居留 (9x).
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
              53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91, 92, 93}
_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

HINTS = {
    "身份证号": "公开网页不得出现身份证号。请删除，当事人写成“何某”即可。",
    "手机号": "公开网页不得出现个人手机号。请删除；单位对外公开的电话请加入 site_config.yml 的 privacy.allow。",
    "银行卡号": "公开网页不得出现银行卡号，请删除。",
    "车牌号": "公开网页不得出现完整车牌号。请删除，或写成“豫H·****”这样的形式。",
    "电子邮箱": "公开网页不得出现个人邮箱；单位对外公开的邮箱请加入 site_config.yml 的 privacy.allow。",
    "QQ号": "公开网页不得出现个人 QQ 号；官方公开的 QQ 群号请加入 site_config.yml 的 privacy.allow。",
    "微信号": "公开网页不得出现个人微信号；官方公众号请写名称，或把它加入 site_config.yml 的 privacy.allow。",
    "详细地址": "案例的地点只写到乡镇、村或社区，不要写门牌号、楼号、单元或室号。",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str  # normalised; never shown
    level: Level = "error"
    note: str = ""

    @property
    def masked(self) -> str:
        return mask(self.value, self.kind)

    def message(self) -> str:
        return f"疑似{self.kind}{self.note}：{self.masked}"


# -- normalisation ---------------------------------------------------------------------------------
#
# One left-to-right pass over the text: a search for the next character that needs anything done (a compact
# character class, so the C loop skips plain Chinese and ASCII text), then a small step in Python for that
# spot. Ordinary Chinese punctuation (，：（）) is left as it is: the patterns accept both forms, and mapping
# it would put a Python step after every clause.

_MARKUP = "*`~_[]!<&\\"  # ASCII characters that may start Markdown or HTML markup
_DOT = "·"


def _ranges(points: Iterable[int]) -> str:
    """A regex character class body for the code points, as ranges."""
    out: list[str] = []
    ordered = sorted(set(points))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        first, last = re.escape(chr(ordered[i])), re.escape(chr(ordered[j]))
        out.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "".join(out)


# Where the decimal digits of other scripts begin (Arabic-Indic, Devanagari, Thai, Tibetan, Mongolian, full-width,
# mathematical, segmented…; Unicode 14): each is followed by 1 to 9.
_DIGIT_ZEROS = (0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50,
                0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
                0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066,
                0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950,
                0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
                0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0)


def _tables() -> tuple[dict[int, str], dict[str, str], set[str]]:
    """(one-for-one replacements, expansions, characters to drop).

    One for one: NFKC where it gives one character (full-width and mathematical letters and digits, circled
    digits, superscripts, compatibility ideographs), any script's decimal digits to ASCII, every space to a
    space, every dash to a hyphen, every middle dot to ·, line separators to a line break. Expansions: NFKC
    forms longer than one character that hold a letter or digit (⑩, ⒈, ℡). Dropped: format characters
    (zero-width, direction marks, soft hyphen, tags), variation selectors, combining marks of the generic
    blocks, control characters and asterisks of any width."""
    one: dict[int, str] = {}
    expand: dict[str, str] = {}
    drop: set[str] = set()
    for zero in _DIGIT_ZEROS:
        for value in range(10):
            if unicodedata.decimal(chr(zero + value), -1) == value:
                one[zero + value] = str(value)
    blocks = [(0x80, 0x0300), (0x1D00, 0x1DC0), (0x2000, 0x2C00), (0x2E80, 0x2FE0), (0x3000, 0x3040),
              (0x3130, 0x3190), (0x3200, 0x3400), (0xF900, 0xFB50), (0xFE10, 0xFE70), (0xFF00, 0xFFF0),
              (0x1D400, 0x1D800), (0x1F100, 0x1F200)]
    keep_full_width = {chr(c) for c in range(0xFF01, 0xFF5F)} - {*"＋－．＠＿＊＃", *map(chr, range(0xFF10, 0xFF1A)),
                                                                *map(chr, range(0xFF21, 0xFF3B)),
                                                                *map(chr, range(0xFF41, 0xFF5B))}
    for first, last in blocks:
        for c in range(first, last):
            ch = chr(c)
            if c in one or ch in keep_full_width:
                continue
            form = unicodedata.normalize("NFKC", ch) if unicodedata.decomposition(ch) else ch
            if form == ch:
                continue
            if form == "*":
                drop.add(ch)
            elif len(form) == 1 and form not in _MARKUP:
                one[c] = form
            elif len(form) > 1 and re.search(r"[0-9A-Za-z@]", form) and not any(x in _MARKUP for x in form):
                expand[ch] = form
    for c in [*range(0x2460, 0x2500), *range(0x2776, 0x2794), *range(0x1F100, 0x1F10D)]:
        if c not in one and (value := unicodedata.digit(chr(c), -1)) >= 0:
            one[c] = str(value)
    for ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f" \
              "\u205f\u3000\u3164\u115f\u1160\uffa0\u2800\t":
        one[ord(ch)] = " "
    for ch in "\r\x0b\x0c\x85\u2028\u2029":
        one[ord(ch)] = "\n"
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\u301c\u30a0\ufe58\ufe63\uff0d\u2043\u2796":
        one[ord(ch)] = "-"
    for ch in "\u00b7\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65\u318d\u2024":
        one[ord(ch)] = _DOT
    one.pop(ord(_DOT), None)
    drop.update(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)]))
    drop.discard("\x85")
    drop.update(map(chr, [0xAD, 0x34F, 0x180E, 0x61C, 0x180B, 0x180C, 0x180D, 0x180F, 0x17B4, 0x17B5, 0xFEFF, 0x2064]))
    drop.update(map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070),
                          *range(0xFE00, 0xFE10), *range(0xFFF9, 0xFFFC), *range(0x0300, 0x0370),
                          *range(0x1AB0, 0x1B00), *range(0x1DC0, 0x1E00), *range(0x20D0, 0x2100),
                          *range(0xFE20, 0xFE30), *range(0x1D173, 0x1D17B), *range(0xE0000, 0xE0080),
                          *range(0xE0100, 0xE01F0), *range(0x1BCA0, 0x1BCA4), 0x110BD, 0x110CD]))
    drop.add("＊")
    for ch in drop:
        one.pop(ord(ch), None)
        expand.pop(ch, None)
    for ch in expand:
        one.pop(ord(ch), None)
    return one, expand, drop


_ONE, _EXPAND, _DROP = _tables()
# Every character beyond the BMP is a candidate: a class with ranges there is matched range by range, ~20
# times slower on every character of a text.
_EVENT = re.compile("[" + _ranges(c for c in [*_ONE, *map(ord, _EXPAND), *map(ord, _DROP), *map(ord, _MARKUP)]
                                  if c < 0x10000) + "\U00010000-\U0010ffff]")
_ONE_RUN = re.compile("[" + _ranges(_ONE) + "]+")
_DROP_RUN = re.compile("[" + _ranges(map(ord, _DROP)) + "]+")
_NAMED = html.entities.html5
_ENTITY = re.compile(r"&(?:#([0-9]{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([A-Za-z][A-Za-z0-9]{1,31};))")
# A link's target: ](url) or ](<url> "title"), with one level of parentheses inside the url.
_LINK_TARGET = re.compile(r"\]\([ \t]*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
                          r"(?:[ \t\n]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)")
_LINK_LABEL = re.compile(r"\]\[[^\[\]\n]{0,200}\]")
_TAG = re.compile(r"<[A-Za-z/?!][^<>]{0,4000}>")
_SPELLED = re.compile(r"\[[ ]*(?:at|AT|dot|DOT)[ ]*\]")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2}))")
_OVERRIDE_END = re.compile("[\u202c\u2069\n]")
_RUNS = {ch: re.compile(re.escape(ch) + "+") for ch in "*`_~"}
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


class Normalised:
    """A text as the detectors read it, with the way back to positions in the original.

    `text` is the normalised text; `start` and `end` turn a span of it into a span of the original. `sides` are
    the parts taken out of the running text but published all the same (link targets, HTML tags and comments),
    each normalised on its own, with its span in the original."""

    __slots__ = ("text", "_at", "_events", "sides")

    def __init__(self, text: str, events: list[tuple[int, int, int, int]],
                 sides: list[tuple[int, int, Normalised]]) -> None:
        self.text = text
        self._events = events  # (normalised position, normalised length, original position, original length)
        self._at = [e[0] for e in events]
        self.sides = sides

    def start(self, pos: int) -> int:
        """Where the character at `pos` of `text` comes from."""
        k = bisect.bisect_right(self._at, pos) - 1
        if k < 0:
            return pos
        at, length, orig, orig_length = self._events[k]
        return orig if pos < at + length else orig + orig_length + pos - at - length

    def end(self, pos: int) -> int:
        """Where the span of `text` that ends at `pos` ends in the original."""
        if pos <= 0:
            return self.start(0)
        k = bisect.bisect_right(self._at, pos - 1) - 1
        if k < 0:
            return pos
        at, length, orig, orig_length = self._events[k]
        return orig + orig_length if pos - 1 < at + length else orig + orig_length + pos - at - length


def _fold(text: str) -> str:
    """A short text (a decoded entity or escape) normalised without positions."""
    text = text.translate(_ONE)
    if any(ch in _EXPAND or ch in _DROP or ch in "*`" for ch in text):
        text = "".join("" if ch in _DROP or ch in "*`" else _EXPAND.get(ch, ch) for ch in text)
    return text


def normalise(text: str, depth: int = 0) -> Normalised:
    """`text` as every detector reads it (see the module's docstring); one pass, Python only where needed.
    Side texts are normalised in turn, to `depth` 2 (markup nested deeper is read as text: no recursion limit
    is reached, however deep a hostile file nests comments)."""
    nested = depth < 2
    reversed_to = 0  # the end of the text read backwards so far (one side text per overridden stretch)
    parts: list[str] = []
    events: list[tuple[int, int, int, int]] = []
    sides: list[tuple[int, int, Normalised]] = []
    pos = 0  # in `text`
    out = 0  # length of the normalised text so far
    search = _EVENT.search
    while m := search(text, pos):
        i = m.start()
        ch = text[i]
        end = i + 1
        new = ch
        if ch in _MARKUP:
            if ch == "*" or ch == "`":
                end = _RUNS[ch].match(text, i).end()  # type: ignore[union-attr]
                new = ""
            elif ch == "_":
                end = _RUNS[ch].match(text, i).end()  # type: ignore[union-attr]
                if not (i > 0 and text[i - 1] in _ALNUM and end < len(text) and text[end] in _ALNUM):
                    new = ""  # emphasis; an underscore inside a word is a character (wxid_abc, a_b)
                else:
                    new = text[i:end]
            elif ch == "~":
                end = _RUNS[ch].match(text, i).end()  # type: ignore[union-attr]
                new = "" if end - i > 1 else "~"
            elif ch == "[":
                if (t := _SPELLED.match(text, i)) is not None:
                    end, new = t.end(), t[0]  # zhang[at]example.com: read by the e-mail detector
                else:
                    new = ""
            elif ch == "!":
                if text.startswith("[", end):
                    end, new = end + 1, ""
            elif ch == "]":
                new = ""
                if nested and (t := _LINK_TARGET.match(text, i)) is not None:
                    end = t.end()
                    target = text[i + 2:end - 1].strip()
                    sides.append((i, end, normalise(unquote(target) if "%" in target else target, depth + 1)))
                elif (t := _LINK_LABEL.match(text, i)) is not None:
                    end = t.end()
            elif ch == "\\":
                if (e := _ESCAPE.match(text, i)) is not None:  # \u0031, \x31: YAML and JSON read them as characters
                    end = e.end()
                    code = int(e[1] or e[2] or e[3], 16)
                    new = _fold(chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd")
                elif end < len(text) and text[end] in "*_`~[]!<>&\\#+-.()|{}\n":
                    new = ""  # an escaped character, or a line continued (YAML "…\)
            elif ch == "<":
                if nested and text.startswith("<!--", i):
                    close = text.find("-->", i + 4)
                    end = len(text) if close < 0 else close + 3
                    new = ""
                    sides.append((i, end, normalise(text[i + 4:close if close >= 0 else end], depth + 1)))
                elif nested and (t := _TAG.match(text, i)) is not None:
                    end, new = t.end(), ""
                    inner = text[i + 1:end - 1]
                    sides.append((i, end, normalise(unquote(inner) if "%" in inner else inner, depth + 1)))
            else:  # &
                if (e := _ENTITY.match(text, i)) is not None:
                    end = e.end()
                    if e[3] is not None:
                        new = _NAMED.get(e[3], e[0])
                    else:
                        code = int(e[1]) if e[1] is not None else int(e[2], 16)
                        new = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
                    new = _fold(new)
        elif ch in _EXPAND:
            new = _EXPAND[ch]
        elif ch in _DROP:
            end = _DROP_RUN.match(text, i).end()  # type: ignore[union-attr]
            new = ""
            if nested and i >= reversed_to and "\u202e" in text[i:end]:  # right-to-left override: shown
                stop = _OVERRIDE_END.search(text, end)                      # backwards, so read so too
                reversed_to = stop.start() if stop is not None else len(text)
                sides.append((i, reversed_to, normalise(text[end:reversed_to][::-1], depth + 1)))
        elif ord(ch) in _ONE:
            end = _ONE_RUN.match(text, i).end()  # type: ignore[union-attr]
            new = text[i:end].translate(_ONE)
        if i > pos:
            parts.append(text[pos:i])
            out += i - pos
        if len(new) != end - i:
            events.append((out, len(new), i, end - i))
        parts.append(new)
        out += len(new)
        pos = end
    if not parts:
        return Normalised(text, events, sides)
    parts.append(text[pos:])
    return Normalised("".join(parts), events, sides)


# -- detectors -------------------------------------------------------------------------------------

# Between two digits of one number: up to three spaces, dots, hyphens, underscores, middle dots, slashes or
# parentheses, or a line break (with the next line's indentation, a blank line, a quote or list marker).
_SEP = r"(?:[ ._·/()（）-]{1,3}|[ ]*\n[ \t>]*(?:\n[ \t>]*)?(?:[-+][ \t]+)?)"
_SEP_RE = re.compile(_SEP)
# A digit sequence long enough to be a phone (11), ID (15, 18) or card number (16-19), taken whole.
RUN_RE = re.compile(rf"[0-9](?<![0-9]{{2}})(?:{_SEP}?[0-9]){{10,}}+(?:{_SEP}?[Xx](?![A-Za-z0-9]))?")
# The same spelled in Chinese digits (一三八…, 幺 and 洞 as read out on the phone).
_HANZI_DIGITS = "〇零一二三四五六七八九幺两洞"
HANZI_RUN_RE = re.compile(rf"[{_HANZI_DIGITS}](?:{_SEP}?[{_HANZI_DIGITS}]){{10,}}+")
_HANZI_VALUE = str.maketrans("〇零一二三四五六七八九幺两洞", "00123456789120")
_GROUP = re.compile(r"[0-9]+[Xx]?|[Xx]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Right after a number, these make it a quantity (13812345678元), before it an ordinal or a price.
_UNITS = set("元万亿件人次个户名%‰米吨亩台辆起宗例项份位家所条篇千百平公斤克升")
_IN_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:/?/|www\.)[^\s<>\"']*$")

PLATE_RE = re.compile(f"[{_PLATE_PROVINCES}][ ]?[A-HJ-NP-Za-hj-np-z][ ]?[{_DOT}. -]?[ ]?"
                      r"(?=[A-HJ-NP-Za-hj-np-z0-9]*[0-9])([A-HJ-NP-Za-hj-np-z0-9]{5,6})(?![A-Za-z0-9])")
# An at sign, spelled out ([at], 艾特) or replaced by # before a well-known mail domain.
_AT = re.compile(r"[@\[(（【艾#](?:(?<=@)|(?<=[\[(（【])[ ]*(?:at|AT)[ ]*[\])）】]|(?<=艾)特|"
                 r"(?<=#)(?=(?:qq|163|126|139|sina|sohu|foxmail|gmail|yeah|outlook|hotmail|aliyun)\.))")
_LOCAL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}[ ]?$")
_DOT_WORD = r"(?:\.|[ ]?[\[(（【][ ]*(?:dot|DOT)[ ]*[\])）】][ ]?)"
_DOMAIN = re.compile(rf"[ ]?[A-Za-z0-9-]+(?:{_DOT_WORD}[A-Za-z0-9-]+)*{_DOT_WORD}[A-Za-z]{{2,}}(?![A-Za-z0-9-])")
# Cheap first look (a character class first is searched fast): is any QQ or WeChat keyword in the text?
_CONTACT_HINT = re.compile(r"[QqWwVv扣微威薇维徽](?:(?<=[Qq])[Qq]|(?<=扣)扣|(?<=[微威薇维徽Vv])信|(?<=[VvWw])[Xx]|"
                           r"(?<=[Ww])e[Cc]hat|(?<=[Ww])eixin|(?<=w)xid_|(?<=加[Vv])|(?<=加 [Vv]))")
QQ_RE = re.compile(r"(?<![A-Za-z])(?:[Qq][Qq]|扣扣)[ ]*(?:号码|号|群号|群|账号|帐号|ID|id)?[ ]*(?:是|为)?[ ]*[:：]?[ ]*"
                   rf"([1-9](?:{_SEP}?[0-9]){{4,11}}+)(?![0-9])")
WECHAT_RE = re.compile(
    r"(?P<add>加(?:我|个|一下|下)?[ ]*)?"
    r"(?:微信|威信|薇信|维信|徽信|[VvWw]信|(?<![A-Za-z])(?:[Ww]e[Cc]hat|[Ww]eixin|[VvWw][Xx])(?![A-Za-z])"
    r"|(?(add)[Vv](?![A-Za-z])|(?!)))"
    r"[ ]*(?P<id>号码|号|账号|帐号|ID|id)?[ ]*(?P<say>是|为)?[ ]*(?P<colon>[:：])?[ ]*"
    r"(?P<v>[A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9@.])")
WXID_RE = re.compile(r"(?<![A-Za-z0-9])wxid_[A-Za-z0-9_-]{4,30}")

# Finer than a village or community (case records only): 门牌, building, unit and room numbers, house numbers
# on a road or in a village or group, in Arabic or Chinese numerals, and the 3-2-501 shorthand.
_NUM = "0-9零〇一二两三四五六七八九十百千"
ADDRESS_RE = re.compile(
    r"门牌"
    r"|[0-9]+[ ]*(?:号楼|号院|栋|幢|单元|室)"
    r"|(?<!第)[零〇一二两三四五六七八九十百]+[ ]*(?:号楼|号院|单元)"
    rf"|[零〇一二两三四五六七八九十百]+[ ]*(?:栋|幢)(?=[ ]*[{_NUM}]+[ ]*(?:单元|号|室|楼|层))"
    r"|[零〇一二三四五六七八九]{3,4}[ ]*室"
    rf"|[\u4e00-\u9fff](?:路|街|巷|弄|大道|胡同)[ ]*[{_NUM}]+[ ]*号(?![召称令线文角])"
    rf"|(?:[村屯庄寨]|[{_NUM}]组)[ ]*[{_NUM}]+[ ]*号(?![召称令线文角])"
    r"|(?<![0-9-])[0-9]{1,3}-[0-9]{1,2}-[0-9]{3,4}(?![0-9-])")
_ADDRESS_DIGITS = re.compile(f"[{_NUM}]")


def compact(value: str) -> str:
    """The value without separators, for comparison with the allow-list."""
    value = re.sub(r"[\s\-·.()（）]", "", normalise(value).text).lower()
    return re.sub(r"^(?:\+|00)?86(?=1[3-9]\d{9}$)", "", value)


def mask(value: str, kind: str) -> str:
    """Keep just enough to find the spot: 410***********34, z***@example.cn, 福路**号."""
    if kind == "详细地址":
        return _ADDRESS_DIGITS.sub("*", value)
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


def _birth_ok(text: str) -> bool:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def id18_status(digits: str) -> str | None:
    """'valid' for a GB 11643 number with a correct check digit, 'checksum' when only that is wrong."""
    if len(digits) != 18 or not digits[:17].isdigit() or int(digits[:2]) not in _PROVINCES \
            or not _birth_ok(digits[6:14]):
        return None
    total = sum(int(d) * w for d, w in zip(digits[:17], _WEIGHTS, strict=True))
    return "valid" if _CHECK[total % 11] == digits[17].upper() else "checksum"


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _thousands(sizes: list[int], seps: list[str]) -> bool:
    """Grouped in threes like a quantity (13 812 345 678, 1.234.567)."""
    return len(sizes) > 1 and len(set(seps)) == 1 and 1 <= sizes[0] <= 3 and all(s == 3 for s in sizes[1:])


def _number(digits: str, sizes: list[int], seps: list[str], quantity: bool, in_url: bool) -> Finding | None:
    """What a digit sequence is, written in groups of `sizes` digits between `seps`: an ID, mobile or card
    number, or nothing. `quantity`: a unit or ordinal is next to it; `in_url`: it is part of a web address."""
    n = len(digits)
    if n == 18:
        status = id18_status(digits)
        if status == "valid":
            return Finding("身份证号", digits)
        if status == "checksum":
            return Finding("身份证号", digits, "warning", "（校验位不符，请核对）")
    if not digits.isdigit():
        return None
    if n == 15 and int(digits[:2]) in _PROVINCES and _birth_ok("19" + digits[6:12]):
        return Finding("身份证号", digits, note="（15 位旧号码）")
    if quantity or _thousands(sizes, seps) or seps == ["."]:  # an amount, or a decimal (东经134.12345678)
        return None
    core, shape = digits, sizes
    if n in (13, 15) and digits.startswith("86" if n == 13 else "0086"):
        core = digits[n - 11:]
        prefix = n - 11
        if sizes and sizes[0] == prefix:
            shape = sizes[1:]
            seps = seps[1:]
    if len(core) == 11 and _MOBILE.fullmatch(core):
        if len(shape) <= 1 or len({s.strip(" ") or " " for s in seps}) == 1 or shape == [3, 4, 4]:
            return Finding("手机号", core)
    if 16 <= n <= 19 and not in_url and (digits[0] in "3456" or "22" <= digits[:2] <= "27") and luhn(digits):
        if len(sizes) == 1 or all(s == 1 for s in sizes) or (len(set(sizes[:-1])) == 1 and sizes[-1] <= sizes[0]):
            return Finding("银行卡号", digits)
    return None


def _run_findings(text: str, start: int, end: int, value: str) -> list[tuple[int, int, Finding]]:
    """Findings in one digit sequence text[start:end] (whose digits, Chinese ones read, are `value`):
    the whole of it, or else each long group, or a 3-4-4 phone number or 6-8-4 ID number inside it."""
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(value)]
    sizes = [b - a for a, b in groups]
    seps = [value[groups[k][1]:groups[k + 1][0]] for k in range(len(groups) - 1)]
    digits = "".join(value[a:b] for a, b in groups).upper()
    after = text[end:end + 2].lstrip(" ")[:1]
    before = text[start - 1:start]
    quantity = after in _UNITS or before in ("第", "¥", "￥", "$")
    in_url = _IN_URL.search(text, max(0, start - 300), start) is not None
    found = _number(digits, sizes, seps, quantity, in_url)
    if found is not None:
        return [(start, end, found)]
    out: list[tuple[int, int, Finding]] = []
    k = 0
    while k < len(groups):
        a, b = groups[k]
        taken = 0
        if b - a >= 11:
            one = value[a:b].upper()
            one_after = value[b:b + 1] or after
            found = _number(one, [b - a], [], one_after in _UNITS, in_url)
            taken = 1 if found is not None else 0
        for want, kind in (([3, 4, 4], "手机号"), ([6, 8, 4], "身份证号")):
            if not taken and sizes[k:k + 3] == want:
                joined = "".join(value[x:y] for x, y in groups[k:k + 3]).upper()
                found = _number(joined, want, [" ", " "], False, in_url)
                taken = 3 if found is not None and found.kind == kind else 0
        if taken:
            assert found is not None
            out.append((start + a, start + groups[k + taken - 1][1], found))
            k += taken
        else:
            k += 1
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
        for start, end, finding in _run_findings(text, m.start(), m.end(), m[0].translate(_HANZI_VALUE)):
            if finding.kind != "银行卡号":
                add(start, end, finding)
    for m in PLATE_RE.finditer(text):
        add(m.start(), m.end(), Finding("车牌号", (m[0][0] + m[0][1:].lstrip(" ")[0] + m[1]).upper()))
    if "@" in text or "at" in text or "AT" in text or "艾特" in text or "#" in text:
        for m in _AT.finditer(text):
            local = _LOCAL.search(text, max(0, m.start() - 64), m.start())
            domain = _DOMAIN.match(text, m.end())
            if local is not None and domain is not None:
                name = re.sub(_DOT_WORD, ".", domain[0].strip(" ")).lower()
                add(local.start(), domain.end(), Finding("电子邮箱", f"{local[0].rstrip(' ').lower()}@{name}"))
    if _CONTACT_HINT.search(text):
        for m in QQ_RE.finditer(text):
            add(m.start(1), m.end(1), Finding("QQ号", _SEP_RE.sub("", m[1])))
        for m in WECHAT_RE.finditer(text):
            value = m["v"]
            if m["add"] or m["id"] or m["say"] or m["colon"] or re.search(r"[0-9_-]", value):
                add(m.start("v"), m.end("v"), Finding("微信号", value))
        for m in WXID_RE.finditer(text):
            add(m.start(), m.end(), Finding("微信号", m[0]))
    if addresses:
        for m in ADDRESS_RE.finditer(text):
            add(m.start(), m.end(), Finding("详细地址", m[0]))
    return found


def _locate(norm: Normalised, allow: frozenset[str], addresses: bool) -> list[tuple[int, int, Finding]]:
    """Every finding in a normalised text and its side texts, as spans of the original text, in order.
    A finding in a side text (a link target, a tag) spans all of it."""
    spans = [(norm.start(s), norm.end(e), f) for s, e, f in _spans(norm.text, allow, addresses)]
    for start, end, side in norm.sides:
        spans += [(start, end, f) for _, _, f in _locate(side, allow, addresses)]
    return sorted(spans, key=lambda t: t[0])


def scan(text: str, allow: frozenset[str] = frozenset(), addresses: bool = False) -> list[Finding]:
    """Every finding in a text (a line, a file name, a metadata field), in order; allow-listed values skipped."""
    return [f for _, _, f in _locate(normalise(text), allow, addresses)]


def redact(text: str) -> str:
    """`text` with every finding masked (addresses too): used on every message before it is shown or logged."""
    spans = _locate(normalise(text), frozenset(), True)
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end, finding in spans:
        if start >= pos:  # spans of one side text: masked once, as a whole
            parts += [text[pos:start], finding.masked]
            pos = end
    return "".join(parts) + text[pos:]


# -- walking the site ------------------------------------------------------------------------------

TEXT_SUFFIXES = {".md", ".markdown", ".yml", ".yaml", ".txt", ".html", ".htm", ".csv", ".json"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}
# EXIF tags that hold free text: ImageDescription, Artist, Copyright, UserComment, XP* (Windows).
_EXIF_TEXT = {0x010E: "ImageDescription", 0x013B: "Artist", 0x8298: "Copyright", 0x9286: "UserComment",
              0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords", 0x9C9F: "XPSubject"}
NAME_HINT = "文件名会出现在网址和图片地址里，请给文件改名，去掉这段信息。"
FOLDER_HINT = "文件夹名会出现在网址和图片地址里，请给文件夹改名，去掉这段信息。"

_TOP_KEY = re.compile(r"^(?![-\s#])([^:#\n]+?)[ \t]*:(?:[ \t]|$)")  # any key, even one that is a number
_SUB_KEY = re.compile(r"^\s+(?:-\s+)?([A-Za-z_][\w-]*)\s*:")
_IMAGE_ALT = re.compile(r"!\[([^\]\n]*)\]")
_YAML_COMMENT = re.compile(r"(?:^|(?<=\s))#.*$")  # comments never reach the output
_BLOCK_SCALAR = re.compile(r"(?:^|[:\s])[|>][-+0-9]*\s*$")  # key: | (a block of text follows, # and all)


def _fields(lines: list[str], markdown: bool) -> Iterator[tuple[int, str]]:
    """(line number, field) for each line: YAML key paths, then 正文 for a Markdown body."""
    in_front = markdown and bool(lines) and lines[0].strip() == "---"
    yaml_part = not markdown or in_front
    top = ""
    for n, line in enumerate(lines, start=1):
        if markdown and in_front and n > 1 and yaml_part and line.strip() in ("---", "..."):
            yaml_part = False
            yield n, top
            continue
        if not yaml_part:
            yield n, "正文"
            continue
        if m := _TOP_KEY.match(line):
            top = m[1]
            yield n, top
        elif (m := _SUB_KEY.match(line)) and top:
            yield n, f"{top}.{m[1]}"
        else:
            yield n, top


def _without_comments(text: str, markdown: bool) -> str:
    """`text` with its YAML comments (in a Markdown file: the front matter's) blanked out, same length: they
    never reach the output. Blocks of text (key: |) keep their # characters."""
    if markdown:
        if not text.startswith("---"):
            return text
        close = re.search(r"\n(?:---|\.\.\.)[ \t]*(?:\n|$)", text)
        if "#" not in text[:close.start() if close else len(text)]:
            return text
    elif "#" not in text:
        return text
    lines = text.split("\n")
    block = -1  # the indentation of the key whose block of text we are in; -1: not in one
    for n, line in enumerate(lines):
        if markdown and n > 0 and line.strip() in ("---", "..."):
            break
        indent = len(line) - len(line.lstrip(" "))
        if block >= 0:
            if not line.strip() or indent > block:
                continue
            block = -1
        m = _YAML_COMMENT.search(line)
        if m is not None and (line.count('"', 0, m.start()) % 2 or line.count("'", 0, m.start()) % 2):
            m = None  # a # inside quotes
        body = line if m is None else line[:m.start()]
        if _BLOCK_SCALAR.search(body):
            block = indent
        if m is not None:
            lines[n] = body + " " * (len(line) - len(body))
    return "\n".join(lines)


def scan_file(path: Path, shown: str, text: str, allow: frozenset[str], addresses: bool) -> list[Problem]:
    """Problems for one text file, with line and field: the whole text normalised once, then scanned."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return scan_svg(shown, text, allow)
    markdown = suffix in (".md", ".markdown")
    source = _without_comments(text, markdown) if markdown or suffix in (".yml", ".yaml") else text
    spans = _locate(normalise(source), allow, addresses)
    if not spans:
        return []
    fields = [field for _, field in _fields(text.split("\n"), markdown)]
    newlines = [m.start() for m in re.finditer("\n", text)]
    alts = [m.span(1) for m in _IMAGE_ALT.finditer(text)] if markdown else []
    alt_starts = [a for a, _ in alts]
    problems: list[Problem] = []
    for start, _, finding in spans[:SHOWN_PER_FILE]:
        n = bisect.bisect_left(newlines, start) + 1
        field = fields[n - 1] if markdown or suffix in (".yml", ".yaml") else ""
        k = bisect.bisect_right(alt_starts, start) - 1
        if field == "正文" and k >= 0 and start < alts[k][1]:
            field = "图片说明（alt）"
        problems.append(Problem(shown, n, field, finding.message(), HINTS[finding.kind], finding.level))
    return _rest(problems, shown, [f for _, _, f in spans[SHOWN_PER_FILE:]])


SHOWN_PER_FILE = 20  # findings listed one by one per file; the rest are counted in one more problem


def _rest(problems: list[Problem], shown: str, rest: list[Finding]) -> list[Problem]:
    """`problems`, and one more that counts the findings beyond SHOWN_PER_FILE (a pasted contact list)."""
    if rest:
        level: Level = "error" if any(f.level == "error" for f in rest) else "warning"
        problems.append(Problem(shown, None, "", f"另有 {len(rest)} 处疑似个人信息没有逐条列出",
                                "请删除文件中的全部个人信息后重试。", level))
    return problems


# SVG attributes that hold only geometry and numbers (path data, coordinates, sizes): not scanned, since a
# path's numbers run on for thousands of digits.
_SVG_GEOMETRY = frozenset(
    "d points viewBox transform x y x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy width height rotate offset "
    "stroke-dasharray stroke-dashoffset stroke-width stroke-miterlimit font-size letter-spacing word-spacing "
    "values keyTimes keySplines keyPoints path gradientTransform patternTransform kernelMatrix tableValues "
    "k1 k2 k3 k4 stdDeviation baseFrequency numOctaves seed scale order bias divisor radius surfaceScale "
    "specularConstant specularExponent diffuseConstant azimuth elevation pointsAtX pointsAtY pointsAtZ "
    "limitingConeAngle amplitude exponent intercept slope refX refY markerWidth markerHeight textLength "
    "startOffset opacity fill-opacity stroke-opacity stop-opacity version".split())
# Elements whose text is read as one (a <text> and its <tspan>s).
_SVG_TEXT = frozenset({"text", "title", "desc", "metadata", "foreignObject", "style", "script"})
_ENTITY_DECL = re.compile(r"<!ENTITY\s[^>]*>")


def _svg_texts(text: str) -> Iterator[tuple[int | None, str, str]]:
    """(line, field, text) for every text node, attribute value, comment and entity declaration of an SVG."""
    from lxml import etree

    for m in _ENTITY_DECL.finditer(text):
        yield text.count("\n", 0, m.start()) + 1, "SVG 实体声明", m[0]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:  # not XML at all: scanned as text, tags taken out
        yield 1, "SVG 文字", text
        return
    for node in root.getroottree().iter():
        line = node.sourceline
        if not isinstance(node.tag, str):  # comments and processing instructions
            if node.text and not isinstance(node, etree._Entity):
                yield line, "SVG 注释", node.text
            continue
        name = etree.QName(node).localname
        for attribute, value in node.attrib.items():
            local = etree.QName(attribute).localname
            if local not in _SVG_GEOMETRY and value.strip():
                yield line, f"SVG 属性 {local}", value
        inside = any(etree.QName(a).localname in _SVG_TEXT for a in node.iterancestors() if isinstance(a.tag, str))
        if inside:
            continue
        if name in _SVG_TEXT:
            words = "".join(t for t in node.itertext() if isinstance(t, str))
            if words.strip():
                yield line, "SVG 文字", words
            continue
        if node.text and node.text.strip():
            yield line, "SVG 文字", node.text
        if node.tail and node.tail.strip():
            yield line, "SVG 文字", node.tail


def scan_svg(shown: str, text: str, allow: frozenset[str]) -> list[Problem]:
    """Problems for an SVG file: its text, attribute values, comments and entity declarations are published
    with it; each is normalised and scanned on its own (a <text>'s <tspan>s together)."""
    problems: list[Problem] = []
    rest: list[Finding] = []
    seen: set[tuple[int | None, str, str]] = set()
    for line, field, words in _svg_texts(text):
        for finding in scan(words, allow):
            key = (line, field, finding.message())
            if key in seen:
                continue
            seen.add(key)
            if len(problems) < SHOWN_PER_FILE:
                problems.append(Problem(shown, line, field, finding.message(), HINTS[finding.kind], finding.level))
            else:
                rest.append(finding)
    return _rest(problems, shown, rest)


def image_metadata(path: Path) -> Iterator[tuple[str, str]]:
    """(tag name, text) for each free-text metadata field of an image."""
    from PIL import Image  # imported here: most checks never open an image

    try:
        with open_file(path, limit=MAX_IMAGE_BYTES) as handle, Image.open(handle) as im:
            if im.width * im.height > MAX_PIXELS:
                return  # refused where it is used; reading a PNG's EXIF decodes the whole picture
            exif = im.getexif()
            info = dict(im.info)
    except Exception:  # unreadable images are reported where they are used
        return
    for tag, name in _EXIF_TEXT.items():
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("utf-16-le" if name.startswith("XP") else "utf-8", "ignore").strip("\x00")
        if isinstance(value, str) and value.strip():
            yield name, value
    for key, value in info.items():
        if isinstance(value, str) and key not in ("dpi", "icc_profile"):
            yield f"PNG:{key}", value


PARALLEL_FROM = 200  # text files to scan from which a background process scans them (it takes ~0.3 s to start)
PART = 250  # text files per part handed to it


def scan_site(root: Path, config_allow: Iterable[str], collector: Collector, memo: Memo | None = None) -> None:
    """Scan site_config.yml and everything under content/: text, file and folder names, image metadata.

    With `memo`, a text file's findings are kept by its content (and the allow-list), so a build after an
    edit scans only the files that changed."""
    with contextlib.closing(SiteScan(root, allowed(config_allow), memo)) as scan:
        collector.extend(scan.problems())


class SiteScan:
    """`scan_site` begun: with `background` and at least PARALLEL_FROM text files whose findings are not kept, a
    background process scans them while this one goes on (a cold build of 5,000 stories: ~2.7 s). `problems`
    waits for it and returns the findings in the order `scan_site` reports them. `paths` scans only those."""

    def __init__(self, root: Path, allow: frozenset[str], memo: Memo | None = None, background: bool = False,
                 paths: list[Path] | None = None) -> None:
        self.allow = allow  # see `allowed`
        self.memo = memo
        self.found: list[list[Problem]] = []  # per file, in order
        self.texts: list[tuple[Path, str, str, bool]] = []  # texts to scan: (path, shown, text, addresses)
        self.keep: list[tuple[int, str, str | None]] = []  # for each: its file's place in `found`, shown, memo key
        self.folders: set[str] = set()  # folders whose names were scanned, as shown
        if paths is None:  # the whole site
            paths = [root / "site_config.yml"] if (root / "site_config.yml").is_file() else []
            content = root / "content"
            if content.is_dir():
                paths += sorted(p for p in content.rglob("*") if p.is_file())
        for path in paths:
            self._folders(root, path)
            self._begin(root, path)
        self.pool: ProcessPoolExecutor | None = None
        self.parts: list[Future[list[list[list[Any]]]]] = []
        from .parallel import workers

        if background and len(self.texts) >= PARALLEL_FROM and workers() > 1:
            from .parallel import process_pool

            self.pool = process_pool(1)
            self.parts = [self.pool.submit(_scan_texts, self.texts[i:i + PART], self.allow)
                          for i in range(0, len(self.texts), PART)]
            self.texts = []

    def _folders(self, root: Path, path: Path) -> None:
        """Scan the names of the folders between content/ and `path` not scanned yet."""
        parts = path.relative_to(root).as_posix().split("/")
        if parts[0] != "content":
            return
        for k in range(2, len(parts)):
            shown = "/".join(parts[:k])
            if shown in self.folders:
                continue
            self.folders.add(shown)
            self.found.append([Problem(shown, None, "文件夹名", finding.message(), FOLDER_HINT, finding.level)
                               for finding in scan(parts[k - 1], self.allow)])

    def _begin(self, root: Path, path: Path) -> None:
        """Scan `path`'s name and image metadata, and take its text's findings from `memo` or note it as to scan."""
        shown = path.relative_to(root).as_posix()
        found = [Problem(shown, None, "文件名", finding.message(), NAME_HINT, finding.level)
                 for finding in scan(path.name, self.allow)]
        self.found.append(found)
        if refusal(path, root / "content") is not None:
            return  # a FIFO, device or link out of content/ is never opened: reported by limits.special_files
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES or suffix == ".svg":
            try:
                data = read_file(path, limit=MAX_IMAGE_BYTES if suffix == ".svg" else MAX_TEXT_BYTES)
                text = (data.decode("utf-8-sig", "replace") if suffix == ".svg"
                        else data.decode("utf-8-sig")).replace("\r\n", "\n")
            except UnicodeDecodeError:
                return  # reported by the encoding check
            except (OSError, Unreadable):
                return  # unreadable or too large files are reported where they are read
            addresses = shown.startswith("content/cases/")
            key = None
            if self.memo is not None:
                key = self.memo.fingerprint("privacy", shown, text, sorted(self.allow), addresses)
                kept = self.memo.get(key)
                if kept is not None:
                    found += [Problem(shown, *row) for row in kept]
                    return
            self.texts.append((path, shown, text, addresses))
            self.keep.append((len(self.found) - 1, shown, key))
        elif suffix in IMAGE_SUFFIXES:
            for name, text in image_metadata(path):
                for finding in scan(text, self.allow):
                    found.append(Problem(shown, None, f"图片元数据 {name}", finding.message(),
                                         "输出的图片会去掉全部元数据，但原图里仍有这段信息；请用看图软件"
                                         "清除图片属性中的说明文字后再放进 content/。", finding.level))

    def problems(self) -> list[Problem]:
        """Every finding, in file order (waits for the background process)."""
        if self.parts:
            rows = [row for part in self.parts for row in part.result()]
        else:
            rows = _scan_texts(self.texts, self.allow)
        for (n, shown, key), kept in zip(self.keep, rows, strict=True):
            if self.memo is not None and key is not None:
                self.memo.put(key, kept)
            self.found[n] += [Problem(shown, *row) for row in kept]
        self.close()
        return [problem for found in self.found for problem in found]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _rows(problems: list[Problem]) -> list[list[Any]]:
    """A file's findings as kept (and sent between processes): all but the file."""
    return [[p.line, p.field, p.message, p.hint, p.level] for p in problems]


def _scan_texts(texts: list[tuple[Path, str, str, bool]], allow: frozenset[str]) -> list[list[list[Any]]]:
    """The findings of each text, as kept (here, or in the background process)."""
    return [_rows(scan_file(path, shown, text, allow, addresses)) for path, shown, text, addresses in texts]


def allowed(config_allow: Iterable[str]) -> frozenset[str]:
    """The allow-list in the form `scan_path` compares against."""
    return frozenset(compact(a) for a in config_allow)


def scan_path(root: Path, path: Path, allow: frozenset[str], collector: Collector, memo: Memo | None = None) -> None:
    """Scan one file of the site: its name (and its folders'), and its text, SVG text or image metadata."""
    collector.extend(SiteScan(root, allow, memo, paths=[path]).problems())
