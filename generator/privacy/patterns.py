"""What personal data looks like: the patterns the detectors search for, and the checks that tell a real
number from a look-alike (an ID number's region, birth date and check digit; a card number's Luhn digit)."""

from __future__ import annotations

import re
from datetime import date

from .normalise import _DOT, URL_BEFORE

# GB 11643-1999: weights and check characters of the 18-digit citizen identity number.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# First two digits: the province-level divisions (GB/T 2260) plus 港澳台 and 外国人永久居留 (9x).
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
              53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91, 92, 93}
_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

# Between two digits of one number: up to six spaces, dots (and 。), hyphens, tildes, underscores, middle dots, slashes
# and backslashes,
# colons, plus signs or parentheses (in ASCII or as Chinese input mode types them) and then any number of spaces
# (a page shows a run of spaces as one; &nbsp; and 　 as a wide gap), or
# a line break (with the next line's indentation, a blank line, a quote or list marker).
# (a colon only after three digits or more: 138：1234：5678 is a phone number, 8:30-10:00 a time)
_SEP = (r"(?:(?>(?:[ ._·/()（）~～／+丨｜。\\-]|(?<=[0-9]{3})[：:]){1,6})(?>[ ]*)"
        r"|[ ]*\n[ \t>]*(?:\n[ \t>]*)?(?:[-+][ \t]+)?)")
_SEP_RE = re.compile(_SEP)
# A digit sequence long enough to be a phone (11), ID (15, 18) or card number (16-19), taken whole.
RUN_RE = re.compile(rf"[0-9](?<![0-9]{{2}})(?>(?:{_SEP}?[0-9]){{10,}})(?:{_SEP}?[Xx](?![A-Za-z0-9]))?")
# The same spelled in Chinese digits (一三八…, 幺 and 洞 as read out on the phone, 壹贰叁 as on a cheque), or in
# both kinds mixed.
# 拐 7 and 勾 9 read out too; 参 and 兩 written for 叁 and 两
HANZI_DIGITS = _HANZI_DIGITS = "〇零一二三四五六七八九幺两洞壹贰叁肆伍陆柒捌玖貳參陸拐勾参兩"
HANZI_RUN_RE = re.compile(rf"[{_HANZI_DIGITS}0-9](?>(?:{_SEP}?[{_HANZI_DIGITS}0-9]){{10,}})"
                          rf"(?:{_SEP}?[Xx](?![A-Za-z0-9]))?")
