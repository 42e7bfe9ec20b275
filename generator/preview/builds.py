"""`pingan serve`'s builds: the whole site, or first only the pages of stories whose text was edited.

Saving a story shows it in the browser at once: its page alone is rendered into the preview folder (the engine
is given the nav pages too, and leaves them as they are) and the browser reloads. Once it has reloaded, a whole
build updates everything else that shows the story (lists, neighbours, related stories, feeds, search) and the
browser reloads again. The quick path is taken only when nothing but existing stories changed and each one
keeps its id, date, column, region, tags and draft state; anything else, and any problem at all, goes the
whole way, which reports the problem as a build does.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .. import privacy
from ..build import Kept, Report, build
from ..content.news import Story, load_story
from ..errors import Collector
from ..outputs.encoder import publish as publish_images
from ..publish.cache import CACHE_DIR, STORE, Store
from ..publish.writer import Writer
from ..render.loop import Codes, encoded, page_file
from ..render.theme import theme_dir

QUICK_LIMIT = 5  # more stories changed at once than this (a folder copied in, say): build the whole site

Signature = tuple[int, int]  # size and modification time of a file


def _shape(story: Story) -> tuple[object, ...]:
    """What places a story in the site: if any of it changes, other pages change shape and a whole build is due."""
    meta = story.meta
    return story.id, story.date, meta.column, meta.region, tuple(meta.tags), meta.draft


class Preview:
    """Builds for the preview folder `out`; remembers the last whole build for the quick path."""

    def __init__(self, config_path: Path, out: Path, strict: bool = False) -> None:
        self.config_path = config_path
        self.root = config_path.resolve().parent
        self.out = out
        self.strict = strict
        self.kept: Kept | None = None
        self.seen: dict[str, Signature] = {}

    def snapshot(self) -> dict[str, Signature]:
        """Size and modification time of the config, every content file and every theme file, by path."""
        files: dict[str, Signature] = {}
        for top in (self.root / "content", theme_dir()):
            for folder, _dirs, names in os.walk(top):
                for name in names:
                    path = os.path.join(folder, name)  # strings: a Path per file costs more than the stat
                    try:
                        stat = os.stat(path)
                    except OSError:  # removed while we looked: the next look sees it gone
                        continue
                    files[path] = (stat.st_size, stat.st_mtime_ns)
        stat = self.config_path.stat()
        files[str(self.config_path.resolve())] = (stat.st_size, stat.st_mtime_ns)
        return files

    def build(self) -> Report:
        """A whole build into `out` (drafts and scheduled stories included); raises on content errors."""
        seen = self.snapshot()  # taken first: a save during the build is a change for the next round
        self.kept = None
        self.seen = seen

        def keep(kept: Kept) -> None:
            self.kept = kept

        return build(self.config_path, self.out, include_unpublished=True, strict=self.strict, keep=keep)

    def quick(self) -> list[str] | None:
        """Render only the pages of the stories edited since the last build and return their titles;
        None when the whole site is due."""
        kept = self.kept
        if kept is None:
            return None
        now = self.snapshot()
        edited = sorted(p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p))
        news = (self.root / "content" / "news").resolve()
        if not edited or len(edited) > QUICK_LIMIT or any(p not in now or p not in self.seen for p in edited):
            return None
        changed = [Path(p) for p in edited]
        if any(p.suffix != ".md" or not p.resolve().is_relative_to(news) for p in changed):
            return None
        config, renderer = kept.prep.config, kept.renderer
        by_file = {e.story.file: e for e in kept.prep.site.entries}  # both found under the resolved root
        collector = Collector()
        allow = privacy.allowed(config.public_contacts)
        updates = []
        for path in changed:
            entry = by_file.get(path)
            story = load_story(self.root, path, config, collector, kept.memo)
            privacy.scan_path(self.root, path, allow, collector)
            if entry is None or story is None or collector.problems or _shape(story) != _shape(entry.story):
                return None
            updates.append((entry, story))
        self.kept = None  # the model is changed below: until the whole build, the quick path is closed
        specs = []
        for entry, story in updates:
            entry.story = story
            specs.append(renderer.story_page(entry, collector))
        if collector.problems:  # a broken image or link: the whole build reports it
            return None
        covers = [story.cover for _, story in updates if story.cover is not None]
        new_images = [ref for ref in [*renderer.refs.images.values(), *covers]
                      if not (self.out / ref.largest.jpeg).is_file()]
        # The stories' QR codes were kept by the whole build (the quick path keeps nothing itself)
        with contextlib.closing(Store(self.root / CACHE_DIR / STORE, write=False)) as store, Writer(self.out) as out:
            publish_images(new_images, self.root / CACHE_DIR / "images", out)
            kept.theme.qr = Codes(store, config.site.base_url).draw
            for spec in specs:
                out.write(page_file(spec.url), encoded(kept.theme.render(spec)))
        self.seen = now
        return [story.meta.title for _, story in updates]
