"""The typed schema of `site_config.yml` and its loader."""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, ValidationError, ValidationInfo, computed_field, field_validator

from .configtree import duplicate_ids, region_field
from .errors import ConfigError, Problem
from .schema import Schema, check_slug, fail, problems_from, refuse
from .yamlsrc import Document, YamlError, load

Slug = Annotated[str, AfterValidator(check_slug)]
def _not_blank(value: str) -> str:
    """A text made only of spaces (a full-width “　” from a Chinese input method among them) and invisible format
    characters (zero-width spaces, pasted from web pages) is empty."""
    if value and not "".join(c for c in value if unicodedata.category(c) != "Cf").strip():
        raise refuse("不能为空（只有空格或看不见的字符）", "请填写内容；中文输入法打出的全角空格“　”也是空格。")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]


LOGO_KINDS = (".png", ".svg", ".jpg", ".jpeg", ".webp")
FAVICON_KINDS = (".png", ".ico", ".svg")


# Chinese punctuation and full-width forms (：／＠１), typed with a Chinese input method where only ASCII works
WIDE = re.compile(r"[\u3000-\u303f\uff00-\uffef]")


def _url_slip(url: str) -> str | None:
    """What is wrong with a site address, said in words (None: nothing found here, or nothing in words)."""
    wide = WIDE.search(url)
    if wide:
        return f"里有全角字符“{wide[0]}”：网址里的冒号、斜杠和字母都要用英文半角（切换到英文输入法再写）"
    if re.search(r"\s", url):
        return "里有空格，请删掉"
    if re.search(r"[\u4e00-\u9fff]", url):
        return ("里有汉字：网址只用英文字母、数字、点、连字符和斜杠（路径可以用拼音；中文域名请写成 xn-- 开头的形式，"
                "域名注册商或浏览器地址栏里可以查到）")
    if not re.match(r"^https?://", url, re.IGNORECASE):
        return "没有以 http:// 或 https:// 开头"
    if not re.match(r"^https?://", url):
        return "开头的 http:// 或 https:// 请用小写字母"
    if "//" in url.split("://", 1)[1]:
        return "的路径里有连续两个斜杠 //，网页的样式和链接会因此失效：请删掉多的一个"
    if not url.endswith("/"):
        return "应以斜杠 / 结尾（网站放在子目录里时也是，例如 https://www.example.gov.cn/pingan/）"
    return None


class SiteInfo(Schema):
    """网站基本信息。"""

    name: Text = Field(description="网站名称，显示在页眉、标题和订阅源中。")
    base_url: str = Field(description="网站正式网址，以 http:// 或 https:// 开头、以 / 结尾。")
    description: str = Field("", description="网站简介，用于搜索引擎和订阅源。")
    timezone: str = Field("Asia/Shanghai", description="时区，默认北京时间 Asia/Shanghai。")
    logo: str = Field("", description="页眉里网站名称前的标志（可选）：放在 content/root/ 里的图片的文件名，例如 "
                      "logo.png（PNG、SVG、JPEG 或 WebP，接近正方形）。不写时显示盾牌图标。")
    favicon: str = Field("", description="浏览器标签页和收藏夹里的小图标（可选）：放在 content/root/ 里的图片的文件名，"
                         "例如 favicon.png（PNG、ICO 或 SVG，正方形，64×64 像素左右）。不写时用红底白色盾牌。")

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        hint = ("例如 https://pingan.example.gov.cn/ 或 https://www.example.gov.cn/pingan/ ；"
                "订阅源和站点地图里的链接都以它为前缀。")
        wrong = _url_slip(value)
        if wrong is not None:
            raise refuse(f"网站网址 {value} {wrong}", hint)
        if not re.match(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~%/-]*)?$", value):
            raise fail("以 http:// 或 https:// 开头、以 / 结尾的网址", hint)
        return value

    @field_validator("logo", "favicon")
    @classmethod
    def _root_picture(cls, value: str, info: ValidationInfo) -> str:
        kinds = LOGO_KINDS if info.field_name == "logo" else FAVICON_KINDS
        if value and not (re.fullmatch(r"[A-Za-z0-9._-]+", value) and value.lower().endswith(kinds)):
            raise fail(f"content/root/ 里的图片文件名（{'、'.join(kinds)}）",
                       f"先把图片放进 content/root/，文件名只用英文、数字、点和连字符，再写成 {info.field_name}: "
                       f"{'logo.png' if info.field_name == 'logo' else 'favicon.png'}。")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise fail("有效的时区名称", "中国大陆请写 Asia/Shanghai。") from None
        return value