_HANZI_VALUE = str.maketrans(_HANZI_DIGITS, "001234567891201234567892367932")
_GROUP = re.compile(r"[0-9]+[Xx]?|[Xx]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Right after a number, these make it a quantity (13812345678元), before it an ordinal or a price.
_UNITS = set("元万亿件人次个户名%‰米吨亩台辆起宗例项份位家所条篇千百平公斤克升")
# A unit's character that starts a word (平安, 人民) is no unit: 1381234平安办.
NOT_UNITS = ("平安", "人民", "公安", "公司", "公众", "公开", "家庭", "家属", "所长", "所在", "名单", "个人", "户籍",
             "条例", "次日", "元旦", "件事", "位于", "台胞", "千万", "所属", "名下", "户名", "户主", "家中", "家长",
             "名字", "家住", "万分", "户口", "家人", "个人")
# A unit's character before one of these is a surname (万老师, 米警官): the number before it is not an amount.
TITLES = ("老师", "先生", "女士", "同志", "警官", "师傅", "主任", "书记", "经理", "某")
# Public service numbers (110, 12345, 12337, 95xxx): several of them in a row are a list, not one number.
HOTLINE = re.compile(r"1(?:[0-2][0-9]|[0-2][0-9]{3})|9[56][0-9]{3}")
_IN_URL = URL_BEFORE  # a web address before a point (it ends at a space, quote, <, >, 汉字)
# A word in a web address saying the number after it is a person's or a phone's (user_13812345678, uid=, tel-).
URL_PERSON = re.compile(r"(?<![A-Za-z])(?:u|user|usr|uid|member|people|person|profile|space|home|tel|phone|mobile|mob|"
                        r"cell|sj|shouji|dianhua|dh|lxdh|contact|account|acct|qq|wx|weixin|wechat|vx)[_-]?$",
                        re.IGNORECASE)

# A phone number or an ID number in its usual groups joined by a Chinese comma, 、, a comma, a semicolon or a bar
# (138，1234，5678) after words saying what it is: a list of counts is written so too (4521、3367、5120、4410户).
# (Groups in a table's cells are read by the row: privacy/files.py.)
PUNCT_GROUPS = re.compile(r"(?<![0-9])([0-9]{3,6})[ ]*([，、,；;|])[ ]*([0-9]{4,8})[ ]*\2[ ]*([0-9]{3,6}[Xx]?)"
                          r"(?![0-9A-Za-z])")
# A landline number: an area code (0 and two or three digits) in brackets or before a hyphen, or after 座机/固话/电话,
# then seven or eight digits. Looked for in case records only, where a number is a party's (a unit's public number
# is written on news pages, and goes into privacy.allow when a case names it).
LANDLINE_RE = re.compile(r"(?:(?<![0-9A-Za-z-])(?:[(（]0[1-9][0-9]{1,2}[)）][ ]?|0[1-9][0-9]{1,2}[ ]?[- ][ ]?)"
                         r"|(?<=座机|固话|电话)[^0-9\n]{0,4}?0[1-9][0-9]{1,2}[ -]?)"
                         r"[2-9](?:[0-9]{6,7}|[0-9]{2,3}[ -][0-9]{4})(?![0-9])")  # 0941 821 7654, 0935-221-8765
# Words before a number that say what it is: then groups of three are not an amount's thousands.
# Words before a number that make it an account, whatever its check digit: 账号 6222 0212 3456 7890.
ACCOUNT_SAID = re.compile(r"(?:账号|帐号|账户|帐户|(?<!医保)(?<!社保)卡号|银行卡|存折|收款账|收款卡)[^0-9]{0,4}$")
# A date and time run together (2024-09-13 10:30): no account, whatever is said before it.
DATE_TIME_SHAPE = re.compile(r"(?:19|20)[0-9]{2}[-/.年][ ]*[0-9]{1,2}[-/.月]")
SAID = re.compile(r"(?:手机|电话|号码|卡号|证号|身份证|联系|微信|座机|致电|拨打)[^0-9]{0,4}$")

# (between the letter and the number: a dot, a space, a hyphen, or as typed to slip past: / _ ， ： （ and a line break)
PLATE_RE = re.compile(f"[{_PLATE_PROVINCES}][ ]?(?:[-{_DOT}.][ ]?)?[A-HJ-NP-Za-hj-np-z][ ]?"
                      f"[{_DOT}. /_，,：:（(\\n-]{{0,2}}[ ]?"
                      r"(?=(?:[ ]?[A-HJ-NP-Za-hj-np-z])*[ ]?[0-9])"
                      r"([A-HJ-NP-Za-hj-np-z0-9](?:[ ]?[A-HJ-NP-Za-hj-np-z0-9]){4,5}(?![A-Za-z0-9])"
                      r"|[A-HJ-NP-Za-hj-np-z0-9](?:[ ]?[A-HJ-NP-Za-hj-np-z0-9]){3}[ ]?[挂学警])")  # 挂: a trailer
# A plate's number in Chinese digits (甘A一二三四五): five of them after the province and the letter.
PLATE_HANZI_RE = re.compile(f"[{_PLATE_PROVINCES}][ ]?[A-HJ-NP-Za-hj-np-z][ ]?[{_DOT}. -]?[ ]?"
                            "([〇零一二三四五六七八九](?:[ ]?[〇零一二三四五六七八九]){4})"
                            "(?![〇零一二三四五六七八九十百千万])")
# An at sign, spelled out ([at], 艾特) or replaced by # before a well-known mail domain.
_AT = re.compile(r"[@\[(（【艾#](?:(?<=@)|(?<=[\[(（【])[ ]*(?:at|AT)[ ]*[\])）】]|(?<=艾)特|"
                 r"(?<=#)(?=(?:qq|163|126|139|sina|sohu|foxmail|gmail|yeah|outlook|hotmail|aliyun)\.))")
_LOCAL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}[ ]?$")
_DOT_WORD = r"(?:\.|[ ]?[\[(（【][ ]*(?:dot|DOT)[ ]*[\])）】][ ]?)"
_DOMAIN = re.compile(rf"[ ]?[A-Za-z0-9-]+(?:{_DOT_WORD}[A-Za-z0-9-]+)*{_DOT_WORD}[A-Za-z]{{2,}}(?![A-Za-z0-9-])")
# Cheap first look (a character class first is searched fast): is any QQ or WeChat keyword in the text?
_CONTACT_HINT = re.compile(r"[QqWwVv扣微威薇维徽](?:(?<=[Qq])[Qq]|(?<=扣)扣|(?<=[微威薇维徽Vv])信|(?<=[VvWw])[Xx]|"
                           r"(?<=[Ww])e[Cc]hat|(?<=[Ww])eixin|(?<=w)xid_|(?<=加[Vv])|(?<=加 [Vv]))")
