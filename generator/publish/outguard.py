"""The output-folder guard: whose folder `--out` is, and whether a build may replace it (claim)."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..errors import PinganError, visible
from .cache import CACHE_DIR
from .filelist import IGNORED, strays
from .swap import MARKER, recover

log = logging.getLogger(__name__)

# A build replaces the whole output folder. So before it starts, `claim` refuses a folder whose loss would destroy
# something: the project's sources (content/, the config file, the project folder itself or a folder holding it),
# the theme, the build cache, a part of a built site, or a folder holding files this tool did not write.
#
# A folder is the tool's when it holds MARKER, a small JSON file every build writes into the site it publishes:
# {"generator": "pingan", "project": <project_id()>, "entries": [the names at the site's top level]}.
# The project is a hash of the absolute path of the config file: stable however often the cache is deleted, and,
# since the marker is published with the site (a hidden file, but web servers serve those unless told not to), it
# does not give away the path (which may hold a person's user name). Nothing in it depends on where the site is
# written, so a site's bytes are the same in any folder. A marker of another project means two projects share one
# output folder: refused, except in the project's default output folder, site/ beside the config (the project
# was moved or copied with its site: the site moved with it). A name at the top level that the marker does not
# list was put there by someone else: refused. Sites built before the marker existed are recognised by the files
# every build writes at the top (LEGACY) and the engine's name in the home page (another generator's site with
# the same file names is not taken for one of ours); the next build marks them.
#
# Below the top level, the files of a site are listed after each build (`remember`) in the project's cache, by
# output folder (a site's file list is not published); `check_owner` refuses a folder holding a file or a folder that
# the last build into it did not write (a document saved beside the pages). Without the list (the cache deleted, a
# site of an earlier version) only the top level is checked.
#
# Two builds into one folder at once are serialised by a lock named by the folder (in the system's temporary
# folder, so that nothing is left beside the site); the second then finds the first one's marker.

# Every name a build may write at the site's top level (tests/test_out_guard.py holds it to what the sample site's
# build writes): `pingan check` refuses a file of content/root/ of such a name before any build is tried.
TOP_NAMES = frozenset({"index.html", "404.html", "robots.txt", "sitemap.xml", "sitemap.xml.gz",
                       "feed.xml", "atom.xml", "api", "assets", "images", "search-index", "columns", MARKER,
                       *(u.strip("/") for u in (urls.NEWS, urls.TAGS, urls.REGIONS, urls.SEARCH, urls.CASES,
                                                urls.MEDIATORS, urls.HONORS, urls.DATA, urls.SITEMAP))})


def built_at_top(name: str) -> bool:
    """Whether a build may write `name` at the site's top level: one of TOP_NAMES or a sitemap part
    (sitemap-<section>-<n>.xml, see outputs/sitemap.py)."""
    return name in TOP_NAMES or (name.startswith("sitemap-") and name.endswith(".xml"))


LEGACY = ("index.html", "sitemap.xml", "robots.txt", "feed.xml", "atom.xml")
_HINT = "去掉 --out，网站会生成到配置文件旁的 site/；或者用 --out 指定一个新的或空的文件夹。"


class OutputError(PinganError):
    """The output folder cannot be used: replacing it would destroy something, or it is another project's."""

    def __init__(self, message: str, hint: str = _HINT) -> None:
        super().__init__(f"{message}\n    提示：{hint}")


def project_id(config_path: Path) -> str:
    """The project's name in MARKER: a hash of its config file's absolute path."""
    return hashlib.sha256(b"pingan-site\0" + os.fsencode(config_path.resolve())).hexdigest()[:24]


@dataclass(frozen=True)
class Owner:
    """Whose site a build writes (project_id()), and whether into the project's default output folder."""

    project: str
    default: bool


