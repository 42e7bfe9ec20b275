"""Normalisation: a text as every detector reads it, and the way back to positions in the original.

Every text is normalised once, by `normalise`, before any detector looks at it: compatibility forms (full-width,
circled, mathematical, other scripts' digits) become ASCII, format and zero-width characters are dropped, every
kind of space is a space and every dash a hyphen, HTML entities are decoded, Markdown inline markup (`**`, `_`,
backticks, `~~`, link and image brackets) is dropped, percent-escapes of letters and digits in a web address are
decoded (%31 is 1: a browser shows and follows them as the same address), and link targets, HTML tags and comments
are taken out and scanned on their own, so that what a reader sees joined is scanned joined. Line breaks stay: a
digit sequence may run across them (the description and the search index join lines), and a finding is reported
on the line where it starts.
"""

from __future__ import annotations

import bisect
import html.entities
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote

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


# Greek and Cyrillic letters that look like Latin ones (an ID's Χ, a plate's Н), read as the Latin letter.
_LOOK_ALIKES = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοχνρτАВЕКМНОРСТУХаеорсухіІјЈѕЅԁԛԝ",
                        "ABEZHIKMNOPTYXaoxvptABEKMHOPCTYXaeopcyxiIjJsSdqw", strict=True))
# Traditional forms of the characters the detectors read (plate provinces, address words). Numerals are read
# by the digit patterns themselves: 陆 is also a place name's character (安陆).
_TRADITIONAL = "滬遼魯蘇贛晉陝閩貴粵寧瓊雲號樓棟單門層區園"
_SIMPLIFIED = "沪辽鲁苏赣晋陕闽贵粤宁琼云号楼栋单门层区园"


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
    for c in range(0x3021, 0x302A):  # Suzhou numerals 〡–〩 (〇 is a Chinese digit already)
        one[c] = str(c - 0x3020)
    # dashes, and the long marks typed for one: ー ｰ (katakana), ─ ━ (box drawing)
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\u301c\u30a0\ufe58\ufe63\uff0d\u2043\u2796" \
              "\u30fc\uff70\u2500\u2501":
        one[ord(ch)] = "-"
    for ch in "\u00b7\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65\u318d\u2024":
        one[ord(ch)] = _DOT
    one.pop(ord(_DOT), None)
    for ch, latin in _LOOK_ALIKES.items():
        one[ord(ch)] = latin
    for ch in "○◯⭕":  # a circle written for zero
        one[ord(ch)] = "〇"
    for ch, simple in zip(_TRADITIONAL, _SIMPLIFIED, strict=True):
        one[ord(ch)] = simple
    drop.update(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)]))
    drop.discard("\x85")
    drop.update(map(chr, [0xAD, 0x34F, 0x180E, 0x61C, 0x180B, 0x180C, 0x180D, 0x180F, 0x17B4, 0x17B5, 0xFEFF, 0x2064]))
    drop.update(map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070),
                          *range(0xFE00, 0xFE10), *range(0xFFF9, 0xFFFC), *range(0x0300, 0x0370),
                          *range(0x1AB0, 0x1B00), *range(0x1DC0, 0x1E00), *range(0x20D0, 0x2100),
                          *range(0xFE20, 0xFE30), *range(0x1D173, 0x1D17B), *range(0xE0000, 0xE0080),
                          *range(0xE0100, 0xE01F0), *range(0x1BCA0, 0x1BCA4), 0x110BD, 0x110CD]))
    drop.add("＊")
    # Every other combining mark of the basic plane (Arabic, Hebrew, Indic…): it sits on the digit before it.
    drop.update(ch for ch in map(chr, range(0x300, 0x10000))
                if unicodedata.category(ch) in ("Mn", "Me") and not 0x3099 <= ord(ch) <= 0x309A)
    for ch in drop:
        one.pop(ord(ch), None)
        expand.pop(ch, None)
    for ch in expand:
        one.pop(ord(ch), None)
    return one, expand, drop


_ONE, _EXPAND, _DROP = _tables()
# Every character beyond the BMP is a candidate: a class with ranges there is matched range by range, ~20
# times slower on every character of a text.
_EVENT = re.compile("[" + _ranges(c for c in [*_ONE, *map(ord, _EXPAND), *map(ord, _DROP), *map(ord, _MARKUP + "%")]
                                  if c < 0x10000) + "\U00010000-\U0010ffff]")
_ONE_RUN = re.compile("[" + _ranges(_ONE) + "]+")
_DROP_RUN = re.compile("[" + _ranges(map(ord, _DROP)) + "]+")
_NAMED = html.entities.html5
_ENTITY = re.compile(r"&(?:#([0-9]{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([A-Za-z][A-Za-z0-9]{1,31};))")
# A link's target: ](url) or ](<url> "title"), with one level of parentheses inside the url.
_LINK_TARGET = re.compile(r"\]\([ \t]*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
                          r"(?:[ \t\n]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)")
_LINK_LABEL = re.compile(r"\]\[[^\[\]\n]{0,200}\]")
# A reference link's definition, a line of its own: [1]: url "title" (the url becomes a link's target like an
# inline one). "[注]: 电话…" inside a paragraph, or followed by more than a title, is text (as Markdown reads it).
_LINK_DEFINITION = re.compile(r"\]:[ \t]*(?:<[^<>\n]*>|\S+)"
                              r"(?=[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\))?[ \t]*(?:\n|$))")
