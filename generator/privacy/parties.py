"""Parties' names by where they stand: a full name right after a word naming a party (当事人王建设与邻居崔某…).

jieba tags names by its dictionary, so a name that is also a word (王 + 建设, 黄河, 周到) or that it does not
know (扎西多吉, 阿依古丽, 才让卓玛) passes its tagging. Right after 当事人、申请人、原告… the next two to four
characters, up to a clear boundary, are read here instead: a surname and a given name, or a Tibetan or Uyghur name
made of the usual parts. A name there is a party's, whatever else the site publishes (a case's public_people are
its mediators, officials and reporters): `after_party` tells the name check so.

The surnames, the familiar forms of address and the tags of function words live here, for names.py to read too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

COMPOUND_SURNAMES = frozenset("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 令狐 慕容 长孙 宇文 司徒 夏侯".split())
# The common surnames (the first ~230 of the 百家姓 by frequency and the usual compound ones). authoring/shapes.py:
# a bracket of names with no role (（韩夕玉）) at the end of a story is a byline only when every name starts with one.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔"
    "谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪辛"
    "柯庄樊牛葛邢安齐伍鲍路欧阳柴兰申关聂耿焦左时温车符季凌管庞尚裴甘霍祝祖纪谷卜滕宁包房单俞鲁靳游晏蓝饶麦池吉骆"
    "岳乐涂卓盛梅殷宫苗邬翟景明荣艾倪冉阮仇詹米饶祁隋容毕鄢郎邝屈查郁琚桂原闵郦全巩占虞邰马穆党宗宋冷都阎丰阙和"
    "仲揭候卞项褚柏佘麻扈苟"
) | COMPOUND_SURNAMES
# A surname with a familiar form of address: how reports name parties without naming them.
FAMILIAR = re.compile(
    r"^(?:[老小阿]..?|.(?:师傅|大婶|大爷|大妈|大娘|大叔|大姐|大哥|女士|先生|老汉|老太|老人|阿姨|婆婆|奶奶|爷爷|嫂|婶|叔|伯|姐|哥))$")
MOU = "某"
# Tags of words that are never a surname: particles, prepositions, conjunctions, pronouns, adverbs, numerals.
FUNCTION_TAGS = frozenset({"uj", "ul", "uz", "ug", "uv", "ud", "p", "c", "r", "d", "m", "x", "f", "y", "e", "o"})
# Dictionary words tagged as names this often are mostly ordinary words (see names.py).
COMMON_FREQ = 30
WORD_FREQ = 500

# The words naming a party in a dispute (not 村民 or 业主: they also come before 代表, 委员会, 小组).
_PARTY = r"(?:当事人|被申请人|申请人|原告人?|被告人?|被上诉人|上诉人|男方|女方|受害人)"
# After a name, what makes its end sure: another party joined (与、和、及、跟、同), a list (、), the cause (因), a
# bracket (（男，45岁）). A dictionary word before one of these is a name too: 当事人周到与邻居崔某.
_STRONG = r"与(?!否)|和(?![解好睦气])|及(?!时)|同(?![意时样步])|跟|、|因|[（(]"
# What else ends a name: punctuation, the text's end, a verb of speech or a preposition, a particle. Before one of
# these only a word jieba does not know counts (当事人明白，当事人常年在外: words).
_WEAK = (r"[，。；：！？,.;:!?\s“”\"'）)]|$|表示|认为|同意|要求|提出|承认|拒绝|答应|反映|来到|找到|夫妇|夫妻|"
         r"[说称诉在向将把被的对于为从给找要已也都均就却又还不没并便只再是有家等一两来到去]")
# Before a weak end, a word the dictionary has seen this often is a word (钱款 8, 高价 252): looser than names.py's
# tests, as nothing can let a name found here through (public_people does not), so a word must not be taken for one.
WEAK_WORD_FREQ = 5
WEAK_HEAD_FREQ = 200
_NAME_AFTER_PARTY = re.compile(rf"{_PARTY}[：:“「 ]{{0,2}}([\u4e00-\u9fff]{{2,4}}?)(?:(?={_STRONG})|(?={_WEAK}))")
_STRONG_AT = re.compile(_STRONG)
_PARTY_AT = re.compile(_PARTY)
_PARTY_BEFORE = re.compile(rf"{_PARTY}[：:“「 ]{{0,2}}$")
# Parts of Tibetan and Uyghur names as Chinese writes them without a middle dot (扎西多吉, 才让卓玛, 阿依古丽): a
# party's name when it is made of these alone. (Dotted names, 买买提·吐尔逊, are read by names.py.)
_ETHNIC_PARTS = frozenset((
    "扎西 多吉 多杰 卓玛 次仁 才让 格桑 央金 达瓦 达娃 拉姆 尼玛 平措 旦增 丹增 索朗 索南 德吉 普布 边巴 巴桑 "
    "洛桑 桑杰 桑吉 曲珍 白玛 措姆 贡布 强巴 顿珠 益西 次旦 仁青 仁增 罗布 加措 嘉措 拉毛 才旦 卓嘎 央宗 旺姆 "
    "旺堆 米玛 拉巴 普琼 卓拉 仁欠 曲措 群培 更登 尕藏 完玛 东智 拉加 卓嘎 德央 仓决 "
    "阿依 古丽 买买提 麦麦提 艾买提 热合曼 阿不都 阿布都 努尔 艾力 迪丽 帕提 阿力木 玉素甫 吐尔逊 艾尼 瓦尔 库尔班 "
    "依明 阿迪力 热依拉 米娜 娜扎 巴哈 尔古丽 阿依古丽 帕提古丽 阿曼 江 别克 阿力 吐尔洪 艾克拜尔 热孜 亚 木拉提 "
    "阿娜尔 萨拉 木 哈力克 牙生 卡德尔 塔依尔 肉孜 吾斯曼").split())
# Words after a party's word that start with a surname's character and name no one (当事人孙子与…: a grandson).
_NOT_NAMES = frozenset("孙子 孙女 方面 全家 全体 双方 关系 时候 高兴 明白 严重 安全 常常".split())
# What follows a preposition's character that is a person's relation, not a given name (当事人和邻居因…).
_RELATIONS = frozenset("邻居 妻子 丈夫 儿子 女儿 父亲 母亲 父母 家人 家属 亲属 老人 孩子 村民 朋友 同事 对方 他人 别人 "
                       "大家 老伴 兄弟 姐妹 弟弟 哥哥 姐姐 妹妹 子女".split())


def after_party(text: str, start: int) -> bool:
    """Whether the name at text[start:] is written right after a word naming a party (当事人、原告：)."""
    return _PARTY_BEFORE.search(text, max(0, start - 8), start) is not None


def _ethnic(word: str) -> bool:
    """`word` is made of the parts of Tibetan and Uyghur names alone (才让 + 卓玛), at most two of them."""
    return word in _ETHNIC_PARTS or any(word[:k] in _ETHNIC_PARTS and word[k:] in _ETHNIC_PARTS
                                        for k in range(1, len(word)))


def names_after_parties(text: str, tags: Callable[[str], list[tuple[str, str]]], freq: Callable[[str], int]
                        ) -> list[tuple[int, str]]:
    """(start, name) for each full name right after a word naming a party, up to a boundary (see above).
    `tags`: a word's pieces as jieba cuts it, with their part-of-speech tags; `freq`: how often its dictionary has seen
    a word (neither is asked unless a party's word is followed by a surname)."""
    out = []
    for m in _NAME_AFTER_PARTY.finditer(text):
        word = m[1]
        if MOU in word or FAMILIAR.match(word) or word in _NOT_NAMES or _PARTY_AT.search(word):
            continue  # 王某, 欧阳某某, 老王, 王女士, 当事人原告与被告, 男方和女方
        if (word[0] == "方" and text[m.start(1) - 1:m.start(1)] == "告") or (word[-1] == "人" and len(word) == 3):
            continue  # 原告方认为 (the plaintiff's side; 当事人方圆 is a name), 男方温州人 (where he is from)
        if _ethnic(word):
            out.append((m.start(1), word))
            continue
        longest = 4 if word[:2] in COMPOUND_SURNAMES else 3
        if not (word[:2] in COMPOUND_SURNAMES or word[0] in SURNAMES) or len(word) > longest:
            continue  # 当事人双方, 当事人之间, 当事人万分感激
        strong = _STRONG_AT.match(text, m.end(1)) is not None
        pieces = tags(word)
        # a surname jieba reads as a preposition or a conjunction (于 + 建国, 和 + 平): a name only before a sure end,
        # and only when what follows it is no person's relation (当事人和邻居因…)
        head = len(pieces[0][0]) == 1 and pieces[0][1] in FUNCTION_TAGS
        if any(flag in FUNCTION_TAGS for _, flag in pieces[1 if head else 0:]) or (
                head and (not strong or word[1:] in _RELATIONS)):
            continue  # 当事人向他道歉 (向 p, 他 r), 当事人曾与 (与 p), 当事人高兴地说 (地 uv), 当事人于当日在…
        named = len(pieces) == 1 and pieces[0][1].startswith("nr")  # the dictionary's own name (崔建华)
        seen = freq(word)
        if not strong and (seen >= COMMON_FREQ or not named and (
                seen >= WEAK_WORD_FREQ or (len(word) == 3 and freq(word[:2]) >= WEAK_HEAD_FREQ))):
            continue  # 当事人明白，当事人常年在外, 当事人申请后, 当事人钱款被骗, 男方高价索要: words
        out.append((m.start(1), word))
    return out