class Contact(Schema):
    """联系方式，显示在页脚。"""

    phone: str = Field("", description="对外公开的联系电话。")
    email: str = Field("", description="对外公开的电子邮箱。")
    address: str = Field("", description="办公地址（单位地址，不是个人住址）。")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        """Written in a Chinese input method (qszfw＠qingshi.gov.cn) the footer's mailto: link mails no one."""
        value = value.strip()
        # any address a mail program takes (o'brien@, pingan@平安.中国), but one @ and a domain with a dot
        if value and (WIDE.search(value) or not re.fullmatch(r"[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+\.?", value)):
            wide = WIDE.search(value)
            raise refuse(f"电子邮箱里有全角字符“{wide[0]}”" if wide else f"电子邮箱 {value} 写得不对",
                         "切换到英文输入法重写：@ 和点都要用半角。")
        return value

    @computed_field  # type: ignore[prop-decorator]  # in model_dump: the templates get the dump
    @property
    def tel(self) -> str:
        """The phone number as a tel: address a phone can dial from the footer; "" when it is written with more
        than a number (0935-1234567（工作日）): only the number itself could be dialled."""
        number = "".join(self.phone.split())
        return f"tel:{number}" if re.fullmatch(r"\+?[0-9]+(?:-[0-9]+)*", number) else ""