QQ_RE = re.compile(r"(?<![A-Za-z])(?:[Qq][Qq]|扣扣)"
                   r"(?>(?:(?>[ ]*)(?:号码|号|群号|群|账号|帐号|ID|id|是|为|[:：]))*)(?>[ ]*)"
                   rf"([1-9一二三四五六七八九幺壹贰叁肆伍陆柒捌玖](?>(?:{_SEP}?[0-9{_HANZI_DIGITS}]){{4,11}}))"
                   rf"(?![0-9{_HANZI_DIGITS}])")  # in Chinese digits too: QQ号一二三四五六七八九
# Numbers of documents and accounts that name a person, after the words saying what they are: a passport (E12345678),
# a Hong Kong and Macao or Taiwan pass, a car's frame number (VIN, 17 characters), a household's or a medical
# insurance card's number, a driving licence.
KEYED_HINT = re.compile(r"护照|通行证|台胞证|回乡证|车架|识别代号|VIN|户号|医保|社保|驾驶证|驾照|档案号")
KEYED_RE = re.compile(r"(?:护照|港澳通行证|往来港澳通行证|台湾通行证|通行证|台胞证|回乡证|车架|车辆识别代号|车辆识别码|"
                      r"(?<![A-Za-z])VIN(?![A-Za-z])|电费户号|水费户号|户号|医保卡|医保|社保卡|社保|驾驶证|驾照|档案)"
                      # atomic groups: no backtracking on spaces
                      r"(?>(?:(?>[ ]*)(?:号码|编号|卡号|号|码|是|为|[:：]))*)(?>[ ]*)"
                      r"([A-Za-z0-9](?>(?:[ -]?[A-Za-z0-9]){6,19}))(?![A-Za-z0-9])"
                      r"(?![ ]*[张份人个户件年元万次名起项天])")  # counts and years: 社保卡 1234567 张
