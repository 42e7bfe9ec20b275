"""content/root/: files published as they are at the site's top level (the files search engines and monitoring
services ask a site to hold: baidu_verify_….html, MP_verify_….txt), and the names a build keeps for itself there."""

from __future__ import annotations

from pathlib import Path

from .. import privacy
from ..active import published_as_is_problem
from ..errors import Problem
from ..limits import ROOT_FILE_BYTES
from ..publish.outguard import TOP_NAMES, built_at_top
from .frontmatter import encoding_problem

ROOT_FILES = "content/root"  # files published as they are at the site's top level (site verification files)


def root_file_problems(root: Path, taken: set[str] | frozenset[str] = TOP_NAMES) -> list[Problem]:
    """What keeps content/root/ from being published at the site's top level, as it is (the files search engines
    and monitoring services ask a site to hold: baidu_verify_….html, MP_verify_….txt): only top-level ordinary
    files of at most 1 MB, and none named as something the build writes at the top (index.html, news/)."""
    folder = root / ROOT_FILES
    if not folder.is_dir():
        return []
    problems = []
    for path in sorted(folder.iterdir()):
        shown = f"{ROOT_FILES}/{path.name}"
        if path.is_symlink() or not path.is_file():
            problems.append(Problem(shown, None, "", "这里只能放文件（不能放文件夹或链接）",
                                    "网站验证文件直接放在 content/root/ 里；其他文件请放到别处。"))
        elif path.stat().st_size > ROOT_FILE_BYTES:
            problems.append(Problem(shown, None, "", "文件超过 1 MB", "这里只放网站验证文件这样的小文件。"))
        elif path.name in taken or built_at_top(path.name):
            problems.append(Problem(shown, None, "", f"与网站自动生成的 {path.name} 同名，会把它覆盖",
                                    "请删除或改名；网站验证文件通常名如 baidu_verify_xxx.html。"))
        elif (named := _name_problem(path.name)) is not None:
            problems.append(Problem(shown, None, "", named, "请删除或改名；网站验证文件通常名如 baidu_verify_xxx.html、"
                                                            "MP_verify_xxx.txt、BingSiteAuth.xml。"))
        elif (unread := _unreadable(path, shown)) is not None:
            problems.append(unread)
        elif (active := published_as_is_problem(path.suffix.lower(), path.read_bytes())) is not None:
            problems.append(Problem(shown, None, "", active.message, active.hint))
    return problems


def _unreadable(path: Path, shown: str) -> Problem | None:
    """Why the personal-data check cannot read a file of content/root/ (which is published as it is): a text that
    is not UTF-8 (a CSV saved by Excel on Chinese Windows is GBK), or a kind of file it does not read (.xlsx)."""
    suffix = path.suffix.lower()
    if suffix in privacy.TEXT_SUFFIXES:
        raw = path.read_bytes()
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return encoding_problem(raw, exc, shown)
        return None
    if suffix in privacy.IMAGE_SUFFIXES or suffix == ".svg":
        return None
    kind = suffix or "（无扩展名）"
    return Problem(shown, None, "", f"这类文件（{kind}）查不了里面有没有个人信息，不能原样发布",
                   "content/root/ 只放网站验证文件这样的文本文件（.html、.txt、.xml，UTF-8 编码）；"
                   "名单、表格、Word 文档里常有姓名和电话，请不要放在网站上，要公开的内容写进稿件。")


# Names a web server acts on rather than sends: the pages it shows for the site's address instead of index.html
# (IIS serves Default.htm first; Apache index.php), what it runs (a.php, and a.php.html too where Apache maps
# every suffix), and its own settings files (.htaccess, web.config). Compared in lower case: IIS ignores case.
_INDEX_STEMS = ("index", "default", "iisstart")
# What a server shows for a folder's address: a page (an image named index.jpg is no home page).
_INDEX_KINDS = frozenset({"html", "htm", "xhtml", "shtml", "shtm", "stm", "php", "asp", "aspx", "jsp"})
# What a server may run, wherever the suffix stands in the name (Apache maps every suffix: a.php.html runs as PHP;
# IIS 6 mapped .asa, .cer and .cdx to ASP, and .cgi and .pl are commonly handed to CGI). Shell and other scripts
# only a CGI set-up runs by name are not listed: a name like a.sh.gov.cn.txt is a domain's.
_SERVER_RUNS = frozenset({"php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phar", "asp", "aspx",
                          "asa", "ashx", "asmx", "axd", "cer", "cdx", "jsp", "jspx", "cfm", "cfml", "cgi", "pl",
                          "shtml", "shtm", "stm", "ssi"})
_SERVER_FILES = frozenset({"web.config", "crossdomain.xml", "clientaccesspolicy.xml"})


def _name_problem(name: str) -> str | None:
    """Why a web server would act on a file of this name instead of just sending it; None when it would not."""
    lower = name.lower()
    parts = lower.split(".")
    if lower.startswith(".") or lower in _SERVER_FILES:
        return f"{name} 是网站服务器的设置文件，放在网站上会改变服务器的行为"
    if ";" in name:
        return f"文件名里的分号会让一些网站服务器（IIS）只读分号前面的部分，把 {name} 当作程序执行"
    if parts[0] in _INDEX_STEMS and len(parts) > 1 and parts[-1] in _INDEX_KINDS:
        return f"网站服务器可能把 {name} 当作首页，代替网站生成的首页显示"
    if runs := [part for part in parts[1:] if part in _SERVER_RUNS]:
        return f"文件名里的 .{runs[0]} 会让网站服务器把它当作程序执行，而不是原样发送"
    return None