def marker(owner: Owner, top: set[str]) -> bytes:
    """MARKER's bytes for a site of `owner` whose top level holds `top` (besides MARKER itself)."""
    data = {"generator": "pingan", "project": owner.project, "entries": sorted({*top, MARKER})}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_mark(folder: Path) -> dict[str, object] | None:
    """What MARKER in `folder` says; None when there is none or it is not one of ours."""
    try:
        data = json.loads((folder / MARKER).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != "pingan" or not isinstance(data.get("project"), str):
        return None
    entries = data.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        return None
    return data


def unmarked_site(folder: Path) -> bool:
    """Whether `folder` holds a site built before sites were marked: the files every build writes at the top
    (LEGACY), and a home page that names the engine (MkDocs with the Material theme) as its generator."""
    if not all((folder / name).is_file() for name in LEGACY):
        return False
    try:
        with (folder / "index.html").open("rb") as page:
            head = page.read(64 * 1024)
    except OSError:
        return False
    return b'name="generator" content="mkdocs-' in head and b"mkdocs-material-" in head


def looks_like_site(folder: Path) -> bool:
    """Whether `folder` holds a site of ours: our marker, or an unmarked one of an earlier version."""
    return read_mark(folder) is not None or unmarked_site(folder)


class _Places:
    """The project's folders and how to name a path in a message: relative to the project folder where it is
    inside it or holds it, else in full; a symbolic link as given, with where it leads."""

    def __init__(self, config_path: Path) -> None:
        self.given_root = Path(os.path.abspath(config_path)).parent
        self.config = config_path.resolve()
        self.root = self.config.parent

    def name(self, path: Path, folder: bool = True) -> str:
        for root in (self.given_root, self.root):
            if path == root:
                return "./"
            if path.is_relative_to(root):
                shown = path.relative_to(root).as_posix()
                break
            if root.is_relative_to(path):  # a folder holding the project: ../ when just above it, else in full (/)
                shown = os.path.relpath(path, root).replace(os.sep, "/")
                shown = shown if shown == ".." else os.fspath(path)
                break
        else:
            shown = os.fspath(path)
        return shown + ("/" if folder and not shown.endswith("/") else "")

    def shown(self, given: Path, target: Path, folder: bool = True) -> str:
        """`given` (as typed, made absolute) by name, and where it leads when that is somewhere else."""
        first, real = self.name(given, folder), self.name(target, folder)
        return first if first == real or given == target else f"{first}（指向 {real}）"


def typed(path: str) -> str:
    """A path as it is typed in a command: in quotes when it holds a space (else the shell splits it in two)."""
    return f'"{path}"' if any(ch.isspace() for ch in path) else path


def _resolve(out: Path, places: _Places) -> Path:
    """`out` with every symbolic link followed; a loop of links is refused in words."""
    try:
        return out.resolve()
    except (RuntimeError, OSError):  # RuntimeError: Python before 3.13 says "Symlink loop" so
        raise OutputError(f"不能把网站生成到 {places.name(Path(os.path.abspath(out)))}：这个路径中的符号链接"
                          "形成了循环（或者层数太多），找不到它真正指向哪里。",
                          "请检查这个路径中的符号链接，或者用 --out 换一个文件夹。") from None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _lineage(path: Path) -> list[Path]:
    """`path` and its folders up to the top, each that exists."""
    return [p for p in (path, *path.parents) if p.exists()]


def check_paths(config_path: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy the project's sources, the theme or the cache.

    Only reads: runs before anything is written. Folders are compared as the system sees them (device and
    inode), so a symbolic link, a `..` or another spelling of a name does not get past."""
    from ..render import theme as theme_adapter

    places = _Places(config_path)
    root = places.root
    given = Path(os.path.abspath(out))
    target = _resolve(out, places)
    where = places.shown(given, target)
    ids = {p: _identity(p) for p in _lineage(target)}
    inside = {i for i in ids.values() if i is not None}  # the folders `out` is or lies inside

    def holds(path: Path) -> bool:  # whether `out` is `path` or a folder holding it
        me = ids.get(target)
        return me is not None and any(_identity(p) == me for p in (path, *path.parents))

    if holds(root):
        if _identity(root) == ids.get(target):
            raise OutputError(f"不能把网站生成到 {where}：这是项目文件夹本身（site_config.yml 所在的文件夹），"
                              "生成会用网站替换掉配置文件和全部稿件。")
        held = os.path.relpath(root, target).replace(os.sep, "/")
        raise OutputError(f"不能把网站生成到 {where}：它包含项目文件夹 {held}/"
                          "（site_config.yml 所在的文件夹），生成会用网站替换掉整个项目。")
    config_id = _identity(places.config)
    if config_id is not None and config_id == ids.get(target):
        raise OutputError(f"不能把网站生成到 {places.shown(given, target, folder=False)}："
                          "这是网站配置文件，不是文件夹；生成会用网站替换掉配置。")
    try:
        theme = theme_adapter.theme_dir().resolve()
    except PinganError:  # no theme: the build says so
        theme = None
    protected = [(root / "content", "稿件文件夹", "全部稿件", "稿件"),
                 (root / CACHE_DIR, "生成缓存文件夹", "缓存", "缓存"),
                 *([(theme, "主题文件夹", "主题", "主题文件")] if theme is not None else [])]
    for path, what, all_of_it, part in protected:
        named = places.name(path.resolve()) if path.exists() else places.name(path)
        me = _identity(path)
        if me is None:
            continue
        if ids.get(target) == me:
            raise OutputError(f"不能把网站生成到 {where}：这是{what}，生成会用网站替换掉{all_of_it}。")
        if me in inside:
            raise OutputError(f"不能把网站生成到 {where}：它在{what} {named} 里面，生成会用网站替换掉这里的{part}。")
        if holds(path):
            raise OutputError(f"不能把网站生成到 {where}：它包含{what} {named}，生成会用网站替换掉{all_of_it}。")
    nearest = _lineage(target)[0] if _lineage(target) else None
    if nearest is not None and not nearest.is_dir():
        if nearest == target:
            file = places.shown(given, target, folder=False)
            raise OutputError(f"不能把网站生成到 {file}：这是一个文件，不是文件夹。",
                              "--out 后面请写一个文件夹（不存在时会自动新建），不要写文件。")
        raise OutputError(f"不能把网站生成到 {where}：{places.name(nearest, False)} 是一个文件，不是文件夹。",
                          "--out 后面请写一个文件夹（不存在时会自动新建），不要写文件。")
    for folder in target.parents:
        if looks_like_site(folder):
            raise OutputError(f"不能把网站生成到 {where}：它在已经生成的网站 {places.name(folder)} 里面，"
                              "生成会把这部分换成一个完整的网站，原来的网站就不完整了。",
                              f"要更新那个网站，请用 --out {typed(places.name(folder).rstrip('/'))} 生成整个网站。")


def check_owner(config_path: Path, out: Path, owner: Owner) -> None:
    """Refuse an output folder that holds files this tool did not write, or another project's site."""
    places = _Places(config_path)
    target = _resolve(out, places)
    where = places.shown(Path(os.path.abspath(out)), target)
    try:
        names = sorted(set(os.listdir(target)) - IGNORED)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise OutputError(f"不能把网站生成到 {where}：它是一个文件，不是文件夹。",
                          "--out 后面请写一个文件夹（不存在时会自动新建），不要写文件。") from None
    if not names:
        return
    data = read_mark(target)
    if data is not None:
        if data["project"] != owner.project and not owner.default:
            raise OutputError(
                f"不能把网站生成到 {where}：这里是另一个项目生成的网站（其中的 {MARKER} 标记属于另一个配置文件），"
                "两个项目共用一个输出文件夹会互相覆盖。",
                "请给每个项目用各自的输出文件夹。如果这是本项目移动位置以前生成的网站，先删除这个文件夹再生成。")
        entries = data["entries"]
        assert isinstance(entries, list)
        foreign = [n for n in names if n not in entries] or strays(config_path, target)
    elif MARKER in names:
        raise OutputError(f"不能把网站生成到 {where}：里面的 {MARKER} 标记已损坏，无法确认这个文件夹是 pingan "
                          "生成的网站；生成会把整个文件夹换成新网站。",
                          "如果这确实是以前生成的网站，先删除这个文件夹再生成；否则请用一个新的或空的文件夹。")
    elif unmarked_site(target):  # a site built before sites were marked: only what a build writes at the top
        kept = places.root / "content" / "root"  # and the files content/root/ puts there
        foreign = [n for n in names if not built_at_top(n) and not (kept / n).is_file()]
    else:
        foreign = names
    if foreign:
        listed = "、".join(visible(n) for n in foreign[:3]) + (f" 等 {len(foreign)} 项" if len(foreign) > 3 else "")
        raise OutputError(f"不能把网站生成到 {where}：里面有不是 pingan 生成的文件（{listed}），生成会把整个文件夹"
                          "换成新网站，这些文件就没有了。",
                          "请用一个新的或空的文件夹；如果确实要用这个文件夹，先把里面的这些文件移到别处"
                          "（网站验证文件这类要放在网站顶层的文件，请放进 content/root/，"
                          "每次生成会原样放到网站顶层）。")


def _writable(folder: Path) -> None:
    """Raise the error writing into `folder` would meet (read-only disk, no permission), before the build works."""
    existing = _lineage(folder)
    if not existing or os.access(existing[0], os.W_OK):
        return
    try:
        read_only = bool(os.statvfs(existing[0]).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        read_only = False
    code = errno.EROFS if read_only else errno.EACCES
    raise OSError(code, os.strerror(code), os.fspath(existing[0]))


@contextlib.contextmanager
def _out_lock(target: Path, where: str) -> Iterator[None]:
    """Held while a build writes into `target`: a second build into the same folder waits for the first."""
    from filelock import FileLock, Timeout

    folder = Path(tempfile.gettempdir()) / f"pingan-out-locks-{os.getuid() if hasattr(os, 'getuid') else 0}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.lstat()
        usable = stat.S_ISDIR(st.st_mode) and (not hasattr(os, "getuid") or st.st_uid == os.getuid())
    except OSError:
        usable = False
    if not usable:  # someone else's, or no room: builds of one project are still serialised by build.cache_lock
        yield
        return
    key = hashlib.sha256(os.fsencode(target)).hexdigest()[:24]
    lock = FileLock(str(folder / f"{key}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning("另一个生成正在写入输出文件夹 %s，等它完成后再开始……", where)
        lock.acquire()
    except OSError:  # the temporary folder is full or read-only: the build itself says what it meets
        yield
        return
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def claim(config_path: Path, out: Path) -> Iterator[Owner]:
    """Check that `out` may be replaced by this project's site and hold it for the build; yields what to mark
    the new site with.

    Raises OutputError (or the OSError a write there would meet) before anything is written to `out`."""
    check_paths(config_path, out)
    places = _Places(config_path)
    target = _resolve(out, places)
    _writable(target.parent)
    owner = Owner(project_id(config_path), target == places.root / "site")
    with _out_lock(target, places.shown(Path(os.path.abspath(out)), target)):
        if target.parent.is_dir():
            recover(target)  # a site a killed build left aside is back before it is looked at
        check_owner(config_path, out, owner)
        yield owner
