"""Personal names in case texts: a party's name must be written in the 某 form (王某, 刘某甲).

Names are found by jieba's part-of-speech tagging (person names are tagged `nr`, `nrfg`, `nrt`), not by a list of
surnames; what it tags is then let through when it is not a full name of a private person:

- a 某 form or a surname directly before 某 (王某某 is tagged 王 + 某某);
- a single character (a surname alone) and the familiar forms of address reports use for parties they keep
  anonymous: 老王, 小蒋, 张师傅, 罗大婶, 兰女士;
- a name the site publishes itself (`known`: mediators, officials and reporters named in its records);
- a word that is part of a place or an organisation: followed by 村/镇/乡/县… (jieba tags 高荣村 or 胡川 of 胡川乡
  as names), or inside a name given in `known` (region names, 老王调解工作室).

jieba loads its dictionary (~1 s) the first time a text is checked; builds keep findings per text (see dataset).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .normalise import Normalised
from .parties import (
    COMMON_FREQ,
    COMPOUND_SURNAMES,
    FAMILIAR,
    FUNCTION_TAGS,
    MOU,
    SURNAMES,
    WORD_FREQ,
    names_after_parties,
)

PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
# What follows a place or an organisation's name, not a person's: 高荣村, 胡川乡, 张家川县, 高平司法所.
PLACE_AFTER = tuple("省市县区乡镇村屯庄寨湾") + ("街道", "社区", "小组", "司法所", "派出所", "法院", "委员会")
# Longest first: 自治县 before 县.
PLACE_CHARS = "省市州县区镇乡村"
ROAD_CHARS = "路街巷道"
ROAD_PART = re.compile(r"[东南西北中][段侧口边头]|[口边旁]|沿线|两侧|以[东南西北]")  # after a road's name
# The peoples named in autonomous prefectures, counties and banners (天祝藏族自治县, 黔东南苗族侗族自治州).
PEOPLES = ("藏|回|土家|苗|侗|蒙古|彝|壮|布依|哈尼|傣|黎|瑶|白|羌|满|土|撒拉|裕固|东乡|保安|朝鲜|哈萨克|维吾尔|"
           "畲|仡佬|水|纳西|傈僳|景颇|拉祜|佤|达斡尔|鄂温克|鄂伦春|仫佬|毛南|锡伯|塔吉克|柯尔克孜")
AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{PEOPLES})族)+自治([县州旗区])$")
PLACE_LEVELS = ("自治县", "自治州", "自治区", "开发区", "街道", "省", "市", "州", "县", "区", "镇", "乡", "村")
NUMERALS = "一二三四五六七八九十两几俩仨"
OPEN_QUOTES = "“‘「『\"'"
CLOSE_QUOTES = "”’」』\"'"
# What can follow a surname as its given name (建国 is tagged ns, 国庆 t, 海峰 n).
GIVEN_TAGS = frozenset({"nr", "nrfg", "nrt", "n", "ns", "nz", "ng", "t", "a"})
# (COMMON_FREQ) Dictionary words tagged as names this often are mostly ordinary words (阳光 3451, 付清 60, 田埂 38);
# names in the dictionary that are not words are rare there (刘建军 3, 张师傅 3). (WORD_FREQ) A two-character start
# this frequent is a word (阳光 3451, 文明 6584), where a name's surname and first character seldom are (王明 368):
# 业主阳光房 names no one.
# The last character of a word naming a party's role, before a name: 村民, 当事人, 妻子, 司机, 业主. (Not 员 or
# 长: 调解员 and 所长 come before the site's public names, and before verbs such as 道谢 that jieba tags as names.)
ROLE_ENDINGS = tuple("人民者户主机子夫妻")
# Words naming a party that end otherwise, or that jieba tags as a verb (邻居): 房东孙某, 邻居李某.
ROLE_WORDS = frozenset("邻居 房东 房客 租户 申请人 被申请人 原告 被告 家属 雇主 工友 亲属 弟弟 哥哥 姐姐 妹妹"
                       " 女儿 父亲 母亲 爷爷 奶奶 老人 老汉 大爷 大妈 承包人 业主 当事人".split())
# Spaces (any width) and one line break between two Han characters: Chinese text has no spaces between words, so
# a gap there is typesetting (two-character names padded to three: 王　伟) or a name split to slip past the check.
# And a dot, dash, slash or underscore right after a surname that follows a party's role (被申请人张·建国): a name
# split to slip past the check (the normaliser has made every middle dot ·, every dash -). Elsewhere they stay:
# 中国·兰州, 买买提·吐尔逊 (_dotted), 王-李两家, 林-草纠纷. (A party written 张-建国 is refused by the parties' rule.)
_PARTY_WORDS = ("当事人 被申请人 申请人 原告 被告 男方 女方 业主 车主 租户 房东 房客 村民 居民 受害人 债务人 "
                "债权人 雇主 承包人 死者 伤者 患者 家属 亲属 邻居").split()


def _split_after_surname() -> str:
    one = "".join(sorted(s for s in SURNAMES if len(s) == 1))
    before = [f"(?<={w}[{one}])" for w in _PARTY_WORDS]  # not at a text's start: 王-李两家, 甘-青两省 name no one
    return f"(?=[·/_-])(?:{'|'.join(before)})[·/_-](?=[\u4e00-\u9fff])"  # the mark first: most places fail at once


GAP = re.compile(r"(?<=[\u4e00-\u9fff])(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)(?=[\u4e00-\u9fff])|"
                 + _split_after_surname(), re.MULTILINE)


# Words of mediation reports that jieba does not know and tags as names, or cuts so that a name appears (林权 nr,
# 付 + 清 …): added to its dictionary with their part of speech.
DOMAIN_WORDS = (("林权", "n"), ("林权证", "n"), ("师傅", "n"), ("维修费", "n"), ("宅基地", "n"),
                ("调委会", "n"), ("人调委", "n"), ("医调委", "n"), ("访调对接", "n"), ("诉调对接", "n"),
                ("警调对接", "n"), ("枫桥经验", "nz"), ("法律明白人", "n"), ("网格员", "n"), ("土地确权", "n"))
# What follows the name of a national leader, never a private party's: 习近平总书记, 习近平法治思想.
LEADER_AFTER = ("总书记", "法治思想", "新时代中国特色")  # not 主席 or 重要讲话: 工会主席王建国, 村主任…讲话


NAME_HINT = ("当事人写成姓加“某”，例如 王某、刘某甲；如果这是调解员、干部或记者的公开姓名，把它写进本案例的 "
             "public_people（当事人不能写进去），或在 content/mediators/ 里登记这位调解员。")
PARTY_NAME_HINT = ("紧跟在“当事人”“申请人”“原告”这类称谓后面的是当事人，必须写成姓加“某”，例如 当事人王某、"
                   "申请人刘某甲；写进 public_people 也不能公开（public_people 只用于调解员、干部和记者）。")


@dataclass(frozen=True)
class Name:
    start: int  # offset in the text
    name: str


@cache
def _tokenizer() -> Any:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # "Building prefix dict…" goes to stderr otherwise
    tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    tokenizer.tokenizer.check_initialized()  # its dictionary's frequencies are read below
    for word, tag in DOMAIN_WORDS:
        tokenizer.tokenizer.add_word(word, None, tag)  # jieba's public API; its frequency is then what cuts it whole
    return tokenizer


def _covered(text: str, known: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for word in known:
        if len(word) < 2:
            continue
        start = text.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return spans


def person_names(text: str, known: frozenset[str] = frozenset(), parties: bool = True) -> list[Name]:
    """Full personal names in `text` that are not in the 某 form, the site's own public names or part of a place;
    with `parties`, also every name right after a word naming a party (parties.py), whatever `known` says."""
    if not text.strip():
        return []
    joined = _joined(text)
    found = _names(joined.text, known)
    if parties:
        found = _with(found, _after_parties(joined.text))
    return [Name(joined.start(n.start), n.name) for n in found]


def _after_parties(text: str) -> list[Name]:
    """The names right after a word naming a party (parties.py), jieba asked only about them."""
    return [Name(start, name) for start, name in names_after_parties(
        text, lambda w: [(piece, flag) for piece, flag in _tokenizer().cut(w)], lambda w: _freq(_tokenizer(), w))]


def _with(found: list[Name], named: list[Name]) -> list[Name]:
    """`found` with `named` in place of the names that overlap them (才让卓玛, not jieba's 让卓玛)."""
    spans = [(n.start, n.start + len(n.name)) for n in named]
    return sorted(named + [n for n in found if not any(a < n.start + len(n.name) and n.start < b for a, b in spans)],
                  key=lambda n: n.start)


# Words naming a party in a retold case (a story, a mediator's profile, an honor's or a metric's note), before a
# surname: 村民王建国, 原告：刘志强. Only there is jieba asked (it loads ~1 s): most stories never name a party.
_PARTY_ROLE = re.compile(
    r"(当事人|被申请人|申请人|原告人?|被告人?|男方|女方|业主|车主|租户|房东|房客|村民|居民|受害人|债务人|债权人|雇主|"
    r"承包人|死者|伤者|患者|家属|亲属)(?:[：:\s“「（(]|是|为)*"
    rf"(?=(?:{'|'.join(sorted(COMPOUND_SURNAMES))}|[{''.join(sorted(s for s in SURNAMES if len(s) == 1))}])"
    r"[\u4e00-\u9fff])")


# Characters Chinese uses in given names and almost nowhere else: a surname and one of them that jieba's dictionary
# knows as a word (李娜 438, 丁玲) is still a name after a party's role.
GIVEN_ONLY = frozenset("娜婷娟莉萍艳玲琳颖倩")


def party_names(text: str) -> list[Name]:
    """Full names written right after a word naming a party (村民王建国说 -> 王建国), in a text that may also name
    public people freely (a story): only these few characters are tagged, not the whole text."""
    out: list[Name] = []
    tokenizer = None
    for m in _PARTY_ROLE.finditer(text):
        role = m[1]
        for n in person_names(role + text[m.end():m.end() + 5], parties=False):
            tokenizer = tokenizer or _tokenizer()
            if (n.start == len(role) and (_freq(tokenizer, n.name) < COMMON_FREQ  # 当事人明白, 居民文明: words
                                          or (len(n.name) == 2 and n.name[1] in GIVEN_ONLY))  # 村民李娜: a name
                    and not (len(n.name) == 3 and _freq(tokenizer, n.name[:2]) >= WORD_FREQ)):  # 业主阳光房
                out.append(Name(m.end(), n.name))
    return _with(out, _after_parties(text))  # 当事人王建设与…: the whole text read (jieba only asked about names)


def _joined(text: str) -> Normalised:
    """`text` without the gaps between Han characters (GAP), with the way back to positions in `text`."""
    events: list[tuple[int, int, int, int]] = []  # as Normalised keeps them: each gap taken out
    parts: list[str] = []
    last = size = 0
    for gap in GAP.finditer(text):
        parts.append(text[last:gap.start()])
        size += gap.start() - last
        events.append((size, 0, gap.start(), gap.end() - gap.start()))
        last = gap.end()
    parts.append(text[last:])
    return Normalised("".join(parts), events, [])


def _names(text: str, known: frozenset[str]) -> list[Name]:
    tokenizer = _tokenizer()
    covered = _covered(text, known)
    tokens: list[tuple[int, str, str]] = []
    pos = 0
    for word, flag in tokenizer.cut(text):
        tokens.append((pos, word, flag))
        pos += len(word)
    found: list[Name] = []
    i = 0
    while i < len(tokens):
        start, word, flag = tokens[i]
        i += 1
        after_role = _role_before(tokens, i - 1)
        if (after_role and i < len(tokens) and word in SURNAMES and len(word) == 1 and flag not in FUNCTION_TAGS
                and _given(*tokens[i][1:]) and tokens[i][1] not in ROLE_WORDS):  # 和 (c), 于 (p): no surname
            word += tokens[i][1]  # 租户 + 孙 + 浩然: a surname, whatever jieba took it for, after a party's role
            i += 1
            flag = "nr"
        elif (after_role and len(word) == 3 and word[:2] in COMPOUND_SURNAMES and i < len(tokens)
              and len(tokens[i][1]) == 1 and tokens[i][2] not in FUNCTION_TAGS - {"m"} and tokens[i][2] != "v"
              and "\u4e00" <= tokens[i][1] <= "\u9fff" and tokens[i][1] != MOU):
            word += tokens[i][1]  # 房东 + 欧阳明 + 月: a compound surname and a two-character given name
            i += 1
            flag = "nr"
        if flag == "nr" and len(word) == 1 and i < len(tokens) and _given(*tokens[i][1:]):
            word += tokens[i][1]  # a surname alone and the given name after it: 马 + 秀英, 吴 + 建国
            i += 1
        elif flag not in PERSON_TAGS:
            continue
        elif len(word) == 2 and _surname_before(tokens, i - 1) and _freq(tokenizer, word) < COMMON_FREQ:
            start, word = start - 1, tokens[i - 2][1] + word  # 张 (tagged q) + 志远
        end = start + len(word)
        if not _full_name(word) or _not_a_person(text, start, end, word, _freq(tokenizer, word)):
            continue
        if _common(word, _freq(tokenizer, word)) and not _role_before(tokens, i - 1, strict=flag == "nr"):
            continue  # a dictionary word tagged as a name (原谅, 明白): only after a role word by its ending
        if any(s <= start and end <= e for s, e in covered) or any(word in k for k in known):
            continue
        if start and text[start - 1] in OPEN_QUOTES and text[end:end + 1] and text[end] in CLOSE_QUOTES:
            continue  # a quoted term: “红黑榜”
        if word[0] in PLACE_CHARS and text[start - 1:start].strip():
            continue  # 镇塔 of 炭山岭镇塔窝村: jieba cut across the end of a place name
        if word[0] in ROAD_CHARS and ROAD_PART.match(text, start + 1):
            continue  # 路东段 of 人民路东段: the end of a road's name and which part of it (路建国 stays a name)
        if len(word) == 3 and _ordinary_start(tokenizer, word):
            continue  # 宣传周: its first two characters are an ordinary word
        found.append(Name(start, word))
    return _dotted(text, covered, found) if "·" in text else found


# Characters Chinese uses to write Uyghur, Kazakh and other names (买买提·吐尔逊, 阿依古丽, 热合曼·阿不都拉): a name
# of two parts joined by a middle dot, each part at least two of them, is a name in full. Place pairs (中国·兰州,
# 丽江·玉龙) use ordinary characters on at least one side.
_SOUNDS = ("阿艾爱安巴拜班贝比别波布不才查达代丹德迪丁都杜多额尔法佩皮普古哈海汗罕合赫胡花吉加江杰金居卡凯坎克库"
           "拉来兰勒雷力丽利莉林鲁玛买麦曼米敏木穆娜纳乃尼努帕热日如萨赛桑沙山尚什斯苏素塔太坦特提图吐托瓦维乌吾西"
           "希夏孜扎哲祖则亚娅耶伊衣依伯尤于玉逊")
_DOTTED = re.compile(f"[{_SOUNDS}]{{2,5}}·[{_SOUNDS}]{{2,6}}")


def _dotted(text: str, covered: list[tuple[int, int]], found: list[Name]) -> list[Name]:
    """`found` with the dotted names of `text` (see _SOUNDS) in place of the parts of them jieba tagged."""
    for m in _DOTTED.finditer(text):
        start, end = m.span()
        if any(s <= start and end <= e for s, e in covered):
            continue
        found = [n for n in found if not start <= n.start < end] + [Name(start, m[0])]
    return sorted(found, key=lambda n: n.start)


def _freq(tokenizer: Any, word: str) -> int:
    """How often jieba's dictionary has seen `word` (0 for a word it does not know)."""
    return int(tokenizer.tokenizer.FREQ.get(word) or 0)


def _given(word: str, flag: str) -> bool:
    """A token that can be the given name after a surname: one or two Han characters of a naming kind."""
    return (1 <= len(word) <= 2 and flag in GIVEN_TAGS and MOU not in word
            and all("\u4e00" <= ch <= "\u9fff" for ch in word))


def _not_a_person(text: str, start: int, end: int, word: str, freq: int) -> bool:
    after = text[end:end + 3]
    return (MOU in word or after.startswith(MOU) or after.startswith(PLACE_AFTER) or word.endswith(PLACE_AFTER)
            or text.startswith(LEADER_AFTER, end)
            or (len(word) == 2 and word[1] in "家氏")  # 李家: the Li family, 王氏: a clan
            or (len(word) >= 3 and freq >= COMMON_FREQ))  # 许可证 is tagged nr in jieba's dictionary


def _surname_before(tokens: list[tuple[int, str, str]], i: int) -> bool:
    """The token before tokens[i] is one character that is not a function word: a surname jieba tagged otherwise."""
    if i == 0:
        return False
    _start, word, flag = tokens[i - 1]
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff" and flag not in FUNCTION_TAGS and word != MOU


def _ordinary_start(tokenizer: Any, word: str) -> bool:
    """The first two characters of `word` are a frequent dictionary word that is not a name (宣传 of 宣传周); a
    surname and the first character of a given name seldom are (朱红 is tagged nr)."""
    head = word[:2]
    return _freq(tokenizer, head) >= COMMON_FREQ and not tokenizer.word_tag_tab.get(head, "").startswith("nr")


def _common(word: str, freq: int) -> bool:
    """A two-character word jieba's dictionary has and tags as a name: mostly an ordinary word (阳光 3451, 付清 60,
    加粗 3) or a given name alone (秀英, 红梅), so it counts only after a word naming a party's role (村民李娜).
    Names jieba finds by itself (张伟, 周彬) are not in its dictionary."""
    return len(word) == 2 and freq > 0


def _role_before(tokens: list[tuple[int, str, str]], i: int, strict: bool = False) -> bool:
    """The token before tokens[i] names a person's role: 村民, 当事人, 妻子, 司机 … (`strict`: by its ending only,
    not the ROLE_WORDS list: 家属 before 原谅 or 母亲 before 康复 are no role and name)."""
    if i == 0:
        return False
    _start, word, flag = tokens[i - 1]
    return (word in ROLE_WORDS and not strict) or (flag.startswith("n") and word.endswith(ROLE_ENDINGS))


def _full_name(word: str) -> bool:
    """Two or three Han characters that are not a familiar form of address nor a count of people (二人 is
    tagged as a name). Four-character words jieba tags as names are mostly idioms (历史沿革)."""
    longest = 4 if word[:2] in COMPOUND_SURNAMES else 3  # 欧阳明月
    return (2 <= len(word) <= longest and all("\u4e00" <= ch <= "\u9fff" for ch in word)
            and not FAMILIAR.match(word) and word[0] not in NUMERALS)


def short_place_names(names: Iterable[str]) -> set[str]:
    """Region names as texts also write them: without their level (修武县 -> 修武, 华池县 -> 华池) and, for an
    autonomous region, without the peoples too (天祝藏族自治县 -> 天祝、天祝县; 恩施土家族苗族自治州 -> 恩施)."""
    out = set()
    for name in names:
        autonomous = AUTONOMOUS.match(name)
        if autonomous:
            out |= {autonomous[1], autonomous[1] + autonomous[2]}
            continue
        for suffix in PLACE_LEVELS:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.add(name[: -len(suffix)])
                break
    return out


# A source that speaks of a party (据当事人崔建军、李秀英口述整理, 据受害人王建军反映): its names are public only
# where a byline's role stands before them (记者 马忠); in any other source, every name is a byline's (周口日报，张涛).
_PARTY_SOURCE = re.compile(r"当事人|申请人|受害人|村民|居民|群众|口述|反映|讲述|自述|原告|被告|家属|亲属|提供|"
                           r"来信|来电|协议书|调解书|材料|申请书|证明")
# (one flat class after the role: names and separators, no nested repetition to backtrack through)
_BYLINE_BEFORE = re.compile(r"(?:记者|通讯员|摄影|编辑|责编|作者|撰稿|撰文|实习生|审核|校对|主编|监制|供稿)"
                            r"[\s：:、，,/\u4e00-\u9fff·]*$")


def _after_byline(before: str) -> bool:
    """Whether a name with `before` ahead of it is listed after a byline's role, with no party's word between
    (记者 马忠、张涛 — not 记者 马忠，当事人王建军)."""
    found = _BYLINE_BEFORE.search(before)
    return found is not None and _PARTY_SOURCE.search(found[0]) is None


def names_in(texts: Iterable[str]) -> set[str]:
    """The names in `texts` (sources and bylines: 宁夏日报，记者 马忠; 周口日报，张涛), for the site's own public
    names; in a source that speaks of a party (see _PARTY_SOURCE), only the names after a byline's role."""
    out: set[str] = set()
    for text in texts:
        party = _PARTY_SOURCE.search(text) is not None
        out.update(n.name for n in person_names(text) if not party or _after_byline(text[max(0, n.start - 40):n.start]))
    return out
