"""Nothing lost, nothing leaked: killed builds, atomic swaps, image metadata and image size."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.build import build
from generator.cli import main
from generator.publish.swap import _exchange
from generator.publish.writer import Writer

from .conftest import (
    BASE_CONFIG,
    NOW,
    SiteMaker,
    fixture_files,
    kill_render_processes,
    make_image,
    site_leftovers,
    story,
    tree_bytes,
)


def test_directories_trade_places_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text("新")
    (tmp_path / "b").mkdir()
    (tmp_path / "b/index.html").write_text("旧")
    if not _exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this system has no atomic directory exchange; the two-rename fallback is tested in test_publish")
    assert (tmp_path / "b/index.html").read_text() == "新"
    assert (tmp_path / "a/index.html").read_text() == "旧"


def _site(root: Path, stories: int) -> Path:
    files = fixture_files()
    for i in range(stories):
        files[f"content/news/2022/bulk-{i:03d}.md"] = story(f"bulk-{i:03d}", title=f"批量稿件{i}", date="2022-06-01 08:00",
                                                             body="基层调解工作稳步推进。" * 40)
    (root / "site_config.yml").write_text(BASE_CONFIG, encoding="utf-8")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    make_image(root / "content/images/cover.jpg")
    make_image(root / "content/images/body.jpg", (800, 600))
    return root / "site_config.yml"


def _interruptible() -> None:
    """In the build's process, before it starts: Ctrl+C as a terminal gives it. A shell that runs the tests in the
    background (`pytest &`) ignores SIGINT, and Python then leaves it ignored in every process it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run(cfg: Path, stderr: Any = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    # PYTHONFAULTHANDLER: a build that does not end can be made to print where each of its threads is (_ended)
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--config", str(cfg)],
                            stdout=subprocess.DEVNULL, stderr=stderr, preexec_fn=_interruptible,
                            env={**os.environ, "PYTHONFAULTHANDLER": "1"})


def _ended(proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    """Wait for a build started with its errors going to `log`; one still running after `timeout` fails the test
    with every thread's stack (faulthandler prints them on SIGABRT)."""
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        proc.wait(timeout=30)
        raise AssertionError(f"the build did not end within {timeout} s:\n{log.read_text(errors='replace')[-6000:]}") from None


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_build_leaves_a_complete_site(tmp_path: Path, sig: signal.Signals) -> None:
    """Kill builds of changed content at many moments: the site is always the old one or the new one, whole."""
    cfg = _site(tmp_path, 60)
    assert main(["build", "--config", str(cfg)]) == 0  # in this process: no start-up to wait for
    out = tmp_path / "site"
    old = tree_bytes(out)
    edited = tmp_path / "content/news/2021/alpha.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("测试县推进网格化管理", "测试县全面推进网格化管理"),
                      encoding="utf-8")
    durations = []
    for _ in range(2):  # the shorter of two: a run slowed by the other test process would time every kill late
        started = time.monotonic()
        full = _run(cfg)
        full.wait(timeout=120)
        durations.append(time.monotonic() - started)
        new = tree_bytes(out)
        assert new != old
        # Put the old site back (then interrupt rebuilds of the edited content at moments spread over a build).
        edited.write_text(edited.read_text(encoding="utf-8").replace("全面推进", "推进"), encoding="utf-8")
        assert main(["build", "--config", str(cfg)]) == 0  # in this process: no start-up to wait for
        assert tree_bytes(out) == old
        edited.write_text(edited.read_text(encoding="utf-8").replace("测试县推进", "测试县全面推进"),
                          encoding="utf-8")
    duration = min(durations)
    outcomes = set()
    for fraction in (0.15, 0.4, 0.65, 0.9):  # early, two in the middle, late
        log = tmp_path / f"build-{fraction}.log"
        with log.open("wb") as errors:
            proc = _run(cfg, errors)
        time.sleep(duration * fraction)
        proc.send_signal(sig)
        _ended(proc, log)
        now = tree_bytes(out)
        assert now in (old, new), f"site changed partially after a kill at {fraction:.0%} of a build"
        outcomes.add("new" if now == new else "old")
        if now == new:  # the build had finished: restore the old site for the next round
            break
    assert "old" in outcomes  # at least one kill landed mid-build
    assert main(["build", "--config", str(cfg)]) == 0  # in this process: no start-up to wait for
    assert tree_bytes(out) == new
    assert site_leftovers(tmp_path) == []


