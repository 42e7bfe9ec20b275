"""The personal-data gate: finds ID, phone, bank card and plate numbers, e-mail, QQ and WeChat ids.

Everything that can reach the output is scanned: Markdown files (front matter and body, image alt text
included), record files, site_config.yml, file names and the text fields of image metadata. A finding is
reported with file, line and field and shown masked; the full value is never printed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Collector, Level, Problem

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .pagecache import Memo

# GB 11643-1999: weights and check characters of the 18-digit citizen identity number.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# First two digits: the province-level divisions (GB/T 2260) plus 港澳台 and 外国人永久居留 (9x).
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
              53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91, 92, 93}
_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9][ -])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])(?![ -][0-9])"
ID18_RE = re.compile(_NOT_ALNUM_BEFORE + r"\d(?:[ -]?\d){16}[ -]?[0-9Xx]" + _NOT_ALNUM_AFTER)
ID15_RE = re.compile(_NOT_ALNUM_BEFORE + r"\d(?:[ -]?\d){14}" + _NOT_ALNUM_AFTER)
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z+])(?<![0-9][ -])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}"
                       + _NOT_ALNUM_AFTER)
CARD_RE = re.compile(_NOT_ALNUM_BEFORE + r"\d(?:[ -]?\d){15,18}" + _NOT_ALNUM_AFTER)
PLATE_RE = re.compile(f"[{_PLATE_PROVINCES}][A-HJ-NP-Z][·•・. ]?(?=[A-HJ-NP-Z0-9]*[0-9])[A-HJ-NP-Z0-9]{{5,6}}"
                      r"(?![A-Za-z0-9])")
EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
QQ_RE = re.compile(r"(?:QQ|qq|扣扣)\s*(?:号码|号|群)?\s*[:：]?\s*([1-9]\d{4,11})(?![0-9])")
WECHAT_RE = re.compile(r"(?:微信号?|微信群号|[Ww]e[Cc]hat|[Vv]信|[Ww][Xx]|[Vv][Xx])\s*[:：]\s*"
                       r"([A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])")
# Finer than a township: 门牌 / 号楼 / 单元 / 室 and street numbers (checked in case records only).
ADDRESS_RE = re.compile(r"门牌|\d+\s*(?:号楼|号院|栋|幢|单元|室)|[\u4e00-\u9fff](?:路|街|巷|弄)\s*\d+\s*号")
# A cheap test that skips the detectors on lines that cannot hold a finding.
_PREFILTER = re.compile(r"\d{5}|\d[ -]\d|@|[Qq]{2}|扣扣|微信|[Ww]e[Cc]hat|[Vv]信|[WwVv][Xx]|门牌|\d\s*[号栋幢单室]|"
                        f"[{_PLATE_PROVINCES}][A-HJ-NP-Z]")

TEXT_SUFFIXES = {".md", ".markdown", ".yml", ".yaml", ".txt", ".html", ".htm", ".csv", ".json"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}
# EXIF tags that hold free text: ImageDescription, Artist, Copyright, UserComment, XP* (Windows).
_EXIF_TEXT = {0x010E: "ImageDescription", 0x013B: "Artist", 0x8298: "Copyright", 0x9286: "UserComment",
              0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords", 0x9C9F: "XPSubject"}

HINTS = {
    "身份证号": "公开网页不得出现身份证号。请删除，当事人写成“何某”即可。",
    "手机号": "公开网页不得出现个人手机号。请删除；单位对外公开的电话请加入 site_config.yml 的 privacy.allow。",
    "银行卡号": "公开网页不得出现银行卡号，请删除。",
    "车牌号": "公开网页不得出现完整车牌号。请删除，或写成“豫H·****”这样的形式。",
    "电子邮箱": "公开网页不得出现个人邮箱；单位对外公开的邮箱请加入 site_config.yml 的 privacy.allow。",
    "QQ号": "公开网页不得出现个人 QQ 号；官方公开的 QQ 群号请加入 site_config.yml 的 privacy.allow。",
    "微信号": "公开网页不得出现个人微信号；官方公众号请写名称，或把它加入 site_config.yml 的 privacy.allow。",
    "详细地址": "案例的地点只写到乡镇、村或社区，不要写门牌号、楼号、单元或室号。",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str  # normalised; never shown
    level: Level = "error"
    note: str = ""

    @property
    def masked(self) -> str:
        return mask(self.value, self.kind)

    def message(self) -> str:
        return f"疑似{self.kind}{self.note}：{self.masked}"


# Full-width digits, letters and signs (U+FF01–FF5E) to ASCII, one character for one, so that
# positions in the normalised text are positions in the original and Chinese punctuation stays as it is.
# Full-width colons and spaces are left alone: the patterns accept them as they are, and mapping them would
# make nearly every Chinese line take the slow path below.
_HALF = {0xFF01 + i: 0x21 + i for i in range(0x5E) if chr(0x21 + i) in "0123456789+-.@_" or chr(0x21 + i).isalpha()}
_FULL_WIDTH = re.compile("[" + "".join(chr(k) for k in _HALF) + "]")


def normalise(text: str) -> str:
    """Full-width digits and letters to ASCII, so １３８… is found like 138…; the length is unchanged."""
    return text.translate(_HALF) if _FULL_WIDTH.search(text) else text


def compact(value: str) -> str:
    """The value without separators, for comparison with the allow-list."""
    value = re.sub(r"[\s\-·•・.()（）]", "", normalise(value)).lower()
    return re.sub(r"^(?:\+|00)?86(?=1[3-9]\d{9}$)", "", value)


def mask(value: str, kind: str) -> str:
    """Keep just enough to find the spot: 410***********34, z***@example.cn."""
    if kind == "详细地址":
        return re.sub(r"\d", "*", value)
    if kind == "电子邮箱":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    keep_head, keep_tail = (3, 2) if len(value) >= 10 else (1, 1)
    if kind == "车牌号":
        keep_head, keep_tail = 2, 0
    hidden = len(value) - keep_head - keep_tail
    return value[:keep_head] + "*" * max(hidden, 3) + (value[-keep_tail:] if keep_tail else "")


def _birth_ok(text: str) -> bool:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def id18_status(digits: str) -> str | None:
    """'valid' for a GB 11643 number with a correct check digit, 'checksum' when only that is wrong."""
    if len(digits) != 18 or int(digits[:2]) not in _PROVINCES or not _birth_ok(digits[6:14]):
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


def _digits(text: str) -> str:
    return re.sub(r"[ -]", "", text)


def scan(text: str, allow: frozenset[str] = frozenset(), addresses: bool = False) -> list[Finding]:
    """Every finding in one line (or short text), in order of position; allow-listed values are skipped."""
    return [f for _, _, f in _spans(text, allow, addresses)]


def _spans(text: str, allow: frozenset[str] = frozenset(), addresses: bool = False
           ) -> list[tuple[int, int, Finding]]:
    text = normalise(text)
    if not _PREFILTER.search(text):
        return []
    found: list[tuple[int, int, Finding]] = []

    def add(start: int, end: int, finding: Finding) -> None:
        if compact(finding.value) in allow:
            return
        if any(s < end and start < e for s, e, _ in found):  # one report per span (an ID is not also a card)
            return
        found.append((start, end, finding))

    for m in ID18_RE.finditer(text):
        digits = _digits(m[0]).upper()
        status = id18_status(digits)
        if status == "valid":
            add(m.start(), m.end(), Finding("身份证号", digits))
        elif status == "checksum":
            add(m.start(), m.end(), Finding("身份证号", digits, "warning", "（校验位不符，请核对）"))
    for m in ID15_RE.finditer(text):
        digits = _digits(m[0])
        if int(digits[:2]) in _PROVINCES and _birth_ok("19" + digits[6:12]):
            add(m.start(), m.end(), Finding("身份证号", digits, note="（15 位旧号码）"))
    for m in MOBILE_RE.finditer(text):
        add(m.start(), m.end(), Finding("手机号", compact(m[0])))
    for m in CARD_RE.finditer(text):
        digits = _digits(m[0])
        if luhn(digits):
            add(m.start(), m.end(), Finding("银行卡号", digits))
    for m in PLATE_RE.finditer(text):
        add(m.start(), m.end(), Finding("车牌号", re.sub(r"[·•・. ]", "", m[0])))
    for m in EMAIL_RE.finditer(text):
        add(m.start(), m.end(), Finding("电子邮箱", m[0].lower()))
    for m in QQ_RE.finditer(text):
        add(m.start(1), m.end(1), Finding("QQ号", m[1]))
    for m in WECHAT_RE.finditer(text):
        add(m.start(1), m.end(1), Finding("微信号", m[1]))
    if addresses:
        for m in ADDRESS_RE.finditer(text):
            add(m.start(), m.end(), Finding("详细地址", m[0]))
    return sorted(found, key=lambda t: t[0])


def redact(text: str) -> str:
    """`text` with every finding masked: used on every message before it is shown or logged."""
    spans = _spans(text)
    for start, end, finding in reversed(spans):
        text = text[:start] + finding.masked + text[end:]
    return text


# -- walking the site ------------------------------------------------------------------------------

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_SUB_KEY = re.compile(r"^\s+(?:-\s+)?([A-Za-z_][\w-]*)\s*:")
_IMAGE_ALT = re.compile(r"!\[([^\]]*)\]")
_YAML_COMMENT = re.compile(r"(?:^|\s)#.*$")  # comments never reach the output


def _fields(lines: list[str], markdown: bool) -> Iterator[tuple[int, str, str]]:
    """(line number, field, text) for each line: YAML key paths, then 正文 for a Markdown body."""
    in_front = markdown and bool(lines) and lines[0].strip() == "---"
    yaml_part = not markdown or in_front
    top = ""
    for n, line in enumerate(lines, start=1):
        if markdown and in_front and n > 1 and line.strip() in ("---", "..."):
            yaml_part = False
            continue
        if not yaml_part:
            yield n, "正文", line
            continue
        line = _YAML_COMMENT.sub("", line)
        if m := _TOP_KEY.match(line):
            top = m[1]
            yield n, top, line
        elif (m := _SUB_KEY.match(line)) and top:
            yield n, f"{top}.{m[1]}", line
        else:
            yield n, top, line


def scan_file(path: Path, shown: str, text: str, allow: frozenset[str], addresses: bool) -> list[Problem]:
    """Problems for one text file, with line and field."""
    problems: list[Problem] = []
    # One pass over the whole file finds the few lines that could hold a finding; only those are scanned.
    flat = normalise(text)
    starts = [m.start() for m in _PREFILTER.finditer(flat)]
    if not starts:
        return problems
    candidates = {flat.count("\n", 0, start) + 1 for start in starts} if len(starts) < 50 else None
    markdown = path.suffix.lower() in (".md", ".markdown")
    for n, field, line in _fields(text.split("\n"), markdown):
        if candidates is not None and n not in candidates:
            continue
        for finding in scan(line, allow, addresses):
            if field == "正文" and any(finding.value in normalise(alt) or finding.masked in alt
                                      for alt in _IMAGE_ALT.findall(normalise(line))):
                field = "图片说明（alt）"
            problems.append(Problem(shown, n, field, finding.message(), HINTS[finding.kind], finding.level))
    return problems


def image_metadata(path: Path) -> Iterator[tuple[str, str]]:
    """(tag name, text) for each free-text metadata field of an image."""
    from PIL import Image  # imported here: most checks never open an image

    try:
        with Image.open(path) as im:
            exif = im.getexif()
            info = dict(im.info)
    except Exception:  # unreadable images are reported where they are used
        return
    for tag, name in _EXIF_TEXT.items():
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("utf-16-le" if name.startswith("XP") else "utf-8", "ignore").strip("\x00")
        if isinstance(value, str) and value.strip():
            yield name, value
    for key, value in info.items():
        if isinstance(value, str) and key not in ("dpi", "icc_profile"):
            yield f"PNG:{key}", value


PARALLEL_FROM = 200  # text files to scan from which a background process scans them (it takes ~0.3 s to start)
PART = 250  # text files per part handed to it


def scan_site(root: Path, config_allow: Iterable[str], collector: Collector, memo: Memo | None = None) -> None:
    """Scan site_config.yml and everything under content/: text, file names, image metadata.

    With `memo`, a text file's findings are kept by its content (and the allow-list), so a build after an
    edit scans only the files that changed."""
    with contextlib.closing(SiteScan(root, allowed(config_allow), memo)) as scan:
        collector.extend(scan.problems())


class SiteScan:
    """`scan_site` begun: with `background` and at least PARALLEL_FROM text files whose findings are not kept, a
    background process scans them while this one goes on (a cold build of 5,000 stories: ~2.7 s). `problems`
    waits for it and returns the findings in the order `scan_site` reports them. `paths` scans only those."""

    def __init__(self, root: Path, allow: frozenset[str], memo: Memo | None = None, background: bool = False,
                 paths: list[Path] | None = None) -> None:
        self.allow = allow  # see `allowed`
        self.memo = memo
        self.found: list[list[Problem]] = []  # per file, in order
        self.texts: list[tuple[Path, str, str, bool]] = []  # texts to scan: (path, shown, text, addresses)
        self.keep: list[tuple[int, str, str | None]] = []  # for each: its file's place in `found`, shown, memo key
        if paths is None:  # the whole site
            paths = [root / "site_config.yml"] if (root / "site_config.yml").is_file() else []
            content = root / "content"
            if content.is_dir():
                paths += sorted(p for p in content.rglob("*") if p.is_file())
        for path in paths:
            self._begin(root, path)
        self.pool: ProcessPoolExecutor | None = None
        self.parts: list[Future[list[list[list[Any]]]]] = []
        from .parallel import workers

        if background and len(self.texts) >= PARALLEL_FROM and workers() > 1:
            from .parallel import process_pool

            self.pool = process_pool(1)
            self.parts = [self.pool.submit(_scan_texts, self.texts[i:i + PART], self.allow)
                          for i in range(0, len(self.texts), PART)]
            self.texts = []

    def _begin(self, root: Path, path: Path) -> None:
        """Scan `path`'s name and image metadata, and take its text's findings from `memo` or note it as to scan."""
        shown = path.relative_to(root).as_posix()
        found = [Problem(shown, None, "文件名", finding.message(),
                         "文件名会出现在网址和图片地址里，请给文件改名，去掉这段信息。", finding.level)
                 for finding in scan(path.name, self.allow)]
        self.found.append(found)
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            try:
                text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
            except UnicodeDecodeError:
                return  # reported by the encoding check
            addresses = shown.startswith("content/cases/")
            key = None
            if self.memo is not None:
                key = self.memo.fingerprint("privacy", shown, text, sorted(self.allow), addresses)
                kept = self.memo.get(key)
                if kept is not None:
                    found += [Problem(shown, *row) for row in kept]
                    return
            self.texts.append((path, shown, text, addresses))
            self.keep.append((len(self.found) - 1, shown, key))
        elif suffix in IMAGE_SUFFIXES:
            for name, text in image_metadata(path):
                for finding in scan(text, self.allow):
                    found.append(Problem(shown, None, f"图片元数据 {name}", finding.message(),
                                         "输出的图片会去掉全部元数据，但原图里仍有这段信息；请用看图软件"
                                         "清除图片属性中的说明文字后再放进 content/。", finding.level))

    def problems(self) -> list[Problem]:
        """Every finding, in file order (waits for the background process)."""
        if self.parts:
            rows = [row for part in self.parts for row in part.result()]
        else:
            rows = _scan_texts(self.texts, self.allow)
        for (n, shown, key), kept in zip(self.keep, rows, strict=True):
            if self.memo is not None and key is not None:
                self.memo.put(key, kept)
            self.found[n] += [Problem(shown, *row) for row in kept]
        self.close()
        return [problem for found in self.found for problem in found]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _rows(problems: list[Problem]) -> list[list[Any]]:
    """A file's findings as kept (and sent between processes): all but the file."""
    return [[p.line, p.field, p.message, p.hint, p.level] for p in problems]


def _scan_texts(texts: list[tuple[Path, str, str, bool]], allow: frozenset[str]) -> list[list[list[Any]]]:
    """The findings of each text, as kept (here, or in the background process)."""
    return [_rows(scan_file(path, shown, text, allow, addresses)) for path, shown, text, addresses in texts]


def allowed(config_allow: Iterable[str]) -> frozenset[str]:
    """The allow-list in the form `scan_path` compares against."""
    return frozenset(compact(a) for a in config_allow)


def scan_path(root: Path, path: Path, allow: frozenset[str], collector: Collector, memo: Memo | None = None) -> None:
    """Scan one file of the site: its name, and its text or its image metadata."""
    collector.extend(SiteScan(root, allow, memo, paths=[path]).problems())
