"""Limits instead of exhaustion (generator/limits.py): small hostile inputs end quickly with a Chinese error.

Nothing here measures speed: the whole-site tests run `pingan` in a process limited to 1 GB of address space
and two minutes of processor time, and only ask that it finishes with exit code 1, a Chinese message for each
file and no traceback (before these limits, 458 bytes of YAML took 24 GB, a deep list 9 minutes and a FIFO
forever).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import stat
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest

from generator import limits
from generator.cli import main
from generator.config import load_config
from generator.content.news import load_news, load_story
from generator.errors import Collector, ContentError
from generator.limits import MAX_DEPTH, Unreadable, open_file, special_files
from generator.nesting import nesting
from generator.outputs import encoder, images
from generator.publish.writer import Writer
from generator.render.markdown import EXTENSIONS
from generator.yamlsrc import YamlError, load

from .conftest import BASE_CONFIG, NOW, SiteMaker, fixture_files, make_image

sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
from corpus.common import story  # noqa: E402 - the corpus is a script package
from corpus.limits import laughs, png_header  # noqa: E402

CORPUS = Path(__file__).parent / "bad_inputs"
FAILING = sorted(p.name for p in CORPUS.iterdir() if p.name.startswith(("limit-", "crash-"))
                 and not (p / "verdict").exists())


def site(root: Path) -> Path:
    """The good base site of the hostile corpus, written into `root`; returns its config."""
    (root / "content").mkdir(parents=True)
    (root / "site_config.yml").write_text(BASE_CONFIG, encoding="utf-8")
    for rel, text in fixture_files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    make_image(root / "content/images/cover.jpg")
    make_image(root / "content/images/body.jpg", (800, 600))
    return root / "site_config.yml"


def problems(config: Path) -> list[str]:
    collector = Collector()
    load_news(config.parent, load_config(config), collector)
    return [p.format() for p in sorted(collector.problems)]


@pytest.fixture
def alarm() -> Iterator[None]:
    """A test that would hang (reading a FIFO) fails after 20 seconds instead."""
    def stop(*_: object) -> None:
        raise TimeoutError("blocked")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def bounded(args: list[str]) -> subprocess.CompletedProcess[str]:
    """`pingan ARGS` in a process (and children) limited to 1 GB of address space and 120 s of processor time."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (120, 120))

    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=300,
                          preexec_fn=limit, env={**os.environ, "PINGAN_IMAGE_WORKERS": "2"})