def test_sigint_says_the_site_is_kept(tmp_path: Path) -> None:
    cfg = _site(tmp_path, 60)
    proc = _run(cfg, subprocess.PIPE)
    # Interrupt once pages are being written (the staging folder exists), not at a fixed time: on a busy
    # machine a fixed delay can land while Python is still starting, before the command runs at all.
    for _ in range(6000):  # bounded: 60 s
        if proc.poll() is not None or list(tmp_path.glob(".site.tmp-*")):
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the build finished before the interrupt arrived")
    assert proc.returncode == 130, err.decode("utf-8")[-2000:]
    assert "已中断。上一次生成的网站保持不变。" in err.decode("utf-8")


def test_ctrl_c_while_the_command_starts_gets_the_same_answer(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl+C before any work starts is answered like one during the build, not with a Python traceback: the
    command loads only the little it needs before its guard (no libraries), and reads its arguments inside it."""
    code = ("import sys, generator.cli; print(sorted(m for m in ('pypinyin', 'yaml', 'markdown', 'mkdocs', 'PIL',"
            " 'lxml', 'jinja2') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert loaded.stdout.strip() == "[]"
    from generator import cli
    from generator.cli import args

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(args, "parser", interrupted)
    assert cli.main(["build"]) == 130
    assert "已中断。上一次生成的网站保持不变。" in capsys.readouterr().err


def test_ctrl_c_in_a_terminal_stops_the_photo_workers_too(tmp_path: Path) -> None:
    """A terminal sends Ctrl+C to the whole process group: the build and its photo workers, mid-encoding."""
    import os

    cfg = _site(tmp_path, 20)
    body = "\n\n".join(f"![现场照片{i}](../../images/big{i}.jpg)" for i in range(8))
    (tmp_path / "content/news/2022/photos.md").write_text(story("photos", title="照片稿件", body=body), encoding="utf-8")
    for i in range(8):
        make_image(tmp_path / f"content/images/big{i}.jpg", (3000 + 10 * i, 2000), (30 * i, 120, 90))
    env = {**os.environ, "PINGAN_IMAGE_WORKERS": "2"}
    assert subprocess.run([sys.executable, "-m", "generator.cli", "build", "--config", str(cfg)], env=env,
                          capture_output=True).returncode == 0
    old = tree_bytes(tmp_path / "site")
    import shutil

    shutil.rmtree(tmp_path / ".pingan-cache")  # every photo to encode again
    (tmp_path / "content/news/2022/photos.md").write_text(story("photos", title="照片稿件（更新）", body=body),
                                                          encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--config", str(cfg)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_interruptible)
    for _ in range(6000):  # bounded: 60 s; pages are being written and the first photo is being encoded
        if proc.poll() is not None or list(tmp_path.glob(".site.tmp-*")):
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the build finished before the interrupt arrived")
    assert proc.returncode == 130, err.decode("utf-8")[-2000:]
    # the build's message alone: no worker prints a traceback, not even one still starting
    assert err.decode("utf-8").strip() == "已中断。上一次生成的网站保持不变。", err.decode("utf-8")[-2000:]
    for _ in range(500):  # the workers end with the build (bounded: 5 s)
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.01)
    else:
        pytest.fail("a worker process outlived the interrupted build")
    assert tree_bytes(tmp_path / "site") == old
    assert list(tmp_path.glob(".site.*")) == []


def test_published_images_carry_no_metadata_and_are_upright(make_site: SiteMaker) -> None:
    """A phone photo with GPS coordinates and a rotate-90° flag: published upright, with nothing of the camera."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "TestPhone"
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 50.0)}
    cfg = make_site({"content/news/2021/a.md": story("a", body="![调解现场的照片](../../images/gps.jpg)")})
    photo = cfg.parent / "content/images/gps.jpg"
    make_image(photo, (1200, 800), exif=exif)
    with Image.open(photo) as im:  # the fixture really carries GPS
        assert im.getexif().get_ifd(0x8825)[2] == (39.0, 54.0, 27.0)
    build(cfg, cfg.parent / "site", now=NOW)
    outputs = sorted((cfg.parent / "site/images").iterdir())
    assert {p.suffix for p in outputs} == {".jpg", ".webp"}
    for path in outputs:
        data = path.read_bytes()
        assert b"Exif" not in data and b"GPS" not in data and b"TestPhone" not in data, path.name
        with Image.open(path) as im:
            assert not im.getexif() and "exif" not in im.info and "icc_profile" not in im.info
            assert im.height > im.width  # landscape sensor data, portrait photo: orientation applied


