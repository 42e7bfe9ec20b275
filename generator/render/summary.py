"""A story's automatic summary: the start of its text, cut where a reader would stop."""

from __future__ import annotations

import re

from .widetext import plain_text

SUMMARY_CHARS = 110
ELLIPSIS = "……"  # the Chinese 省略号 (GB/T 15834): two characters' width; also after a sentence's end (。……)
# Marks that open a quotation, an aside or a title, and the marks that close them: a summary cut inside one closes
# it after the ellipsis (他说：“要把这件事办好……”), as a quotation shortened in print is.
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "《": "》", "〈": "〉", "【": "】"}


_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*")
# a clause ends at Chinese punctuation, or at , ; : unless between two digits (12,345, 8:30) or in :// (https://)
_CLAUSE_END = re.compile(r"[，、；：]|(?<![0-9])[,;:](?!//)|[,;:](?![0-9/])")
# A number, a word or a web address, in half- or full-width characters (１２３４５６件, as pasted from Word)
_WORDY = "0-9A-Za-z.,%/:\\-\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0e\uff05"  # not ，: a clause ends there
_WORD_TAIL = re.compile(f"[{_WORDY}]+$")  # such a thing cut by the limit
# the limit falls inside one: between two of its characters, or between a number and its 万 or 亿 (12.5|万件 would
# read as 12.5 of what is 125,000)
_INSIDE = re.compile(f"[{_WORDY}][{_WORDY}万亿]")


def cut_summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """`text` shortened to at most `limit` characters (and an ellipsis) where a reader would stop: after the last
    whole sentence if that keeps at least half, else at a comma, never inside a number or a word."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= limit // 2:
        return _shortened(head[:ends[-1]])
    # read a little past the limit: whether a comma or colon ends a clause depends on what follows it
    clauses = [m.start() for m in _CLAUSE_END.finditer(text[:limit + 2]) if m.start() < limit]
    if clauses and clauses[-1] >= limit // 2:
        return _shortened(head[:clauses[-1]])
    if _INSIDE.match(text, limit - 1) and (tail := _WORD_TAIL.search(head)) is not None \
            and tail.start() >= limit // 2:
        head = head[:tail.start()]
    return _shortened(head.rstrip())


def _shortened(head: str) -> str:
    """`head` with the ellipsis, and the marks that close the quotations, asides and titles left open in it: a mark
    opened with nothing after it is left out (…甲“, not …甲“……”), and a closing mark closes its own opener and
    any left open inside it (“甲《乙”丙: the 《 is closed with the “)."""
    head = head.rstrip("".join(_PAIRS)) or head
    closing: list[str] = []
    for char in head:
        if char in _PAIRS:
            closing.append(_PAIRS[char])
        elif char in closing:
            del closing[len(closing) - 1 - closing[::-1].index(char):]
    return head + ELLIPSIS + "".join(reversed(closing))


# A footnote's number in the text and the notes after it (the footnotes extension's markup, kept by the sanitiser):
# 307[^a]起 reads 307起, not 3071起.
_FOOTNOTES = re.compile(r'<sup id="fnref[^"]*">.*?</sup>|<div class="footnote">.*\Z', re.DOTALL)
# A table in a sanitised body (html5ever writes tags in lower case; bodies hold no nested tables worth reading).
_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)


def summary_of(written: str, body_html: str) -> str:
    """A story's summary: the one `written` in its header, or the start of its sanitised body: a data story that
    opens with a table is summed up by its words, not by the table's cells run together (unless the table is all
    there is)."""
    if written:
        return written.strip()
    if 'class="footnote' in body_html:
        body_html = _FOOTNOTES.sub("", body_html)
    if "<table" in body_html:
        words = plain_text(_TABLE.sub(" ", body_html))
        if words:
            return cut_summary(words)
    return cut_summary(plain_text(body_html))  # the sanitised body, scanned once: no second parse
