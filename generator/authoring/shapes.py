"""The shapes of Chinese news pages that `pingan import` knows, as data.

Each table row is one shape found on real pages (docs/import-shapes.md names the publishers): page
furniture by kind, the labels of a meta line, the words of a byline, the forms of a dateline and of a
print-edition reference. The detector (article.py) scores candidates with these rows and says which row
decided; a new shape is a new row here, not a new branch there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HAN = r"\u4e00-\u9fff"
BULLETS = "■□●◆◇▲△★☆▪▶►"
BULLETS_RE = re.escape(BULLETS)
NAME = rf"(?:[{HAN}]{{1,8}}(?:[·•．][{HAN}]{{1,8}}){{1,3}}|[{HAN}][{HAN}·]{{1,4}})"  # 阿依古丽·买买提, 王小明
NOT_NAMES = frozenset("""完 待续 未完待续 图片 资料图 资料 来源 编辑 责编 校对 审核 摄影 记者 通讯员 作者 本报 本网
    报道 综合 整理 供图 网络 视频 图文 文字 原创 转载 编者 编者按 实习生 首页 返回 打印 关闭 分享 摄 文 图 新华社""".split())

# Province-level names: 网易号 and WeChat print the writer's IP location (江苏) where a byline could stand.
PROVINCES = frozenset("""北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南
    四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门""".split())

# Byline words -> the role stored in the story (记者 通讯员 摄影 作者). Longest first when matching.
ROLE_WORDS: dict[str, str] = {
    "摄影记者": "摄影", "首席记者": "记者", "见习记者": "记者", "实习记者": "记者", "特约记者": "记者",
    "融媒记者": "记者", "全媒体记者": "记者", "本报记者": "记者", "本网记者": "记者", "本台记者": "记者",
    "记者": "记者", "特约通讯员": "通讯员", "通讯员": "通讯员", "实习生": "通讯员", "摄影": "摄影", "摄像": "摄影",
    "作者": "作者", "专栏作者": "作者", "特约作者": "作者", "撰稿": "作者", "撰文": "作者", "文/图": "作者", "图/文": "作者", "文图": "作者", "图文": "作者",
    "文": "作者", "图": "摄影",
}
SHORT_ROLES = ("文/图", "图/文", "文图", "图文", "文", "图")  # only with a separator: 文/张三, 图｜李四
ROLE_RE = "|".join(re.escape(w) for w in sorted(ROLE_WORDS, key=len, reverse=True) if w not in SHORT_ROLES)
EDITOR_WORDS = (r"责任编辑|责编|值班编辑|编辑|校对|审核|审校|审签|终审|初审|复审|一审|二审|三审|监制|统筹|策划|签发|编制|编审|"
                r"排版|美编|主编|责任校对")

PUBLISHER = (rf"[{HAN}A-Za-z0-9·]{{1,16}}?(?:日报|晚报|早报|时报|商报|法治报|法制报|报社|报|新闻网|网|电视台|广播电视台|"
             r"融媒体中心|融媒|客户端|新闻社|社|台|发布|在线|之声|头条|政法|长安|平安|检察|法院|公安|司法|论坛|新闻)")
PUBLISHER_RE = re.compile(rf"^{PUBLISHER}$")

DATE = (r"(?P<y>\d{4})\s*[-/年.]\s*(?P<mo>\d{1,2})\s*[-/月.]\s*(?P<d>\d{1,2})(?!\d)\s*[日/]?"
        r"(?:\s*T?\s*(?P<ampm>上午|下午|晚上|中午|早上|凌晨)?\s*(?P<h>\d{1,2})\s*[:：时]\s*(?P<mi>\d{1,2})"
        r"(?:\s*[:：分]\s*\d{1,2}\s*秒?)?)?")
DATE_RE = re.compile(DATE)
FORUM_POSTED = re.compile(rf"^\s*发表于\s*{DATE}")  # a forum post's date, in its line of buttons (只看该作者)
WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")

# -- furniture -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Furniture:
    """A kind of page furniture. `ends` marks text that comes after an article (footers, next/previous links,
    related news): once the story has begun, the first such line ends it."""

    kind: str
    pattern: re.Pattern[str]
    ends: bool


def _f(kind: str, pattern: str, ends: bool) -> Furniture:
    return Furniture(kind, re.compile(pattern, re.I), ends)


FURNITURE: tuple[Furniture, ...] = (
    _f("面包屑导航", r"您(?:当前|现在)?的?(?:当前)?位置|当前位置\s*[:：]?|^\s*(?:网站)?首页\s*(?:[>＞»›/》]|&gt;)|^\s*位置\s*[:：]|"
       r"^[^。，！？]{1,24}(?:\s*(?:>>|>|»|›|＞|》|→|->)\s*[^。，！？>»›＞》]{1,14}){1,6}$", False),
    _f("字号和打印按钮", r"^(?>[\s|｜]*)(?>(?:(?:打印文章|发送给好友|推荐给好友|纠错|打印|关闭|收藏|分享|微信|微博|QQ空间|QQ|朋友圈|"
       r"Qzone|复制链接|大|中|小)(?>[\s|｜:：]*))+)$|分享到|分享至|微信扫码|用微信扫|^(?>[\s|｜]*)(?>(?:(?:[TtAa](?>[+＋\-－]?)|[+＋\-－])(?>[\s|｜]*))+)$|^\s*(?:打印文章|发送给好友|推荐给好友|纠错|【纠错】|放大|缩小|字号：?|字体：?)\s*$|打印本页|关闭窗口|【\s*(?:打印|关闭|字体|字号|大\s*中\s*小)|字号\s*[:：]|扫一扫(?:在手机|分享)|"
       r"^\s*(?:打印|关闭|收藏|分享|返回顶部|顶部|【?\s*大\s*中\s*小\s*】?|大字|小字|默认|\[\s*(?:打印|关闭)\s*\]|"
       r"(?:字体|字号)?\s*[：:]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小\s*[】\]]?)\s*$", False),
    _f("网站工具栏", r"^\s*[•·]?\s*\S{0,12}(?:移动版|手机版|手机站|WAP版|电脑版)\s*$|无障碍(?:浏览|阅读)?\s*[|｜]|长者模式|关怀版|"
       r"^\s*欢迎(?:您)?(?:访问|光临|来到)\S{0,30}(?:网站|网|平台)|设为首页\s*[|｜]?\s*(?:加入|添加)?收藏|"
       r"^\s*(?:简体|繁体|English|登录|注册|搜索|请输入关键字\s*搜索|请输入搜索内容|高级搜索|图集|组图|高清组图)\s*$|"
       # an account's name and a relative time, as WeChat shows them (爱否科技 昨天): no date can be read from it
       r"^\s*\S{2,16}\s+(?:昨天|前天|今天|\d{1,2}\s*(?:小时|分钟|天)前)\s*$|^\s*原标题\s*[:：]", False),
    _f("论坛回帖", r"^\s*(?:使用道具\s*)?举报\s*$|^\s*使用道具|Processed in [\d.]+ second|^\s*GMT\+8", True),
    _f("评论和点赞数", r"^\s*\d{1,6}\s*$|^\s*[+＋]\d{1,3}\s*$|^\s*(?:跟贴|跟帖|评论|参与|点赞|赞|收藏)\s*\d+\s*$", False),
    _f("论坛信息", r"^\s*查看\s*[:：]\s*\d+\s*[|｜]\s*回复|显示全部楼层|阅读模式|只看该作者|使用道具|^\s*\[?复制链接\]?\s*$|"
       r"Powered by|只需一步，快速开始|^\s*(?:快捷导航|本版积分规则|返回列表|发新帖|回复本帖)\s*$|^\s*(?:沙发|板凳|地板|\d+\s*[#楼])\s*$|^\s*(?:回复|举报|引用)\s*$|^\s*发表于\s*\d", False),
    _f("阅读次数", r"^\s*(?:浏览|阅读|点击|访问)(?:次数|量|数)?\s*[:：]?\s*\d*\s*(?:次)?\s*$|^\s*阅读\s*\d+(?:\.\d+)?万?\s*$", False),
    _f("图片文件名", r"^\s*[\w\-.（）()]+\.(?:jpe?g|png|gif|webp|bmp)\s*$|^\s*!\[\]\(\s*\)\s*$", False),  # ![]() left by a mirror
    _f("公众号关注提示", r"点击(?:上方)?蓝字|关注我们|长按(?:识别|二维码)|扫码关注|扫描二维码|扫一扫关注|识别二维码|^\s*[▲△]?\s*点击|"
       rf"^\s*(?:扫码|长按)?关注[{HAN}]{{1,10}}(?:网|号|公众号|微信|微博|客户端)\s*$|"
       r"戳(?:这里|阅读原文)|^\s*(?:视频号|公众号|微信号)\s*[:：]?|^\s*原创\s*$|^\s*在看\s*$|^\s*点赞\s*$|^\s*赞\s*$", False),
    _f("编辑署名", rf"^\s*[【\[(（]?\s*(?:{EDITOR_WORDS})\s*[:：|｜/]|^\s*[（(]\s*{NAME}\s*/\s*(?:{EDITOR_WORDS})\s*[）)]\s*$|"
       r"^\s*(?:【纠错】)?\s*【?\s*责任编辑|^\s*关键词\s*[:：]|^\s*[【\[(（]\s*(?:{EDITOR_WORDS})\s+{NAME}|"
       rf"^\s*(?:{EDITOR_WORDS})\s+{NAME}\s*$", True),
    # an article split over several pages: 【1】【2】【3】 下一页, 第1页 共3页, 1 2 3 下一页
    # (each separator one atomic run: a line of digits and spaces can be cut into numbers only one way)
    _f("分页链接", r"^(?>[\s|｜]*)(?>(?:[【\[](?>\s*)(?>\d{1,2})(?>\s*)[】\]](?>[\s|｜]*)){2,})(?>(?:(?:上一页|下一页|尾页|末页)(?>[\s|｜]*))*)$|"
       r"^\s*(?:第\s*\d{1,2}\s*页\s*[/，,]?\s*共\s*\d{1,2}\s*页|共\s*\d{1,2}\s*页)|"
       r"^(?>[\s|｜]*)(?:(?:首页|上一页)(?>[\s|｜]*))?(?>(?:(?>\d{1,2})(?![0-9])(?>[\s|｜]*)){2,})(?:下一页|尾页|末页)", True),
    _f("翻页链接", r"^\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上一版|下一版|返回列表|返回首页|返回目录|返回搜狐|"
       r"查看更多|阅读原文|阅读全文|展开全文)|返回[^，,\s]{1,8}[，,]\s*查看更多|^\s*(?:上一篇|下一篇)\s*[:：]", True),
    _f("相关新闻", r"^\s*[【\[]?\s*(?:新闻推荐|相关推荐|相关新闻|相关报道|相关阅读|相关文章|相关链接|推荐阅读|热点推荐|热门推荐|热门文章|"
       r"延伸阅读|延伸\s*[·•]\s*(?:推荐|阅读)|猜你喜欢|精彩推荐|往期回顾|往期推荐|更多精彩|图片新闻|热点新闻|最新新闻|新闻排行|点击排行|新闻热搜|各地新闻|热点排行|热门排行|排行榜|最新文章|热门文章)\s*[】\]]?\s*$|"
       r"\[\s*详细\s*\]\s*$|……\s*\[详细\]|^\s*(?:相关新闻|相关阅读|推荐阅读|往期推荐|往期回顾)\s*[:：]", True),
    _f("评论框", r"^\s*(?:我要评论|发表评论|网友评论|评论\s*\(?\d*\)?|写评论|请登录|登录后|验证码|提交评论|已有\s*\d+\s*条评论)", True),
    _f("平台声明", r"特别声明[:：]|Notice:\s*The content above|本平台仅提供信息存储服务|免责声明|"
       r"^\s*声明[:：].{0,30}(?:版权|转载|来源)|如有侵权|联系删除", True),
    _f("备案和版权", r"ICP\s*备|ICP证|公网安备|公安备案|网站标识码|版权所有|Copyright|©|\(C\)\s*\d{4}|未经(?:本网)?(?:书面)?授权|"
       r"不得(?:转载|复制|镜像)|转载请注明|违法和不良信息举报|举报电话|举报邮箱|互联网新闻信息服务许可|"
       r"^\s*(?:主办单位|主办|承办单位|承办|协办|技术支持|运营维护|网站维护|联系我们|联系电话|联系方式|地址|邮编|邮箱)\s*[:：]|"
       r"建议使用.{0,20}浏览器|分辨率|网站地图|关于我们|^\s*(?:技术支持|主办|承办)\s*[:：]?\s*\S{2,30}$", True),
    _f("页脚主办单位", rf"^\s*(?!.*由)(?:中共)?[{HAN}]{{2,24}}(?:委员会|政府|办公室|办公厅|局|委|院|网|中心|社)\s*主办\s*$", False),
    _f("报头", r"国内统一刊号|国内统一连续出版物号|\bCN\s?\d{2}\s?-\s?\d{4}|邮发代号|广告热线|订阅热线", False),
    # a line of ornaments only (▼, ★★★, — END —); never ASCII marks alone, which may be a Markdown table's |---|
    _f("装饰符号", r"^[\s▼▲△▽◆◇●○■□★☆◎→←↓↑⇩⬇•·…—～＊＃]+$|^[\s\-—=·•~～]*(?:END|End|end)[\s\-—=·•~～]*$", False),
    _f("网页代码残留", r"^\s*-->|<!--|enpproperty|^\s*\{\{|\}\}\s*$", True),
    _f("友情链接", r"^\s*(?:友情链接|相关链接|政府网站|部门网站|网站群|兄弟网站)\s*[:：]?|"
       r"^(?:\s*[^|｜\s]{2,16}(?:网|政府|法院|检察院|人大|政协|平台|公安局)\s*[|｜]\s*){2,}[^|｜\s]{2,16}\s*$", True),
    _f("客户端推广", r"下载.{0,10}客户端|客户端下载|APP下载|扫码下载|^\s*打开.{0,8}(?:APP|客户端)", True),
    _f("数字报导航", r"版面导航|按日期查阅|多媒体数字版|数字报刊?平台|电子报阅读机|^\s*当前版\s*[:：]|文章字数\s*[:：]|"
       r"^\s*(?:前一版|后一版|上一版|下一版)|^\s*(?:\d{4}年\d{1,2}月\d{1,2}日\s*)?上一期\s*[|｜]?\s*下一期\s*$|^\s*日期\s*[:：]\s*\d{1,2}\s*-\s*\d{1,2}\s*$|"
       rf"^\s*[{HAN}]{{2,12}}报\s*(?:数字报纸|数字报|电子版|多媒体数字版|\d{{4}}年\d{{1,2}}月\d{{1,2}}日(?:\s*星期.)?)\s*$|"
       r"^\s*(?:第?[A-Z]?\d{1,5}版\s*[:：]\s*\S{1,12}\s*){1,}$|^\s*当前报纸名称|^\s*版面\s*[:：]|^\s*【?PDF版】?\s*$|^\s*(?:往期|过刊)(?:回顾|检索)|^\s*本版(?:新闻|标题)",
       False),
)

# A line of a web page made only of links (a menu, a headline ticker, a list of tags): known from the page's markup.
LINK_LIST = Furniture("链接列表", re.compile("(?!)"), False)

# A site's declaration about its content, in a sentence (a story never speaks of itself like this).
DECLARATION = re.compile(r"(?:本网|本站|本平台|本报|本刊|本文|本公众号|本号|本微信).{0,60}(?:版权|转载|授权|复制|镜像|摘编|侵权)|"
                         r"未经.{0,8}授权.{0,8}不得(?:转载|复制|镜像|摘编)|不代表(?:本网|本站|本平台|平台)观点|独家稿件|"
                         r"特别声明|免责声明|如有侵权|联系删除|仅提供信息存储|©|Copyright|ICP\s*备|公网安备|"
                         r"转载请注明|违法和不良信息举报", re.I)

# Where a page names the site it belongs to (the reprinting site, when the story came from elsewhere): a pattern
# with a group `v`, the points it is worth, and the reason the report gives.
SITE_CUES: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(r"自媒体平台\s*[“\"「](?P<v>[^”\"」]{2,12})[”\"」]\s*用户"), 9, "平台声明里的平台名"),
    (re.compile(rf"特别声明\s*[:：]\s*(?P<v>[{HAN}]{{2,16}}?)(?:为|是)"), 9, "转载声明里的网站名"),
    (re.compile(rf"(?:^|\s)(?:©\s*)?(?P<v>[{HAN}]{{2,20}}?)\s*(?:公司)?\s*版权所有"), 5, "页脚的版权所有"),
    (re.compile(rf"(?:版权所有|主办单位|主办)\s*[:：]?\s*(?:©\s*)?(?:\d{{4}}\s*)?(?!主办|承办)"
                rf"(?P<v>[{HAN}]{{2,20}}?)(?:办公室|办公厅)?(?=\s|$|　)"), 5, "页脚的版权或主办单位"),
    (re.compile(r"(?:[>＞»]|^)\s*(?P<v>网易号|搜狐号|百家号|头条号|企鹅号|澎湃号|大鱼号|一点号|新浪看点)\s*(?:[>＞»]|$)"), 7,
     "面包屑里的自媒体平台"),
    (re.compile(rf"^\s*(?!首页|网站首页|当前位置|您的位置|位置|\S*首页)(?P<v>[{HAN}]{{2,10}})\s*(?:>>|>|»|›|＞)"), 4,
     "面包屑导航的第一项"),
    (re.compile(r"[|｜]\s*(?P<v>[\u4e00-\u9fff]{2,12}论坛)\s*$"), 5, "论坛页脚"),
)
TITLE_PREFIX = re.compile(rf"^\s*(?:[【\[](?:转帖|转载|原创|转|独家|图文|视频)[】\]]|【(?P<pub>{PUBLISHER})】|[•·▪■◆●]\s*|"
                          rf"(?P<author>[{HAN}]{{2,4}})\s*[|｜](?=\S))\s*")  # 甘慕远|标题: a columnist's name
TITLE_SUFFIX = re.compile(r"\s*(?:【\d{1,2}】|\(\d{1,2}\)|（\d{1,2}）|\[\d{1,2}\])\s*$")  # 【2】: the page of a split article
WIRE_TITLE = re.compile(r"^\s*题\s*[:：]\s*(?P<title>.{4,80})$")  # 新华社…电 题：主题——副题

# -- meta lines ----------------------------------------------------------------------------------------

UNIT = rf"[{HAN}]{{2,20}}?(?:法院|检察院|公安局|司法局|政法委|委员会|派出所|司法所|中心|办公室|局|委|院|所)"  # 作者：临江市人民法院 X
SOURCE_LABEL = re.compile(r"(?:信息来源|文章来源|稿件来源|新闻来源|来源于|来源|稿源|出处|转自|转载自)\s*[:：|｜]\s*"
                          r"(?P<v>(?:(?!责任编辑|编辑|作者|发布时间|时间|浏览|点击|字号)[^\s|｜/　:：,，;；]){2,30}"
                          r"(?:\s+(?=[^\s|｜]{2,}(?:报|网|台)\b))?)")
# The labels of a meta line's other parts: after 作者： they are the next label (作者：　浏览：256), no one's name.
META_LABELS = r"(?:发表|发布|时间|浏览|阅读|点击|访问|来源|日期|编辑|责编|字号|字体|次数)"
AUTHOR_LABEL = re.compile(rf"(?:作者|撰稿|撰文|供稿)\s*[:：]\s*(?:{UNIT}\s+)?"  # a name, not the start of a longer word
                          rf"(?:(?P<v>(?!{META_LABELS}){NAME}(?![{HAN}])(?:\s*[、，,\s]\s*(?!{META_LABELS}){NAME}(?![{HAN}]))*)"
                          rf"|[{HAN}]{{5,20}}(?=\s|$))")  # 作者：医技药剂党支部: a unit, no one's name
DATE_LABEL = re.compile(r"(?:发布时间|发布日期|发表时间|时间|日期|发布于|发表于|更新时间|来源时间)\s*[:：]?\s*$")
META_WORDS = re.compile(rf"(?:https?://\S+|www\.\S+|发布时间|发布日期|发表时间|更新时间|时间|日期|发布于|发表于|发布|信息来源|文章来源|稿件来源|来源于|来源|"
                        rf"作者|浏览次数|浏览|阅读|点击|次数|次|字号|字体|超大|特大|默认|标准|大|中|小|〖|〗|打印|关闭|收藏|分享|原创|(?:{EDITOR_WORDS})\s*[:：]?\s*{NAME}|"
                        r"[\s|｜:：/·\-—【】\[\]（）()]|\d+)")
WECHAT_META = re.compile(  # 原创 冯一鸣 昆山司法 2024-05-21 18:30 江苏 / 平安清远 2023-11-02 08:00 广东
    # (the author may be a unit: 原创 石桥镇人民政府 青山石桥发布 2026年11月28日 16:05 云南)
    rf"^\s*(?:原创\s+)?(?:(?P<author>[{HAN}]{{2,12}})\s+)?(?P<account>[^\s\d：:，,。！？“”\"]{{2,20}})\s+(?P<date>\d{{4}}[-年/.]\S+(?:\s+\d{{1,2}}:\d{{2}})?)"
    rf"(?:\s+(?P<ip>[{HAN}]{{2,3}}))?(?:\s+发表于\S*)?\s*$")

# -- datelines and bylines -----------------------------------------------------------------------------

DATELINE = re.compile(  # 本报讯 / 本报东营讯 / 新华社北京3月5日电 / 每日甘肃网5月17日讯 / 宁德网消息, then （记者 X）
    rf"^[{BULLETS_RE}]?\s*(?P<head>[{HAN}A-Za-z·]{{2,24}}?)\s*(?P<md>\d{{1,2}}月\d{{1,2}}日)?\s*(?P<kind>讯|电|消息)"
    rf"\s*(?:[（(](?P<by>[^（）()]{{1,60}})[）)])?\s*[:：]?\s*")
NOT_SITES = frozenset("数字报 电子报 手机报 电子版 数字版 客户端 政务 原创 首页".split())  # words, not names of sites
OWN_WORDS = ("本报", "本网", "本台", "本刊", "本站", "本站原创", "本网原创")
SOURCE_PAREN = re.compile(rf"^(?P<src>{PUBLISHER})\s*[（(](?P<by>(?:{ROLE_RE})[^（）()]{{1,60}})[）)]\s*")
BYLINE_PAREN = re.compile(rf"^[（(](?P<by>(?:{ROLE_RE})[^（）()]{{1,60}})[）)]\s*")
END_PAREN = re.compile(r"(?<=[。！？”\"])\s*(?P<whole>[（(](?P<by>[^（）()]{2,50})[）)]?)\s*$")  # article.byline decides
PHOTO_CREDIT = re.compile(rf"(?<=[。！？”])?\s+(?P<by>(?:(?:{ROLE_RE})\s*)?{NAME}(?:\s+{NAME})?)\s*摄\s*$")
CAPTION = re.compile(  # a photo's caption: a short paragraph ending with its credit (… 记者 鲁文博 摄, … 船山公安供图)
    rf"^(?P<text>.{{4,90}}?[。！”）)]?)\s*(?P<credit>[（(]?\s*(?P<by>[{HAN}A-Za-z·\s]{{2,30}}?)\s*(?:摄|供图|/摄|提供)\s*[）)]?|"
    rf"[（(]?(?:图片来源|图源|图片由)[:：]?[^（）()]{{2,30}}[）)]?)\s*$")
SITE_TAIL = re.compile(rf"^[{HAN}A-Za-z]{{0,8}}(?:网|报|台|社|新闻|融媒|发布)[{HAN}A-Za-z]{{0,6}}$")  # 中新网四川
SIGNATURE_UNIT = re.compile(rf"^[{HAN}（）()]{{3,30}}(?:局|委|委员会|院|所|办|办公室|政府|中心|会|室|部|厅|队|站|处|科|组)$")  # 落款
SUPPLIED = re.compile(rf"^[（(]\s*(?P<org>{UNIT}|{PUBLISHER})\s*供稿\s*[）)]$")  # （横峰县委政法委供稿）at the end
AUTHOR_NOTE = re.compile(r"^[（(]\s*(?:作者系|作者为|作者单位|作者是)[^）)]{2,60}[）)]$")  # （作者系…教授）
AUTHOR_NOTE_END = re.compile(r"(?<=[。！？”])\s*[（(]\s*(?:作者系|作者为|作者单位|作者是)[^）)]{2,60}[）)]\s*$")
EDITOR_NOTE = re.compile(r"^\s*[【\[]?\s*(?:编者按|编者的话|编前语|编者)\s*[】\]]?\s*[:：]?\s*")

# -- print-edition references --------------------------------------------------------------------------

EDITION = re.compile(
    rf"[（(]?\s*(?:(?:来源|原载|刊于|转自|稿源)\s*[:：]\s*)?《?\s*(?P<paper>[{HAN}A-Za-z·]{{2,14}}?(?:日报|晚报|早报|时报|商报|报))\s*》?"
    r"\s*[（(]?\s*(?P<date>\d{4}\s*[-年.]\s*\d{1,2}\s*[-月.]\s*\d{1,2}\s*日?)\s*[，,]?\s*"
    r"(?P<page>第?\s*[A-Z]?\d{1,2}\s*版)(?:\s*[:：]\s*[^）)\s]{1,10})?\s*[）)]?")
# An e-paper's page names its paper, date and page in separate places; each row here is one such cue
# (article._epaper puts them together into one print-edition reference).
PAPER_NAME = rf"(?P<paper>[{HAN}]{{2,12}}?(?:日报|晚报|早报|时报|商报|法治报|法制报|报))"
EPAPER_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paper", re.compile(rf"^\s*当前报纸名称\s*[:：]\s*{PAPER_NAME}\s*$")),
    ("paper", re.compile(rf"^\s*{PAPER_NAME}\s*(?:数字报纸|数字报|电子版|电子报|多媒体数字版|数字版)?\s*$")),
    ("paper+date", re.compile(rf"^\s*{PAPER_NAME}\s+(?P<date>{DATE})\s*(?:星期[一二三四五六日天])?\s*$")),
    ("date", re.compile(rf"^\s*(?:前一版|上一版|上一期)\s*(?P<date>{DATE})\s*(?:后一版|下一版|下一期)\s*$")),
    ("date", re.compile(rf"^\s*(?P<date>{DATE})\s*上一期\s*[|｜]?\s*下一期\s*$")),
    ("page", re.compile(rf"^\s*报名\s*[:：]\s*{PAPER_NAME}\s+版次\s*[:：]\s*(?P<page>第?[A-Za-z]?\d{{1,5}}版)")),
    ("date", re.compile(rf"^\s*(?:发布日期|出版日期|刊发日期)\s*[:：]\s*(?P<date>{DATE})\s*$")),
    ("month-day", re.compile(r"^\s*日期\s*[:：]\s*(?P<mo>\d{1,2})\s*-\s*(?P<d>\d{1,2})\s*$")),
    ("page", re.compile(r"^\s*(?:当前版|版面)\s*[:：]\s*(?P<page>第?[A-Za-z]?\d{1,5}版)")),
    ("lone-page", re.compile(r"^\s*(?P<page>第?[A-Za-z]?\d{1,5}版)\s*[:：]\s*\S{1,12}\s*$")),
)
EPAPER_PAGE = re.compile(r"^\s*(?P<page>第?[A-Z]?\d{1,2}版)\s*[:：]\s*\S{1,10}\s*$")  # 第08版:风采 above an e-paper story


# -- the byline grammar (article.byline reads it) ------------------------------------------------------
# A byline is a run of these tokens and nothing else: “甘肃日报记者 吕兆丰/文 蒲俊杰/图”, “记者 X 通讯员 Y 报道”,
# “大众网·海报新闻记者 闫子墨 菏泽报道”, “来源：卧龙区委政法委 鄢春雨 柏子涵”, “莫宇晴综宣”.
BYLINE_TOKENS = re.compile(
    rf"(?P<sep>[\s、，,;；]+|[/／|｜]\s*(?![文图](?:\s|$|[/／]?\s*{NAME})))"
    rf"|(?P<label>(?:来源|稿源|作者|采写|撰稿|撰文|文图|图文|文字|摄影|图片|视频)\s*[:：])"
    rf"|(?P<pubrole>{PUBLISHER}(?=(?:{ROLE_RE})))"
    rf"|(?P<role>{ROLE_RE}|文\s*/\s*图|图\s*/\s*文|[文图](?=\s*[/／|｜:：]))"
    rf"|(?P<after>[/／]\s*(?:文字|文|图片|图|摄影|摄))"
    rf"|(?P<suffix>摄影?|报道|综宣|综合|整理|采写|编译|供图|供稿)(?=[\s、，,/／）)]|$)"
    rf"|(?P<place>[{HAN}]{{2,6}}报道)(?=\s|$)"
    rf"|(?P<name>[{HAN}]{{1,8}}(?:[·•．][{HAN}]{{1,8}}){{1,3}}|[{HAN}][{HAN}·]{{1,4}}?)(?=[\s、，,;；/／|｜）)]|$|摄|报道|综宣|综合|整理|采写|{ROLE_RE})")
ORG = re.compile(rf"\s*(?P<org>[{HAN}·]{{2,20}}?(?:委员会|政法委|公安局|司法局|法院|检察院|派出所|司法所|中心|办公室|委|局|所|院|站|"
                 rf"报|网|台|社))(?=[\s）)]|$)")