class Identity(Schema):
    """政府网站标识信息，显示在每页页脚。"""

    host: Text = Field(description="主办单位。")
    organizer: str = Field("", description="承办单位（可选）。")
    contact: Contact = Field(default_factory=lambda: Contact(), description="联系方式。")
    icp: Text = Field(description="ICP备案号，例如 陇ICP备12345678号。")
    police_record: Text = Field(description="公安机关备案号，例如 甘公网安备 62060202000001号。")
    site_code: str = Field(description="网站标识码（10 位数字或字母）。")

    @field_validator("site_code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # 6211220001 without quotes is a number to YAML (0620000001 is text: yamlsrc)
        if isinstance(value, str) and not re.fullmatch(r"[0-9A-Za-z]{10}", value):
            wide = re.search(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", value)
            raise refuse(f"网站标识码 {value} 里有全角字符“{wide[0]}”，请改用半角数字或字母" if wide else
                         f"网站标识码应为 10 位数字或字母，“{value}”是 {len(value)} 个字符",
                         "网站标识码见政府网站信息报送系统（全国政府网站基本信息数据库），请照原样抄写。")
        return value  # anything else is refused as 应为文本 by its type


ColumnKind = Literal["动态要闻", "通知公告", "政策文件", "人事", "规划计划", "专题", "其他"]


class Column(Schema):
    """栏目。"""

    id: Slug = Field(description="栏目标识（ASCII），用于网址 /columns/<id>/。")
    name: Text = Field(description="栏目中文名称，显示在导航中。")
    description: str = Field("", description="栏目简介。")
    kind: ColumnKind = Field("动态要闻", description=(
        "栏目类别，决定 pingan audit 检查的更新时限：动态要闻 2 周；通知公告、政策文件 6 个月；人事、规划计划 1 年；"
        "专题、其他不查更新（但空栏目照样算空白栏目）。"))


class Region(Schema):
    """地区树的一个节点。"""

    id: Slug = Field(description="地区标识（ASCII），用于网址 /regions/<id>/。")
    name: Text = Field(description="地区中文名称。")
    level: Literal["省", "市", "州", "县", "区", "县级市", "乡镇", "街道", "开发区", "村", "社区"] = Field(
        description="层级：省、市、州、县、区、县级市、乡镇、街道、开发区、村、社区。")
    children: list[Region] = Field(default_factory=list, description="下级地区。")


class Listing(Schema):
    """列表页设置。"""

    page_size: int = Field(15, ge=1, le=200, description="每页显示的稿件数。")
    home_per_column: int = Field(6, ge=1, le=50, description="首页每个栏目显示的最新稿件数。")
    related: int = Field(5, ge=0, le=5, description="文章页“相关阅读”的最多篇数（不超过 5）。")


class Feeds(Schema):
    """订阅源（RSS/Atom）设置。"""

    items: int = Field(20, ge=1, le=500, description="每个订阅源包含的最新稿件数。")
    full_text: bool = Field(True, description="是否在订阅源中输出全文。")


class Privacy(Schema):
    """个人信息检查设置。"""

    allow: list[str] = Field(default_factory=list,
                             description="允许公开的号码和邮箱，例如 12345 热线、单位公开电话；"
                                         "本站联系电话和邮箱自动允许。")


class Security(Schema):
    """正文中原始 HTML 的安全设置。"""

    iframe_hosts: list[str] = Field(default_factory=list,
                                    description="允许嵌入 <iframe> 的网站域名，例如 player.example.gov.cn；"
                                                "默认不允许。")


class Images(Schema):
    """图片设置。"""

    max_width: int = Field(1440, ge=480, le=4096, description="发布图片的最大宽度（像素）；更大的原图会缩小后发布。")


class Wording(Schema):
    """本站自己的规范表述（本地机构、地名、荣誉的写法），与内置词典一起检查。"""

    wrong: Text = Field(max_length=40, description="错误写法（照字面查找）。")
    right: Text = Field(max_length=80, description="规范写法。")
    severity: Literal["严重", "一般", "提示"] = Field("一般", description="严重（单项否决）、一般（扣分）或提示。")
    basis: str = Field("", max_length=200, description="依据，例如 市委编办关于机构更名的通知。")
    note: str = Field("", max_length=200, description="给编辑的说明（可选）。")


class Editorial(Schema):
    """编辑流程：三审和规范表述。"""

    require_review: bool = Field(False, description=(
        "true：稿件必须在信息区 review 里写完初审、复审、终审（审核人和时间）才会发布；没写完的不发布，"
        "pingan audit 会列出来。"))
    terms: list[Wording] = Field(default_factory=list, description="本站自己的规范表述条目。")


class SiteConfig(Schema):
    """`site_config.yml` 的全部设置。"""

    site: SiteInfo
    identity: Identity
    columns: list[Column] = Field(min_length=1, description="栏目列表，至少一个。")
    regions: list[Region] = Field(default_factory=list, description="地区树（省 > 市/州 > 县/区 > 乡镇/街道）。")
    tags: dict[str, Slug] = Field(default_factory=dict,
                                  description="标签的 ASCII 标识（可选），例如 调解: tiaojie；未列出的标签自动用拼音。")
    listing: Listing = Field(default_factory=lambda: Listing())
    feeds: Feeds = Field(default_factory=lambda: Feeds())
    privacy: Privacy = Field(default_factory=lambda: Privacy())
    security: Security = Field(default_factory=lambda: Security())
    images: Images = Field(default_factory=lambda: Images())
    editorial: Editorial = Field(default_factory=lambda: Editorial())

    @property
    def public_contacts(self) -> list[str]:
        """Numbers and addresses that may appear on the site: the allow-list plus the office's own contact."""
        contact = self.identity.contact
        return [*self.privacy.allow, *(v for v in (contact.phone, contact.email) if v)]

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.site.timezone)

    @cached_property
    def column_map(self) -> dict[str, Column]:
        return {c.id: c for c in self.columns}

    @cached_property
    def region_map(self) -> dict[str, Region]:
        return {r.id: r for r, _ in _walk(self.regions, None)}

    @cached_property
    def region_parent(self) -> dict[str, str | None]:
        return {r.id: (p.id if p else None) for r, p in _walk(self.regions, None)}

    def region_chain(self, region_id: str) -> list[Region]:
        """The region and its ancestors, outermost first."""
        chain: list[Region] = []
        current: str | None = region_id
        while current is not None:
            chain.append(self.region_map[current])
            current = self.region_parent[current]
        return chain[::-1]


def _walk(regions: list[Region], parent: Region | None) -> Iterator[tuple[Region, Region | None]]:
    for region in regions:
        yield region, parent
        yield from _walk(region.children, region)


_MISSING_HINT = "请在网站目录中运行，或用 --config 指定 site_config.yml 的位置。"


def _missing(path: Path, shown: str) -> Problem:
    """No config at `path`: said with the folder looked in, and the project folder above it when there is one (a
    build run from content/news/)."""
    absolute = path.absolute()
    hint = _MISSING_HINT
    for folder in list(absolute.parents)[1:]:
        if (folder / absolute.name).is_file():
            hint = (f"上级文件夹 {folder} 里有 {absolute.name}：请先进入那个文件夹（cd {folder}）再运行，"
                    "或用 --config 指定它。")
            break
    return Problem(shown, None, "", f"找不到配置文件 {absolute}（在文件夹 {absolute.parent} 里找过）", hint)


def check_file(path: Path) -> None:
    """Raise ConfigError unless `path` is a regular file this user may read (a folder, a pipe or a device
    given as the config would be read forever or not at all)."""
    shown = path.name or os.fspath(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ConfigError([_missing(path, shown)]) from None
    except OSError as exc:
        raise ConfigError([_unreadable(path, shown, exc)]) from None
    if stat.S_ISDIR(st.st_mode):
        inner = path / "site_config.yml"
        hint = (f"--config 后面请写配置文件本身：你是不是想写 --config {inner}？" if inner.is_file() else
                "--config 后面请写配置文件本身，例如 --config 项目文件夹/site_config.yml；如果 site_config.yml "
                "被误建成了文件夹，请把这个文件夹改名，再放入真正的配置文件。")
        raise ConfigError([Problem(shown, None, "", f"配置文件 {path} 是一个文件夹，不是文件", hint)])
    if not stat.S_ISREG(st.st_mode):
        raise ConfigError([Problem(shown, None, "", f"配置文件 {path} 不是普通文件（是管道、设备或套接字）",
                                   "请用 --config 指定真正的 site_config.yml 文件。")])
    if not os.access(path, os.R_OK):
        raise ConfigError([_unreadable(path, shown, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))])


def _unreadable(path: Path, shown: str, exc: OSError) -> Problem:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Problem(shown, None, "", f"没有权限读取配置文件 {path}",
                       "请检查文件的权限和所有者（例如运行 chmod u+r site_config.yml），或换一个有权限的用户运行。")
    name = errno.errorcode.get(exc.errno or 0, "")
    return Problem(shown, None, "", f"读取配置文件 {path} 时出错：{exc.strerror or exc}（{name}）",
                   "请检查这个文件和所在的磁盘后重试。")


def load_config(path: Path) -> SiteConfig:
    """Read and validate `site_config.yml`; raise ConfigError listing every problem."""
    shown = path.name or os.fspath(path)
    from .content.frontmatter import FrontMatterError, read_text

    check_file(path)
    try:
        text = read_text(path, shown)
    except FileNotFoundError:
        raise ConfigError([_missing(path, shown)]) from None
    except FrontMatterError as exc:
        raise ConfigError([exc.problem]) from None
    except OSError as exc:
        raise ConfigError([_unreadable(path, shown, exc)]) from None
    try:
        doc = load(text, shown)
    except YamlError as exc:
        raise ConfigError(exc.problems) from None
    if not isinstance(doc.data, dict):
        raise ConfigError([Problem(shown, 1, "", "配置文件应为键值对（映射），实际为空或不是映射",
                                   "请参照示例 site_config.yml 填写。")])
    problems = doc.problems + duplicate_ids(doc)
    try:
        config = SiteConfig.model_validate(doc.data)
    except ValidationError as exc:
        problems = problems_from(exc, SiteConfig, doc) + problems
    else:
        problems += _missing_pictures(config, path, doc)
    if problems:
        problems = [replace(p, field=region_field(p.field, doc.data)) for p in problems]
        raise ConfigError(sorted(problems, key=lambda p: (p.line or 0, p.field)))
    return config


def _missing_pictures(config: SiteConfig, path: Path, doc: Document) -> list[Problem]:
    """The logo and the favicon named in the config must be files of content/root/ (published as they are)."""
    problems = []
    for field in ("logo", "favicon"):
        name = getattr(config.site, field)
        if name and not (path.resolve().parent / "content" / "root" / name).is_file():
            problems.append(Problem(doc.path, doc.line_of(("site", field)), f"site.{field}",
                                    f"找不到 content/root/{name}",
                                    "把图片放进 content/root/（文件名的大小写也要一样），"
                                    "或删掉这一行，使用默认的图标。"))
    return problems