def real_png(path: Path, width: int, height: int) -> None:
    """A complete one-colour RGB PNG of width x height, written row by row (12000 x 12000 is ~400 KB)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    packer = zlib.compressobj(9)
    row = b"\0" + b"\x80\x40\x20" * width
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", width.to_bytes(4, "big") + height.to_bytes(4, "big")
                                                   + b"\x08\x02\0\0\0")
                     + chunk(b"IDAT", data) + chunk(b"IEND", b""))


# -- whole sites, in a bounded process --------------------------------------------------------------------

def test_hostile_content_ends_quickly_with_chinese_errors(tmp_path: Path) -> None:
    config = site(tmp_path / "src")
    content = config.parent / "content"
    news = content / "news/2021"
    (news / "laughs.md").write_text(story("laughs", extra="subtitle:\n" + "".join(
        f"  {line}\n" for line in laughs(12).splitlines())), encoding="utf-8")
    (news / "brackets.md").write_text(story("brackets", extra="tags: " + "[" * 2000 + "]" * 2000 + "\n"),
                                      encoding="utf-8")
    # an unclosed quote before 300,000 brackets: the search for a full-width comma after a bracket is one pass
    (news / "unclosed.md").write_text("---\nid: unclosed\ntitle: \"" + "[" * 300_000 + "\n---\n正文。\n",
                                      encoding="utf-8")
    (news / "deep-list.md").write_text(story("deep-list", "\n".join("  " * i + "- 条目" for i in range(900))),
                                       encoding="utf-8")
    (news / "quotes.md").write_text(story("quotes", "\n".join("> " * i + "引用" for i in range(1, 600))),
                                    encoding="utf-8")
    os.mkfifo(news / "pipe.md")
    os.symlink("/dev/zero", news / "zero.md")
    with open(news / "huge.md", "wb") as sparse:  # 2 GB that take no disk space
        sparse.truncate(2 << 30)
    listening = socket.socket(socket.AF_UNIX)
    try:
        listening.bind(str(content / "cases.sock"))
        checked = bounded(["check", "--config", str(config)])
        built = bounded(["build", "--config", str(config)])
    finally:
        listening.close()
    assert checked.returncode == built.returncode == 1
    # check says the same and, going on, which files' bodies wait for their headers to be mended; the build says it
    # stopped before reading any body
    from generator.cli.say import STOPPED_EARLY

    said = built.stderr.removesuffix(STOPPED_EARLY + "\n")
    assert said != built.stderr and "Traceback" not in built.stderr and checked.stderr.startswith(said)
    assert checked.stderr[len(said):].endswith("没能完整检查（上面的错要先改）：里面的正文、图片、链接和人名"
                                                      "要等这些错改好后才检查，改好后请再检查一次。\n")
    for expected in ("laughs.md 第 9 行，字段 subtitle.b 第 1 项：使用了 YAML 的别名",
                     "brackets.md 第 7 行：嵌套太深（超过 50 层）",
                     "unclosed.md 第 3 行：这一行的引号没有配对的另一半",
                     "deep-list.md 第 59 行，字段 正文：列表、引用或 HTML 元素嵌套太深",
                     "quotes.md 第 59 行，字段 正文：列表、引用或 HTML 元素嵌套太深",
                     "pipe.md：这个文件不是普通文件，而是命名管道（FIFO）",
                     "zero.md：这个文件是指向 content/ 以外（/dev/zero）的快捷方式",
                     "huge.md：这个文件太大（2048 MB，上限 1 MB）",
                     "content/cases.sock：这个文件不是普通文件，而是套接字（socket）"):
        assert expected in built.stderr
    assert not (config.parent / "site").exists()


def test_hostile_images_end_quickly_with_chinese_errors(tmp_path: Path) -> None:
    config = site(tmp_path / "src")
    content = config.parent / "content"
    real_png(content / "images/huge.png", 12000, 12000)  # 144 megapixels: 2 GB and English warnings before
    with open(content / "images/heavy.jpg", "wb") as sparse:
        sparse.truncate(60 << 20)
    whole = (content / "images/body.jpg").read_bytes()
    (content / "images/cut.jpg").write_bytes(whole[: len(whole) // 2])
    (content / "news/2021/pictures.md").write_text(story("pictures", "\n\n".join(
        f"![现场{n}](../../images/{n})" for n in ("huge.png", "heavy.jpg", "cut.jpg"))), encoding="utf-8")
    checked = bounded(["check", "--config", str(config)])
    built = bounded(["build", "--config", str(config)])
    assert checked.returncode == built.returncode == 1
    assert "Traceback" not in built.stderr and "Warning" not in built.stderr and checked.stderr == built.stderr
    assert "图片尺寸太大（12000×12000，共 1.4 亿像素，上限 5000 万像素）：../../images/huge.png" in built.stderr
    assert "图片文件太大（60 MB，上限 50 MB）：../../images/heavy.jpg" in built.stderr
    assert "无法读取的图片文件（已损坏或不是图片）：../../images/cut.jpg" in built.stderr


@pytest.mark.parametrize("case", FAILING)
def test_check_reports_what_the_build_fails_on(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                               ) -> None:
    """`pingan check` prints exactly the errors the build of each limit-/crash- case ends with (expected.txt), or,
    where it goes on to read the bodies a build never reaches after a refused file, check.txt (what refers to it)."""
    config = site(tmp_path / "src")
    fixture = CORPUS / case
    for item in sorted(fixture.rglob("*")):
        rel = item.relative_to(fixture).as_posix()
        if rel in ("expected.txt", "check.txt", "args", "verdict") or (item.is_dir() and not item.is_symlink()):
            continue
        target = config.parent / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.name.endswith(".replace"):
            old, new = item.read_text(encoding="utf-8").split("\n", 1)
            changed = target.with_suffix("")
            changed.write_text(changed.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        elif item.name.endswith(".fifo"):
            os.mkfifo(target.with_name(item.name.removesuffix(".fifo")))
        elif item.is_symlink():
            target.unlink(missing_ok=True)
            os.symlink(os.readlink(item), target)
        else:
            shutil.copyfile(item, target)
    capsys.readouterr()
    assert main(["check", "--config", str(config)]) == 1
    from generator.cli.say import KEPT, STOPPED_EARLY

    said = fixture / "check.txt" if (fixture / "check.txt").exists() else fixture / "expected.txt"
    assert capsys.readouterr().err == said.read_text(encoding="utf-8").replace(STOPPED_EARLY + "\n", "").replace(
        KEPT.format("配置文件旁的 site") + "\n", "")  # a check builds nothing, so it keeps nothing either


# -- YAML -------------------------------------------------------------------------------------------------

def test_aliases_are_refused_before_any_expansion() -> None:
    for levels in (9, 26):  # 9**26 strings if expanded
        with pytest.raises(YamlError) as raised:
            load(laughs(levels), "x.yml")
        assert [p.format() for p in raised.value.problems] == [
            "错误：x.yml 第 2 行，字段 b 第 1 项：使用了 YAML 的别名（*名字）\n"
            "    提示：这里不支持 YAML 的锚点、别名和合并键（&名字、*名字、<<）：请把要重复的内容直接写出来。"]
    with pytest.raises(YamlError, match="第 3 行.*合并键"):
        load("base: &b {a: 1}\nitem:\n  <<: *b\n", "x.yml")
    assert load("title: &t 标题\n", "x.yml").data == {"title": "标题"}  # an anchor alone does nothing


@pytest.mark.parametrize("text", ["t: " + "[" * n + "]" * n for n in (51, 999, 5000)]
                         + ["t:\n" + "".join("  " * i + "- \n" for i in range(60)), "t:\n" + "- " * 3000 + "x"])
def test_yaml_nesting_is_bounded(text: str) -> None:
    with pytest.raises(YamlError, match=f"嵌套太深（超过 {MAX_DEPTH} 层）"):
        load(text, "x.yml")


def test_yaml_nesting_up_to_the_limit_is_read() -> None:
    value = load("t: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH, "x.yml").data["t"]  # the mapping is level 0
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == []


def test_a_number_too_long_to_read() -> None:
    with pytest.raises(YamlError, match="第 1 行，字段 n：数字太长"):
        load("n: " + "9" * 5000, "x.yml")


# -- characters -------------------------------------------------------------------------------------------

REFUSED = ([chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)]
           + ["\x7f", "\x80", "\x85", "\x9b", "\x9f", "\ufdd0", "\ufffe", "\uffff"])


@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_every_refused_character_is_an_error_wherever_it_is(char: str) -> None:
    name = limits.control_name(char)
    written = f"\\U{ord(char):08X}"  # as a YAML escape in quotes
    for text, field in ((f'title: "标{written}题"\n', "title"), (f"tags: [平安{char}建设]\n", "tags 第 1 项"),
                        (f"authors:\n  - {{name: 李{char}明}}\n", "authors 第 1 项的 name"),
                        (f"body: |\n  第一段。\n  第二{char}段。\n", "body")):
        line = text.count("\n", 0, max(text.find(char), text.find(written))) + 1
        try:
            found = load(text, "x.yml").problems
        except YamlError as exc:
            found = exc.problems
        assert [(p.line, p.field, p.message) for p in found] == [(line, field, f"含有不可见的控制字符 {name}")], text
    body = limits.control_problems(f"第一段。\n\n第二{char}段。", "x.md", 9, "正文")
    assert [(p.line, p.message) for p in body] == [(11, f"含有不可见的控制字符 {name}")]
    referenced = limits.control_problems(f"第一段&#{ord(char)};。", "x.md", 9, "正文")
    assert [p.message for p in referenced] == [f"含有不可见的控制字符 {name}（写成了 &# 字符引用）"]


def test_word_line_and_page_breaks_become_breaks_and_spaces(tmp_path: Path) -> None:
    config = site(tmp_path / "src")
    (config.parent / "content/news/2021/word.md").write_text(
        story("word", "第一行\x0b第二行\x0c下一页。", title="标题\x0b第二行", extra='tags: ["平安\\v建设"]\n'),
        encoding="utf-8")
    collector = Collector()
    loaded = load_story(config.parent, config.parent / "content/news/2021/word.md", load_config(config), collector)
    assert loaded is not None  # the space a break leaves between two Chinese words in a tag is said (it may be two)
    assert [(p.level, p.message) for p in collector.problems] == [("warning", "列表的一项里有空格：“平安 建设”会被当成一项")]
    assert loaded.meta.title == "标题 第二行" and loaded.meta.tags == ["平安 建设"]
    assert loaded.body.strip() == "第一行<br>第二行<br>下一页。"  # a line break that keeps every line in place
    assert limits.control_problems("&#11;&#x0c;", "x.md", 1, "正文")  # as references they are refused: no <br>


def test_file_names_with_control_characters_are_errors(tmp_path: Path) -> None:
    config = site(tmp_path / "src")
    (config.parent / "content/news/2021/a\x1bb.md").write_text(story("named"), encoding="utf-8")
    assert [p.format() for p in special_files(config.parent)] == [
        "错误：content/news/2021/a<U+001B>b.md：这个文件的名称含有不可见的控制字符 U+001B（ESC）\n"
        "    提示：请给这个文件（或文件夹）改名，只用看得见的字符。"]
    assert problems(config) == []  # not loaded, so reported once


# -- special files ----------------------------------------------------------------------------------------

def test_special_files_are_errors_and_never_opened(tmp_path: Path, alarm: None) -> None:
    config = site(tmp_path / "src")
    root, content = config.parent, config.parent / "content"
    (tmp_path / "outside.md").write_text(story("outside"), encoding="utf-8")
    os.mkfifo(content / "news/2021/pipe.md")
    os.symlink("../../../../outside.md", content / "news/2021/outside.md")
    os.symlink("gone.md", content / "news/2021/dangling.md")
    os.symlink("loop.md", content / "news/2021/loop.md")
    (content / "drafts").mkdir()
    (content / "drafts/linked.md").write_text(story("linked"), encoding="utf-8")
    os.symlink("../../drafts/linked.md", content / "news/2021/linked.md")  # inside content/: allowed
    os.symlink(str(tmp_path), content / "folder")
    (content / "news/2021/folder.md").mkdir()  # ignored: a folder is not a story
    device = content / "images/null.jpg"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        device = None
    found = [p.format().split("\n")[0] for p in special_files(root)]
    assert found == sorted([
        "错误：content/folder：这个文件是指向 content/ 以外（" + str(tmp_path) + "）的快捷方式（符号链接）",
        *(["错误：content/images/null.jpg：这个文件不是普通文件，而是设备文件，读取它会一直等下去"] if device else []),
        "错误：content/news/2021/dangling.md：这个文件是快捷方式（符号链接），但它指向的 gone.md 不存在",
        "错误：content/news/2021/loop.md：这个文件是循环指向自己的快捷方式（符号链接）",
        "错误：content/news/2021/outside.md：这个文件是指向 content/ 以外（../../../../outside.md）的快捷方式（符号链接）",
        "错误：content/news/2021/pipe.md：这个文件不是普通文件，而是命名管道（FIFO），读取它会一直等下去"])
    # The loaders and the personal-data scan skip them (reported once, above); the second name loads.
    collector = Collector()
    stories = load_news(root, load_config(config), collector)
    assert collector.problems == []
    assert "linked" in {s.id for s in stories} and "outside" not in {s.id for s in stories}
    from generator import privacy

    privacy.scan_site(root, [], Collector())


def test_a_fifo_put_in_place_after_the_check_is_not_waited_on(tmp_path: Path, alarm: None,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    monkeypatch.setattr(limits, "refusal", lambda *_: None)  # as if it had been an ordinary file when listed
    with pytest.raises(Unreadable, match="命名管道"):
        open_file(tmp_path / "pipe.md")


def test_preview_reloading_a_fifo_reports_it(tmp_path: Path, alarm: None) -> None:
    config = site(tmp_path / "src")
    path = config.parent / "content/news/2021/alpha.md"
    path.unlink()
    os.mkfifo(path)
    collector = Collector()
    assert load_story(config.parent, path, load_config(config), collector) is None
    assert [p.message for p in collector.problems] == ["这个文件不是普通文件，而是命名管道（FIFO），读取它会一直等下去"]


def test_files_over_the_size_limits(tmp_path: Path) -> None:
    config = site(tmp_path / "src")
    with open(config.parent / "content/news/2021/long.md", "wb") as sparse:
        sparse.write(story("long").encode())
        sparse.truncate(limits.MAX_TEXT_BYTES * 3 // 2)
    assert problems(config) == [
        "错误：content/news/2021/long.md：这个文件太大（1.5 MB，上限 1 MB）\n"
        "    提示：一篇稿件或一条记录不会这么大：请检查是不是把别的文件（数据、压缩包、日志）误改成了这个名字；"
        "特别长的材料请分成几篇。"]
    with open(tmp_path / "big.jpg", "wb") as sparse:
        sparse.truncate(limits.MAX_IMAGE_BYTES + limits.MB)
    with pytest.raises(images.ImageProblem, match="图片文件太大（51 MB，上限 50 MB）"):
        images.probe(tmp_path / "big.jpg")


# -- images -----------------------------------------------------------------------------------------------

def test_pixels_are_counted_from_the_header(tmp_path: Path) -> None:
    (tmp_path / "bomb.png").write_bytes(png_header(100_000, 100_000))
    with pytest.raises(images.ImageProblem, match=r"图片尺寸太大（100000×100000，共 100.0 亿像素"):
        images.probe(tmp_path / "bomb.png")
    (tmp_path / "ok.png").write_bytes(png_header(7000, 7000))  # 49 megapixels: allowed, but holds no pixels
    with pytest.raises(images.ImageProblem, match="无法读取的图片文件"):  # found by decoding when probed
        images.probe(tmp_path / "ok.png")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_image_damaged_after_it_was_probed_fails_the_build_in_chinese(
        workers: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", workers)
    photo = tmp_path / "content/images/photo.jpg"
    second = tmp_path / "content/images/second.jpg"
    make_image(photo, (1600, 1200))  # enough pixels to be encoded in processes when there are two (ENCODE_FROM)
    make_image(second, (1600, 1200), colour=(10, 20, 30))
    refs = [images.probe(photo), images.probe(second)]
    photo.write_bytes(photo.read_bytes()[:2000])
    started: list[int] = []  # the worker's error is the one tested with two workers
    real = encoder.process_pool
    monkeypatch.setattr(encoder, "process_pool", lambda count, *rest: started.append(count) or real(count, *rest))
    with pytest.raises(ContentError) as raised, Writer(tmp_path / "out") as writer:
        encoder.publish(refs, tmp_path / "cache", writer)
    assert started == ([] if workers == "1" else [2])
    assert raised.value.format() == ("错误：content/images/photo.jpg：无法读取的图片文件（已损坏或不是图片）\n"
                                     "    提示：请换一张 JPG、PNG、WebP 或不含脚本的 SVG 图片。")


# -- Markdown nesting -------------------------------------------------------------------------------------

ORDINARY = """\
## 主要做法