def test_large_photos_decoded_at_a_smaller_scale_match_a_full_size_resize(make_site: SiteMaker,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A big JPEG is decoded at half size (its variants are all smaller); each published variant still shows
    the whole photo, upright, as a resize of the full-size photo would (four coloured quarters, odd sizes)."""
    from PIL import ImageChops, ImageOps, ImageStat, JpegImagePlugin

    cfg = make_site({"content/news/2021/a.md": story("a", body="![四色照片](../../images/big.jpg)")})
    big = cfg.parent / "content/images/big.jpg"
    big.parent.mkdir(parents=True)
    im = Image.new("RGB", (5999, 4001), (200, 30, 30))
    for box, colour in (((3000, 0, 5999, 2000), (30, 160, 40)), ((0, 2000, 3000, 4001), (30, 40, 200)),
                        ((3000, 2000, 5999, 4001), (230, 210, 40))):
        im.paste(colour, box)
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90° clockwise: 4001 wide, 5999 high
    im.save(big, "JPEG", quality=92, exif=exif)
    with Image.open(big) as original:
        assert original.draft(None, (2160, 1440)) is not None  # the widest variant allows a half-size decode
        upright = ImageOps.exif_transpose(Image.open(big)).convert("RGB")
    decoded: list[tuple[int, int]] = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self: JpegImagePlugin.JpegImageFile, mode: str | None, size: tuple[int, int] | None) -> object:
        result = draft(self, mode, size)
        decoded.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    build(cfg, cfg.parent / "site", now=NOW)  # one image: encoded in this process
    # checked whole when probed, at an eighth of its size (limits: a damaged photo is found by check), then
    # encoded from a half-size decode
    assert decoded == [(750, 501), (3000, 2001)]
    jpegs = sorted((cfg.parent / "site/images").glob("*.jpg"))
    assert len(jpegs) == 3
    for path in jpegs:
        with Image.open(path) as published:
            expected = upright.resize(published.size, Image.Resampling.LANCZOS)
            assert published.height > published.width
            difference = ImageStat.Stat(ImageChops.difference(published.convert("RGB"), expected)).mean
            assert max(difference) < 3, (path.name, difference)  # a turned or shifted photo differs by ~100


def test_large_images_are_resized_to_the_configured_width(make_site: SiteMaker) -> None:
    cfg = make_site({"content/news/2021/a.md": story("a", body="![大图](../../images/big.jpg)")},
                    config=BASE_CONFIG + "images:\n  max_width: 600\n")
    big = cfg.parent / "content/images/big.jpg"
    make_image(big, (2400, 1200))
    build(cfg, cfg.parent / "site", now=NOW)
    outputs = sorted((cfg.parent / "site/images").iterdir())
    widths = set()
    for path in outputs:
        assert path.read_bytes() != big.read_bytes()
        with Image.open(path) as im:
            widths.add(im.width)
            if im.format == "JPEG":  # the fallback is baseline (only browsers without WebP, feeds and cards get it)
                assert not im.info.get("progressive") and not im.info.get("progression"), path.name
    assert widths == {480, 600}



def test_parallel_and_serial_image_encoding_are_identical(make_site: SiteMaker, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    body = "\n\n".join(f"![图{i}](../../images/p{i}.jpg)" for i in range(6))
    cfg = make_site({"content/news/2021/a.md": story("a", body=body)})
    for i in range(6):
        make_image(cfg.parent / f"content/images/p{i}.jpg", (1500 + 10 * i, 1000), (40 * i, 100, 200 - 30 * i))
    outputs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("PINGAN_IMAGE_WORKERS", workers)
        cache = cfg.parent / ".pingan-cache"
        if cache.exists():
            import shutil

            shutil.rmtree(cache)  # encode everything again
        report = build(cfg, tmp_path / f"out-{workers}", now=NOW)
        assert (report.images_new, report.images_cached) == (6, 0)
        outputs[workers] = tree_bytes(tmp_path / f"out-{workers}" / "images")
    assert len(outputs["1"]) == 6 * 3 * 2  # three widths, JPEG and WebP
    assert outputs["1"] == outputs["2"]


def test_a_few_small_pictures_are_encoded_without_starting_processes(make_site: SiteMaker,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A site's cover and a picture or two take less to encode than a process takes to start: they are encoded in
    the build's own process (the same files either way, see the test above); photos as a camera takes them start them."""
    from generator.outputs import encoder

    started: list[int] = []
    real = encoder.process_pool
    monkeypatch.setattr(encoder, "process_pool", lambda count, *rest: started.append(count) or real(count, *rest))
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    body = "\n\n".join(f"![图{i}](../../images/p{i}.jpg)" for i in range(3))
    cfg = make_site({"content/news/2021/a.md": story("a", body=body)})
    for i in range(3):
        make_image(cfg.parent / f"content/images/p{i}.jpg", (800, 600 - 10 * i))
    assert build(cfg, cfg.parent / "site", now=NOW).images_new == 3
    assert started == []
    for i in range(2):  # two photos as a camera takes them: one process each
        make_image(cfg.parent / f"content/images/p{i}.jpg", (3000, 2000 - 10 * i))
    assert build(cfg, cfg.parent / "site", now=NOW).images_new == 2
    assert started == [2]


def test_photos_are_encoded_while_pages_render_at_a_low_priority_and_a_failed_build_stops_them(
        make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from generator import build as build_stage
    from generator.outputs import images
    from generator.outputs.encoder import Encoder
    from generator.render.theme import ThemeError

    body = "\n\n".join(f"![图{i}](../../images/p{i}.jpg)" for i in range(4))
    cfg = make_site({"content/news/2021/a.md": story("a", body=body)})
    for i in range(4):
        make_image(cfg.parent / f"content/images/p{i}.jpg", (1500 + 10 * i, 1000), (40 * i, 100, 200 - 30 * i))
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    encoders: list[Encoder] = []
    start = Encoder.start
    monkeypatch.setattr(Encoder, "start", lambda self, meanwhile: encoders.append(self) or start(self, meanwhile))
    seen: list[tuple[int, int, list[int]]] = []  # (encodes allowed at once, photos in the cache, the encoding
    engine = build_stage.render_pages                # processes' priorities) while pages render

    def encoded(encoder: Encoder) -> int:
        return sum(all((encoder.cache_dir / n).exists() for n in images.variant_names(r)) for r in encoder.missing)

    def run(*args: object, **kwargs: object) -> object:
        encoder = encoders[-1]
        for _ in range(600):  # the first photo is encoded before any page is written (bounded: 60 s)
            if encoded(encoder):
                break
            time.sleep(0.1)
        seen.append((encoder.allowed, encoded(encoder),
                     [os.getpriority(os.PRIO_PROCESS, p.pid) for p in multiprocessing.active_children()
                      if p.pid not in earlier]))  # this build's children (another test's may still be ending)
        if len(encoders) > 1:
            raise ThemeError("页面生成失败：测试")
        return engine(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_stage, "render_pages", run)
    earlier = {p.pid for p in multiprocessing.active_children()}
    report = build(cfg, cfg.parent / "site", now=NOW)
    assert (report.images_new, report.images_cached) == (4, 0)
    allowed, done, priorities = seen[0]
    assert allowed == 2  # every core, as the encoding processes yield to this one
    assert done >= 1  # photos were encoded before the pages were written
    # the encoding processes yield (other children of the build, such as the tag pinyin or the privacy scan, may
    # be running at the same moment at their own priority)
    assert min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10) in priorities
    assert encoders[0].pool is None and not [p for p in multiprocessing.active_children() if p.pid not in earlier]

    import shutil

    shutil.rmtree(cfg.parent / ".pingan-cache")
    before = tree_bytes(cfg.parent / "site")
    with pytest.raises(ThemeError):
        build(cfg, cfg.parent / "site", now=NOW)
    assert encoders[1].pool is None and not [  # the failed build's workers ended
        p for p in multiprocessing.active_children() if p.pid not in earlier]
    assert tree_bytes(cfg.parent / "site") == before


def test_photos_start_encoding_once_the_bodies_are_converted_and_record_photos_join_later(
        make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The story bodies' photos go to the encoder before the page data is made (so a core is not idle meanwhile);
    a mediator's photo, found only while its page's data is made, is added then and published like the others,
    and the images are those of a one-process build."""
    from generator.outputs.encoder import Encoder
    from generator.render.pages import Renderer

    from .test_records import MEDIATOR

    body = "\n\n".join(f"![图{i}](../../images/p{i}.jpg)" for i in range(3))
    mediator = MEDIATOR.format(id="wang", honors="") + "photo: images/wang.jpg\nphoto_alt: 王某在调解室接待群众\n"
    cfg = make_site({"content/news/2021/a.md": story("a", body=body), "content/mediators/wang.yml": mediator})
    for i in range(3):
        make_image(cfg.parent / f"content/images/p{i}.jpg", (1500 + 10 * i, 1000), (40 * i, 100, 200 - 30 * i))
    make_image(cfg.parent / "content/mediators/images/wang.jpg", (800, 600))
    encoders: list[Encoder] = []
    start = Encoder.start
    monkeypatch.setattr(Encoder, "start", lambda self, meanwhile: encoders.append(self) or start(self, meanwhile))
    seen: list[tuple[bool, int]] = []  # (encoder working, images it holds) when the page data is begun
    page_specs = Renderer.page_specs

    def specs(self: Renderer) -> object:
        seen.append((encoders[-1].pool is not None, len(encoders[-1].refs)))
        return page_specs(self)

    monkeypatch.setattr(Renderer, "page_specs", specs)
    trees = {}
    for workers in ("2", "1"):
        monkeypatch.setenv("PINGAN_IMAGE_WORKERS", workers)
        shutil.rmtree(cfg.parent / ".pingan-cache", ignore_errors=True)
        report = build(cfg, tmp_path / f"out-{workers}", now=NOW)
        assert (report.images_new, report.images_cached) == (4, 0)
        trees[workers] = tree_bytes(tmp_path / f"out-{workers}" / "images")
    assert seen == [(True, 3), (False, 3)]  # the mediator's photo was not known yet
    assert len(trees["2"]) == 3 * 3 * 2 + 2 * 2  # the mediator's photo (800 px) has two widths
    assert trees["2"] == trees["1"]


def test_a_broken_photo_pool_fails_the_build_instead_of_hanging(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """If the worker processes cannot take work (killed, out of memory), publishing raises that error."""
    import threading
    from concurrent.futures.process import BrokenProcessPool

    from generator.outputs import encoder as encoding
    from generator.outputs import images
    from generator.outputs.encoder import Encoder

    refs = []
    for i in range(3):  # enough pixels to encode in processes (parallel.ENCODE_FROM)
        make_image(tmp_path / f"p{i}.jpg", (1500 + 10 * i, 1000))
        refs.append(images.probe(tmp_path / f"p{i}.jpg"))

    class Broken:
        def submit(self, *args: object) -> None:
            raise BrokenProcessPool("工作进程意外退出（模拟）")

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "2")
    monkeypatch.setattr(encoding, "process_pool", lambda count, *start: Broken())
    encoder = Encoder(refs, tmp_path / "cache")
    encoder.start(1)
    raised: list[BaseException] = []

    def publish() -> None:
        try:
            with Writer(tmp_path / "out") as writer:
                encoder.publish(writer)
        except BaseException as exc:  # handed to the test thread
            raised.append(exc)

    waiter = threading.Thread(target=publish, daemon=True)
    waiter.start()
    waiter.join(timeout=30)
    encoder.close()
    assert not waiter.is_alive(), "publish waited forever on a broken pool"
    assert len(raised) == 1 and isinstance(raised[0], BrokenProcessPool)


def test_qr_codes_drawn_in_render_processes_give_the_same_site_as_a_serial_build(
        make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Story pages rendered in a render process draw their QR codes there; the site equals a one-process build,
    and the codes are kept for the next build (which draws none)."""
    from generator import parallel
    from generator.render import loop, share

    files = {f"content/news/2021/s{i:03d}.md": story(f"s{i:03d}", title=f"稿件{i}", date=f"2021-09-{1 + i % 28:02d} 08:30")
             for i in range(30)}
    cfg = make_site(files)
    drawn: list[str] = []
    qr_svg = share.qr_svg
    monkeypatch.setattr(share, "qr_svg", lambda url: drawn.append(url) or qr_svg(url))  # counts this process's
    monkeypatch.setattr(parallel, "RENDER_FROM", 1)
    monkeypatch.setattr(loop, "PART", 1000)  # one part: handed to the render process, this one waits for it
    outputs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("PINGAN_IMAGE_WORKERS", workers)
        shutil.rmtree(cfg.parent / ".pingan-cache", ignore_errors=True)  # every code drawn again
        drawn.clear()
        build(cfg, tmp_path / f"out-{workers}", now=NOW)
        outputs[workers] = tree_bytes(tmp_path / f"out-{workers}")
        assert len(drawn) == (30 if workers == "1" else 0)  # with two cores, all 30 drawn in the render process
    assert outputs["1"] == outputs["2"]
    page = outputs["2"]["news/2021/09/01/s000/index.html"].decode()
    assert qr_svg("https://pingan.example.gov.cn/news/2021/09/01/s000/") in page
    for i in (0, 1):
        (cfg.parent / f"content/news/2021/s00{i}.md").write_text(
            story(f"s00{i}", title="改过的标题", date=f"2021-09-0{1 + i} 08:30"), encoding="utf-8")
    monkeypatch.setenv("PINGAN_IMAGE_WORKERS", "1")
    drawn.clear()
    build(cfg, tmp_path / "out-2", now=NOW)  # two pages rendered again, here: their codes were kept
    assert drawn == []


def test_a_build_removes_what_killed_builds_left_in_the_temporary_folder(tmp_path: Path) -> None:
    """A build killed outright (SIGKILL, as the system does when memory runs out) cannot clean up: its temporary
    folder stays. The next build removes it, and whatever else killed builds left (the second process's page
    file, a preview's site), but nothing of a process still running and nothing not ours."""
    import os

    (tmp_path / "root").mkdir()
    cfg = _site(tmp_path / "root", 60)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "generator.cli", "build", "--config", str(cfg)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(6000):  # bounded: 60 s; MkDocs' folder exists while pages are written
        if proc.poll() is not None or list(temp.glob(f"pingan-docs-{proc.pid}-*")):
            break
        time.sleep(0.01)
    proc.kill()
    proc.wait(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the build finished before it was killed")
    left = list(temp.glob(f"pingan-docs-{proc.pid}-*"))
    assert left  # what the killed build could not remove
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead = int(gone.stdout)  # a process that has ended
    (temp / f"pingan-pages-{dead}-x1.pickle").write_bytes(b"pages" * 1000)
    (temp / f"pingan-preview-{dead}-x2" / "site").mkdir(parents=True)
    (temp / f"pingan-preview-{dead}-x2" / "site" / "index.html").write_text("预览", encoding="utf-8")
    kept = [temp / f"pingan-pages-{os.getpid()}-x3.pickle", temp / "pingan-docs-older", temp / f"other-{dead}-x4"]
    for path in kept:
        path.write_bytes(b"x")
    assert subprocess.run(command, env=env, capture_output=True).returncode == 0
    # the output folders' locks stay by design (publish/swap.py: one small file per folder ever built into)
    assert sorted(p for p in temp.iterdir() if not p.name.startswith("pingan-out-locks-")) == sorted(kept)


def test_a_worker_process_killed_is_reported_in_words(make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The system kills a worker process (out of memory, say): the build stops with a Chinese message and a hint,
    exit code 1, no traceback, and the last site stays."""
    from generator.cli import main

    files = {f"content/news/2021/s{i:03d}.md": story(f"s{i:03d}", title=f"稿件{i}", date=f"2021-09-{1 + i % 28:02d} 08:30")
             for i in range(10)}
    cfg = make_site(files)
    assert main(["build", "--config", str(cfg)]) == 0
    before = tree_bytes(cfg.parent / "site")
    shutil.rmtree(cfg.parent / ".pingan-cache")  # every code to draw again
    kill_render_processes(monkeypatch)
    capsys.readouterr()
    assert main(["build", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "一个子进程意外退出（常见原因是内存不足）" in err and "PINGAN_IMAGE_WORKERS=1" in err
    assert "Traceback" not in err
    assert tree_bytes(cfg.parent / "site") == before


ORPHAN_PARENT = """
import os, time
from generator.parallel import process_pool
pool = process_pool(2)
busy = [pool.submit(time.sleep, 0.3) for _ in range(2)]  # both workers started
print(len({pool.submit(os.getpid).result() for _ in range(4)}), flush=True)
time.sleep(600)
"""


def _stat(pid: int | str) -> list[str]:
    """A process's state, parent and so on (/proc/PID/stat after its name); [] when there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def _running(pid: int) -> bool:
    """Whether process `pid` still exists and is not a zombie waiting to be reaped."""
    fields = _stat(pid)
    return bool(fields) and fields[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_worker_processes_end_when_the_build_is_killed_outright(tmp_path: Path) -> None:
    """A build killed with SIGKILL (the system's out-of-memory killer, `kill -9`) cannot stop its worker
    processes: they notice their parent is gone and end instead of waiting for work for ever."""
    proc = subprocess.Popen([sys.executable, "-c", ORPHAN_PARENT], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).parent.parent)
    assert proc.stdout is not None
    assert int(proc.stdout.readline()) >= 1  # workers have done work
    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _stat(p.name)[1:2] == [str(proc.pid)]]
    assert len(pids) >= 2 and all(_running(pid) for pid in pids)  # the workers (and multiprocessing's tracker)
    proc.kill()
    proc.wait(timeout=30)
    proc.stdout.close()
    for _ in range(200):  # bounded: 20 s
        if not any(_running(pid) for pid in pids):
            break
        time.sleep(0.1)
    left = [pid for pid in pids if _running(pid)]
    for pid in left:  # not to leave them behind either way
        os.kill(pid, signal.SIGKILL)
    assert left == [], "worker processes went on after their build was killed"


def test_a_link_planted_in_the_image_cache_is_not_published(make_site: SiteMaker, tmp_path: Path) -> None:
    """An encoded picture in .pingan-cache/images/ replaced by a link to /etc/passwd was published as that link (a
    deploy that follows links would publish the file): the build stops and says to clear the cache."""
    from generator.errors import PinganError

    cfg = make_site({"content/news/2021/a.md": story("a", body="![调解现场](../../images/photo.jpg)")})
    make_image(cfg.parent / "content/images/photo.jpg", (800, 600))
    build(cfg, cfg.parent / "site", now=NOW)
    secret = tmp_path / "secret.txt"
    secret.write_text("不该发布的内容", encoding="utf-8")
    cached = sorted((cfg.parent / ".pingan-cache/images").rglob("*.jpg"))
    assert cached
    cached[0].unlink()
    cached[0].symlink_to(secret)
    with pytest.raises(PinganError) as raised:
        build(cfg, cfg.parent / "other", now=NOW)
    assert "不是普通文件" in str(raised.value) and not (cfg.parent / "other").exists()