_DEFINITION_LABEL = re.compile(r"[ ]{0,3}\[[^\[\]\n]{1,999}")
_TAG = re.compile(r"<[A-Za-z/?!][^<>]{0,4000}>")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,64}\](?!:)")  # a footnote's mark in the text, not its definition
_SPELLED = re.compile(r"\[[ ]*(?:at|AT|dot|DOT)[ ]*\]")
# (\0 before a digit is read as written, a backslash and a zero: 159\0731\4826 is a number split by backslashes;
# YAML's NUL there is refused as a control character anyway)
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|([tnrNLP_ /abvfe]|0(?![0-9])))")
# YAML's other escapes in a double-quoted string: tab, line breaks (\N, \L, \P: next line, line and paragraph
# separators), a no-break space (\_), a space and a slash as themselves, control characters (dropped).
_ESCAPED = {"t": " ", "n": "\n", "r": "\n", "N": "\n", "L": "\n", "P": "\n", "_": " ", " ": " ", "/": "/",
            "0": "", "a": "", "b": "", "v": "", "f": "", "e": ""}
# A right-to-left override lasts to its pop or the end of the paragraph (a line break inside one does not end it).
_OVERRIDE_END = re.compile("[\u202c\u2069]|&#(?:[xX]202[cC]|8236);?|\n[ \t]*\n")
_OVERRIDE = frozenset("\u202e")
_BDO_RTL = re.compile(r"<bdo\b[^<>]*\bdir[ \t]*=[ \t]*[\"']?rtl\b", re.IGNORECASE)
_BDO_END = re.compile(r"</bdo[ \t]*>", re.IGNORECASE)
_RUNS = {ch: re.compile(re.escape(ch) + "+") for ch in "*`_~"}
# Percent-escapes of the characters RFC 3986 calls unreserved (letters, digits, - . _ ~): decoding them never changes
# what an address means, so https://x.cn/%31%33%38… is read as the digits it stands for. Only inside a web address
# (a link's target is decoded whole): in running text, 增长15%30个 is a percentage and a count.
_UNRESERVED_ESCAPES = re.compile(r"(?:%(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|2[DdEe]|5[Ff]|7[Ee]))+")
# Whether a web address runs up to a point of the text (it ends at a space, quote, <, >, 汉字): read the same way
# here and by patterns.py.
URL_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:/?/|www\.)[!#-&(-;=?-~]*$")
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
        backwards = False  # a right-to-left override starts here: what follows is shown backwards
        if ch in _MARKUP:
            if ch == "*" or ch == "`":
                end = _RUNS[ch].match(text, i).end()  # type: ignore[union-attr]
                # stars that end a number (41010219900307****) mask it: kept for the detectors, not markup
                masking = ch == "*" and i > 0 and text[i - 1].isdigit() and (
                    end - i >= 3 or text[max(0, i - 14):i].isdigit()) and not (end < len(text) and text[end].isalnum())
                new = text[i:end] if masking else ""
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
                elif (t := _FOOTNOTE_REF.match(text, i)) is not None:
                    end, new = t.end(), ""  # 159[^a]07314826: the page shows a small mark, the search text none
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
                elif nested and (t := _LINK_DEFINITION.match(text, i)) is not None \
                        and _DEFINITION_LABEL.fullmatch(text, text.rfind("\n", 0, i) + 1, i):
                    end = t.end()
                    target = text[i + 2:end].strip(" \t<>")
                    sides.append((i, end, normalise(unquote(target) if "%" in target else target, depth + 1)))
            elif ch == "\\":
                if (e := _ESCAPE.match(text, i)) is not None:  # \u0031, \x31: YAML and JSON read them as characters
                    end = e.end()
                    if e[4] is not None:  # \t, \n, \_ …: a tab, a line break, a space in a YAML string
                        new = _ESCAPED[e[4]]
                    else:
                        code = int(e[1] or e[2] or e[3], 16)
                        new = chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
                        backwards = new in _OVERRIDE
                        new = _fold(new)
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
                    if i >= reversed_to and _BDO_RTL.match(text, i):  # <bdo dir="rtl">: shown backwards
                        stop = _BDO_END.search(text, end)
                        reversed_to = stop.start() if stop is not None else len(text)
                        sides.append((i, reversed_to, normalise(text[end:reversed_to][::-1], depth + 1)))
            else:  # &
                if (e := _ENTITY.match(text, i)) is not None:
                    end = e.end()
                    if e[3] is not None:
                        new = _NAMED.get(e[3], e[0])
                    else:
                        code = int(e[1]) if e[1] is not None else int(e[2], 16)
                        new = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
                    backwards = new in _OVERRIDE
                    new = _fold(new)
        elif ch == "%":
            if (u := _UNRESERVED_ESCAPES.match(text, i)) is not None and URL_BEFORE.search(text, max(0, i - 300), i):
                end, new = u.end(), unquote(u[0])
        elif ch in _EXPAND:
            new = _EXPAND[ch]
        elif ch in _DROP:
            end = _DROP_RUN.match(text, i).end()  # type: ignore[union-attr]
            new = ""
            backwards = "\u202e" in text[i:end]
        elif ord(ch) in _ONE:
            end = _ONE_RUN.match(text, i).end()  # type: ignore[union-attr]
            new = text[i:end].translate(_ONE)
        if backwards and nested and i >= reversed_to:  # shown backwards, so read so too
            stop = _OVERRIDE_END.search(text, end)
            reversed_to = stop.start() if stop is not None else len(text)
            sides.append((i, reversed_to, normalise(text[end:reversed_to][::-1], depth + 1)))
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
