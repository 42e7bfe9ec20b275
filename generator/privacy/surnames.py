"""A party's full name found by the surname its case writes it with: a case whose `parties` list 何某 names a 何 who
is a party, so 何 and a given name in that case's texts (居民何建国说) is likely that party's name.

jieba reads many surnames as other words: 何 as a pronoun (何时), 万 as a numeral (万元), 向 as a preposition
(向前), 常 as an adverb (常年), and so tags 何建国, 万建华, 向红梅, 常玉兰 as no name (names.py lets such a surname
through only after a party's role, and not at all when it is a function word). Here, for the surnames a case's
parties have, each place the surname stands is read by jieba's dictionary alone (no guessing of new words, which
makes 向前走 or 何时能 a name):

- the surname must be a word by itself there: not the end of a word (如何, 任何, 一万, 方向, 经常) nor the start of
  one (何时, 何况, 万元, 万一, 向前, 向着, 常年, 常态, 王家, 张家口), nor after 老/小/阿 (老何: a form of address);
- what follows is a given name: two characters that names are commonly made of (建国, 建华, 红梅, 玉兰: see
  GIVEN_CHARS) and not a frequent ordinary word (国家, 文明), not a relation (邻居, 家人) or 某; or, right after a
  word naming a person's role (居民, 村民, 老人, 妻子 …), one or two characters that are no function word (何斌);
- after the name comes what ends a name: punctuation, a figure, a verb, a conjunction, a preposition or a particle
  (何建国说, 向红梅道歉, 万建华与妻子, 付给何建国3000元) — not a noun or a numeral that makes the two characters part
  of a phrase (向平安建设, 向建国七十周年).

A name so found is an error like any name in a case text (see dataset.NameCheck), with its own hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .finding import mask_name
from .names import Name, _freq, _joined, _tokenizer
from .parties import _STRONG, _WEAK, COMPOUND_SURNAMES, FAMILIAR, FUNCTION_TAGS, MOU

# Characters given names are commonly made of (the usual men's and women's name characters), without the most
# common characters of ordinary words (中, 大, 一, 有, 家, 生, 学…), which are rarely both characters of a name.
GIVEN_CHARS = frozenset(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉兰红梅建国文金志海云春珍林凤荣光永庆德兵福贵清燕琴芬萍"
    "丹辉斌峰鹏飞波宇浩俊宏亮龙晓晨阳雪冬月洁慧婷颖佳欣怡琳莉倩瑞鑫振忠义仁礼智信兴旺财富喜宝顺胜利秋菊荷莲香"
    "花翠彩娥娇琼芝芹蓉彬武卫松柏竹鸿鹤鹰虎豹麟雄威毅坚铁钢银珠琪瑶璐琦璇萱菲薇蕾蓓茜莎妮姗婉婕媛嫣娅妍娴博翔"
    "航辰昌盛隆达禄寿祥吉安康健泰孝远森铭锋淑贤惠聪美晶莹露霜星菁馨蕊芸茹萌梦思雨雯婧爽悦乐笑勤青")
# A dictionary word this frequent is an ordinary word even when its characters are a name's (国家 79,520, 文明
# 6,584, 健康 5,971); names that are words are less frequent (建国 3,083, 建华 342, 玉兰 229, 红梅 189).
GIVEN_FREQ = 3200
# Words naming a person's role, after which one or two characters that are no function word are a given name.
ROLES = ("居民|村民|群众|老人|老汉|老太|大爷|大妈|租户|业主|房东|房客|邻居|丈夫|妻子|儿子|女儿|儿媳|女婿|父亲|母亲|"
         "老伴|哥哥|弟弟|姐姐|妹妹|侄子|孙子|雇主|工友|司机|车主|户主|男子|女子|当事人|申请人|原告|被告|男方|女方")
_ROLE_BEFORE = re.compile(rf"(?:{ROLES})[：:\s“「]?$")
# What a given name is not: a relation or a role (向邻居, 向家人), the words for both sides.
_NOT_GIVEN = frozenset("邻居 家人 家属 亲属 对方 双方 他人 别人 大家 群众 老人 孩子 子女 村民 居民 干部 领导 记者"
                       .split())
# What may follow a name: a word tagged as a verb, a conjunction, a preposition, an adverb, a particle or a pronoun
# (not vn: 向平安建设), or what ends a name after a party's word (parties.py: 与、说、表示、家…).
_AFTER_TAGS = frozenset({"v", "vd", "vg", "c", "p", "d", "uj", "ul", "uz", "ug", "uv", "ud", "y", "r", "x", "zg"})
_END = re.compile(rf"(?:{_STRONG}|{_WEAK})")
_FORMS_AFTER = re.compile(r"女士|先生|师傅|大[婶爷爺妈媽娘叔姐哥]|老[汉太人]|阿姨|婆婆|奶奶|爷爷|某")
# After a place's or an office's name, not a person's: 何家湾村, 和平安办 (和 and the 平安办).
_PLACE_AFTER = re.compile(r"(?:[省市县区乡镇村屯庄寨湾办委局所站队室院处科组]|村委会?|居委会?|街道|社区|小组)$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = "。！？；\n"
# The fields of a case the parties' surnames are looked for in: not its source (a reporter may share a party's
# surname), its organisation (老何调解室) or its parties.
SURNAME_FIELDS = frozenset({"title", "summary", "body", "place", "date_note", "amounts"})
# A party written with a surname: 何某, 何某某, 何某甲, 欧阳某, 王某等9人, 何女士, 何先生 (cases.PARTY_RE).
_PARTY = re.compile(rf"^({'|'.join(sorted(COMPOUND_SURNAMES))}|[\u4e00-\u9fff])(?=某|女士|先生)")


def party_surnames(parties: Iterable[str]) -> tuple[str, ...]:
    """The surnames a case's parties are written with (何某 -> 何, 欧阳某某 -> 欧阳, 何女士 -> 何), sorted; none
    for an organisation (某物业公司)."""
    return tuple(sorted({m[1] for p in parties if (m := _PARTY.match(p)) and m[1] != MOU}))


def surname_hint(name: str, parties: Iterable[str]) -> str:
    """The hint for `name`, found by the surname of one of `parties`: which party, and what to write."""
    same = [p for p in parties if (m := _PARTY.match(p)) and name.startswith(m[1])]
    party = "、".join(same) or f"{name[:1]}某"
    return (f"“{mask_name(name)}”与本案例的当事人 {party} 同姓，像是当事人的全名：当事人只写姓加“某”，例如 "
            f"{same[0] if same else party}；如果这是调解员、干部或记者的公开姓名，把它写进本案例的 public_people；"
            "如果这里写的不是人名，请换个说法。")


def surnamed_names(text: str, surnames: Iterable[str], known: frozenset[str] = frozenset()) -> list[Name]:
    """Full names in `text` that begin with one of `surnames` (a case's parties'), read as described above;
    not the site's public names (`known`) nor a name inside one of them."""
    wanted = [s for s in surnames if s in text]
    if not wanted or not text.strip():
        return []
    joined = _joined(text)
    plain = joined.text
    starts = sorted({m.start() for s in wanted for m in re.finditer(re.escape(s), plain)
                     if _HAN.match(plain, m.end()) and not plain.startswith(MOU, m.end())})
    if not starts:
        return []  # only 何某: jieba is not asked
    tokenizer = _tokenizer()
    covered = [(s, s + len(k)) for k in known if len(k) >= 2 for s in _all(plain, k)]
    found = []
    done = -1
    for at in starts:
        if at < done:
            continue  # in a sentence already read
        # the sentence around it, cut by jieba's dictionary alone (a text's other sentences do not change the cut)
        head = max((plain.rfind(mark, 0, at) for mark in _SENTENCE_END), default=-1) + 1
        done = min((i for mark in _SENTENCE_END if (i := plain.find(mark, at)) >= 0), default=len(plain))
        tokens: list[tuple[int, str, str]] = []
        pos = head
        for word, flag in tokenizer.cut(plain[head:done], HMM=False):
            tokens.append((pos, word, flag))
            pos += len(word)
        for i, (start, word, _flag) in enumerate(tokens):
            if word not in wanted:
                continue  # 如何, 何时, 万元: the surname is part of a word
            given = _given_after(plain, tokens, i, tokenizer)
            if given is None:
                continue
            end = start + len(word) + len(given)
            if any(s <= start and end <= e for s, e in covered):
                continue  # a public name, or inside one (a region, 老何调解室)
            found.append(Name(joined.start(start), word + given))
    return found