# Coordinates as precise as a house (北纬34.12345°, 东经113.2468): three decimals or more, or degrees, minutes and
# seconds.
COORD_RE = re.compile(r"(?:北纬|南纬|东经|西经|[NSEW])(?>[ ]*)[:：]?(?>[ ]*)[0-9]{1,3}"
                      r"(?:\.[0-9]{3,}|°[ ]*[0-9]{1,2}[′'][ ]*"
                      r"[0-9]{1,2}(?:\.[0-9]+)?[″\"]|度[0-9]{1,2}分[0-9]{1,2}(?:\.[0-9]+)?秒)[ ]*°?"
                      r"|(?:经纬度|坐标|定位)(?>[ ]*)[:：]?(?>[ ]*)"
                      r"[0-9]{1,3}\.[0-9]{3,}[ ]*[,，、][ ]*[0-9]{1,3}\.[0-9]{3,}")
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
# Every alternative starts with one of these characters: the lookahead lets the search pass any other position
# at once instead of trying each alternative there (3.5 times faster over ordinary stories).
_ADDRESS_START = f"门{_NUM}A-Za-z大公小花家嘉新社苑里路街巷弄胡村屯庄寨城府湾庭邸园阁居坊郡墅"
# A building and room joined by a hyphen after the estate's name (阳光城12-302, 御景湾3-1201), unless a unit
# follows: then it is a range (县城100-300元).
_ESTATE = "小区|花园|公寓|家园|嘉园|新村|社区|[苑城府湾庭邸园阁居坊郡墅]"  # not 院 (法院, 学院, 医院)
_RANGE_UNIT = "元万亿人个户名件次套间平米岁年月日天期余多%"
_OFFICE = "(?:会议|办公|调解|接待|活动|阅览|值班)室"  # rooms of public buildings
ADDRESS_RE = re.compile(
    rf"(?=[{_ADDRESS_START}])(?:"
    r"门牌"
    r"|(?<![0-9])(?>[0-9]+)[ ]*(?:号楼|号院|单元)"
    # a building, not a count of them (住宅12栋, 共有8栋楼)
    r"|(?<![0-9共有及宅计楼了建])(?>[0-9]+)[ ]*(?:栋|幢)(?![楼房]|安置|住宅|居民楼)"
    # a room, not a flat's layout (3室1厅) or an office's room (县综治中心301室)
    r"|(?<![0-9])(?<!中心)(?<!政府)(?<!法院)(?<![所局委会])(?<![0-9]楼)"
    r"(?>[0-9]+)[ ]*室(?![ ]*[0-9一二两三四五六七八九]厅)"
    r"|(?<![第零〇一二两三四五六七八九十百])(?>[零〇一二两三四五六七八九十百]+)[ ]*(?:号楼|号院|单元)"
    rf"|(?<![零〇一二两三四五六七八九十百])(?>[零〇一二两三四五六七八九十百]+)[ ]*(?:栋|幢)"
    rf"(?=[ ]*(?>[{_NUM}]+)[ ]*(?:单元|号|室|楼|层))"
    r"|[零〇一二三四五六七八九]{3,4}[ ]*室"
    rf"|(?<![{_NUM}A-Za-z])(?>[{_NUM}A-Za-z]+)[ ]*(?:栋|幢)[ ]*[零〇一二三四五六七八九0-9]{{3,4}}(?![0-9])"
    r"|[0-9A-Za-z]{1,2}[ ]*座[ ]*[0-9]{3,4}(?![0-9])"
    r"|(?:大厦|公寓)[ ]*[0-9]{3,4}(?=[室号]|[，。；,.;:：\s）)]|$)"  # a room: 金都大厦1203 (not 大厦200米, 公寓200、…)
    rf"|(?:小区|花园|公寓|大厦|家园|新村|苑|里)[ ]*(?:[{_NUM}A-Za-z]{{1,3}}[期区][ ]*)?"  # 花园二期5号
    rf"(?>[{_NUM}]+)(?:[-之](?>[{_NUM}]+))?[ ]*号(?![召称令线文角座])"
    # building and room (小区12-302), not a year (学院2-2024)
    rf"|(?:{_ESTATE})[ ]*[0-9]{{1,3}}-(?!(?:19|20)[0-9]{{2}}(?![0-9]))[0-9]{{3,4}}(?![0-9-]|[ ]*[{_RANGE_UNIT}])"
    # 12#302, 12楼1203, not an office (3楼302会议室)
    rf"|(?<![0-9])(?<!中心)(?<!委会)(?<!政府)(?<!法院)[0-9]{{1,3}}[ ]*[#＃楼][ ]*[0-9]{{3,4}}"
    rf"(?![0-9]|[ ]*[{_RANGE_UNIT}]|[ ]*{_OFFICE})"
    rf"|(?<=[\u4e00-\u9fff])(?:路|街|巷|弄|大道|胡同)(?:[东南西北中]段)?[ ]*(?>[{_NUM}]+)(?:[-之](?>[{_NUM}]+))?[ ]*号"
    r"(?![召称令线文角座])"
    rf"|(?:[村屯庄寨]|[{_NUM}][组社队排])[ ]*(?>[{_NUM}]+)[ ]*号(?![召称令线文角座])"
    r"|(?<![0-9-])[0-9]{1,3}-[0-9]{1,2}-[0-9]{3,4}(?![0-9-]))")
_ADDRESS_DIGITS = re.compile(f"[{_NUM}]")


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