1. 第一条
   - 细节一
     - 更细的一点
       > 引用一句话
2. 第二条

        缩进的代码块，前面有八个空格

<div class="note"><p>没有结束标签的段落<p>又一段<br>换行</div>
<https://example.org/a> 和 <a@example.org>，a<b 且 b>c。
""" + "<p>段落\n" * 200 + "                                                                  落款：某县委政法委\n"


def test_nesting_counts_markers_and_open_elements_only() -> None:
    assert nesting(ORDINARY) is None
    assert nesting("\n".join("  " * i + "- x" for i in range(MAX_DEPTH))) is None
    assert nesting("\n".join("  " * i + "- x" for i in range(MAX_DEPTH + 1))) == (MAX_DEPTH, MAX_DEPTH + 1)
    assert nesting("> " * MAX_DEPTH + "x") is None
    assert nesting("> " * (MAX_DEPTH + 1) + "x") == (0, MAX_DEPTH + 1)
    assert nesting("<div>\n" * (MAX_DEPTH + 1)) == (MAX_DEPTH, MAX_DEPTH + 1)
    assert nesting("<div></div>\n" * 1000) is None
    assert nesting(" " * 100_000 + "正文") is None  # an indented line without markers nests nothing


@pytest.mark.parametrize("text", [
    "\n".join("  " * i + "- x" for i in range(MAX_DEPTH)),
    "\n".join("> " * i + "x" for i in range(1, MAX_DEPTH + 1)),
    "\n".join("    " * i + "1. x" for i in range(MAX_DEPTH // 2)),
    '<div markdown="1">\n' * (MAX_DEPTH - 1) + "x\n" + "</div>\n" * (MAX_DEPTH - 1),
], ids=["list", "quotes", "numbered", "md-in-html"])
def test_markdown_up_to_the_limit_converts(text: str) -> None:
    assert nesting(text) is None
    markdown.Markdown(extensions=EXTENSIONS).convert(text)  # no RecursionError


def test_long_runs_of_invisible_characters_and_spaces_are_read_in_linear_time(tmp_path: Path) -> None:
    """A pasted file with tens of thousands of zero-width spaces, or a header line of spaces YAML cannot read, is
    answered at once, not after minutes (patterns that rescan a run from every position)."""
    import time

    from generator.content.frontmatter import read_text
    from generator.yamlhints import unreadable

    started = time.perf_counter()
    pasted = tmp_path / "a.md"
    pasted.write_text("---\ntitle: 甲" + "\u200b" * 40000 + "乙\n---\n" + " " + "\u200b" * 40000 + " \n", encoding="utf-8")
    assert read_text(pasted, "a.md") == "---\ntitle: 甲乙\n---\n " + "\u200b" * 40000 + " \n"  # a run alone stays
    import yaml

    text = "title: 通知: " + " " * 40000 + "x\n"
    try:
        yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        said = unreadable(exc, text, "x.md", 1)
    assert said and len(said[0].hint) < 200
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("data, message", [
    (b"", "图片文件是空的（0 字节）"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, "这是手机拍的 HEIC 格式照片，只改扩展名不能转换"),
    (b"%PDF-1.7\n" + b"x" * 64, "这是 PDF 文件，不是图片"),
    (b"BM" + b"\x00" * 64, "这是 BMP 格式的图片，网站不收这种格式"),
])
def test_a_file_that_is_no_picture_is_said_to_be_what_it_is(make_site: SiteMaker, data: bytes, message: str) -> None:
    """A phone's HEIC photo renamed .jpg, an empty file from an unfinished copy, a PDF: each is named for what it is,
    with how to make it a picture (it was "damaged or not a picture" for all of them)."""
    from generator.build import check
    from generator.errors import ContentError

    from .conftest import story as story_of

    cfg = make_site({"content/news/2021/a.md": story_of("a", body="![调解现场](../../images/photo.jpg)")})
    (cfg.parent / "content/images").mkdir(parents=True, exist_ok=True)
    (cfg.parent / "content/images/photo.jpg").write_bytes(data)
    with pytest.raises(ContentError) as raised:
        check(cfg, now=NOW)
    assert [p.message for p in raised.value.problems] == [f"{message}：../../images/photo.jpg"], raised.value.problems


def test_a_phone_s_50_or_108_megapixel_jpeg_is_taken_and_decoded_at_a_fraction() -> None:
    """A 50-megapixel phone writes 8192×6144 (just over 50 million pixels) and a 108-megapixel one 12032×9024: both
    were refused as too large, though a JPEG is decoded at 1/2 to 1/8 of its size. The header alone decides; other
    formats, decoded whole, keep the lower limit."""
    import io

    from PIL import Image

    from generator.outputs.images import ImageProblem, _open_raster

    def jpeg(width: int, height: int) -> bytes:
        buf = io.BytesIO()
        Image.new("RGB", (16, 16)).save(buf, "JPEG")
        data = bytearray(buf.getvalue())
        at = data.index(b"\xff\xc0") + 5  # SOF0: precision, then height and width
        data[at:at + 4] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
        return bytes(data)

    for size in ((8192, 6144), (12032, 9024)):
        with _open_raster(jpeg(*size)) as im:
            assert im.size == size
    with pytest.raises(ImageProblem, match="上限 2.0 亿像素"):
        _open_raster(jpeg(16000, 16000))
    buf = io.BytesIO()
    Image.new("1", (8192, 6144)).save(buf, "PNG")
    with pytest.raises(ImageProblem, match="上限 5000 万像素"):
        _open_raster(buf.getvalue())