def _all(text: str, word: str) -> list[int]:
    out, start = [], text.find(word)
    while start >= 0:
        out.append(start)
        start = text.find(word, start + 1)
    return out


def _given_after(text: str, tokens: list[tuple[int, str, str]], i: int, tokenizer: Any) -> str | None:
    """The given name after the surname tokens[i], or None when what follows it is no given name (see above)."""
    start, surname, _ = tokens[i]
    end = start + len(surname)
    if start and text[start - 1] in "老小阿":
        return None  # 老何, 小万: a form of address
    if _FORMS_AFTER.match(text, end) or FAMILIAR.match(text[start:end + 2]):
        return None  # 何某, 何女士, 何师傅
    role = _ROLE_BEFORE.search(text, max(0, start - 6), start) is not None
    rest = tokens[i + 1:i + 4]
    if not rest:
        return None
    first = rest[0]
    # two characters: one word (建国, 红梅), or two single characters jieba has no word for (梓 + 涵)
    if len(first[1]) == 2 and _HAN.match(first[1][1]):
        given, after = first[1], rest[1:]
        if not _name_like(given, first[2], tokenizer):
            return None
    elif (len(first[1]) == 1 and len(rest) >= 2 and len(rest[1][1]) == 1 and _plain(first) and _plain(rest[1])
          and not _END.match(text, end + 1)
          and (role or (first[1] in GIVEN_CHARS and rest[1][1] in GIVEN_CHARS))):
        # two characters jieba has no word for: after a role word (居民何 + 梓 + 涵, not 何 + 斌 + 说), or both
        # commonly in names (万 + 玉 + 珍)
        given, after = first[1] + rest[1][1], rest[2:]
    elif len(first[1]) == 1 and role and _plain(first) and first[1] in GIVEN_CHARS:
        given, after = first[1], rest[1:]  # 居民何斌说: a one-character given name, only after a role
    else:
        return None
    if given in _NOT_GIVEN or MOU in given or (after and _PLACE_AFTER.match(after[0][1])):
        return None
    if after and not (after[0][2] in _AFTER_TAGS or _END.match(text, after[0][0]) or not _HAN.match(after[0][1])):
        return None  # 向平安建设, 向建国七十周年: the two characters begin a phrase
    return given


def _plain(token: tuple[int, str, str]) -> bool:
    """One Han character that is no function word, verb, 某 or a form of address."""
    return (bool(_HAN.match(token[1])) and token[2] not in FUNCTION_TAGS and not token[2].startswith("v")
            and token[1] not in "某老小阿")


def _name_like(given: str, flag: str, tokenizer: Any) -> bool:
    """Whether a two-character word after a surname reads as a given name (see GIVEN_CHARS, GIVEN_FREQ)."""
    if flag in FUNCTION_TAGS or flag.startswith("v"):
        return False  # 向他们, 常来往
    freq = _freq(tokenizer, given)
    return all(ch in GIVEN_CHARS for ch in given) and freq < GIVEN_FREQ
