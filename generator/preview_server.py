"""`pingan serve`'s web server: MkDocs' live-reload server, changed for previews of large sites.

With mkdocs_adapter.py, the only code that imports MkDocs.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

log = logging.getLogger(__name__)


# Rebuilds the preview folder; returns an error page to show instead of the site (None when the build
# succeeded) and whether to build again as soon as the browsers have reloaded (after a quick render of
# just the edited pages).
Rebuild = Callable[[], tuple[bytes | None, bool]]


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that shows an error page instead of the site while the content is broken.

    It listens to the operating system's file-change notices (inotify, FSEvents, ReadDirectoryChangesW)
    instead of MkDocs' default of scanning every watched file twice a second, so a save is seen at once
    however many files the site has; where no such notices exist, watchdog falls back to scanning.
    Pages are served while a build runs (MkDocs holds every request until the build ends): our builds
    swap in a whole new folder at once, so what is served is always a complete site.

    After a quick render the whole build waits (at most RELOAD_WAIT seconds) until the open pages have
    reloaded: a build in the same process would slow the server down just as the browsers fetch the page.
    Each open page keeps one live-reload request waiting and sends a new one once it has loaded again.
    """

    RELOAD_WAIT = 2.0
    error_page: bytes | None = None

    def __init__(self, rebuild: Rebuild, host: str, port: int, root: str) -> None:
        super().__init__(builder=self._build, host=host, port=port, root=root)
        from watchdog.observers import Observer

        self.rebuild = rebuild
        self.observer = Observer()  # type: ignore[assignment]  # native where there is one, polling elsewhere
        self._polls_cond = threading.Condition()  # held when reading or changing the two counts below
        self._polls = 0  # live-reload requests received so far
        self._polls_waiting = 0  # live-reload requests waiting now: the pages that reload after a build

    def _build(self) -> None:
        with self._epoch_cond:  # the epoch the loop set for this build takes effect when the build ends
            target, self._wanted_epoch = self._wanted_epoch, self._visible_epoch
        try:
            self.error_page, again = self.rebuild()
        finally:
            with self._epoch_cond:
                self._wanted_epoch = target
        if again:
            with self._polls_cond:  # the loop tells the waiting pages to reload once this returns
                reloaded = self._polls + self._polls_waiting
            threading.Thread(target=self._rebuild_after_reload, args=(reloaded,), daemon=True).start()

    def _rebuild_after_reload(self, polls: int) -> None:
        """Ask for the whole build once `polls` live-reload requests have come (the reloaded pages' new ones)."""
        with self._polls_cond:
            self._polls_cond.wait_for(lambda: self._polls >= polls, timeout=self.RELOAD_WAIT)
        self.rebuild_again()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Rebuild when a file under `path` is written, created, deleted or moved.

        MkDocs' own handler rebuilds on any event; the operating system also reports files being opened and
        read, and every build reads every content file, so that would rebuild forever."""
        from watchdog.events import (
            EVENT_TYPE_CLOSED,
            EVENT_TYPE_CREATED,
            EVENT_TYPE_DELETED,
            EVENT_TYPE_MODIFIED,
            EVENT_TYPE_MOVED,
            FileSystemEvent,
            FileSystemEventHandler,
        )

        changes = {EVENT_TYPE_CLOSED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED}

        class Changes(FileSystemEventHandler):
            def on_any_event(handler, event: FileSystemEvent) -> None:  # noqa: N805 - the server is `self`
                if not event.is_directory and event.event_type in changes:
                    self.rebuild_again()

        path = os.path.abspath(path)
        self._watched_paths[path] = 1  # MkDocs starts the observer only when something is watched
        self._watch_refs[path] = self.observer.schedule(Changes(), path, recursive=recursive)

    def rebuild_again(self) -> None:
        """Ask the build loop for another build as soon as the current one is done."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/livereload/"):
            with self._polls_cond:
                self._polls += 1
                self._polls_waiting += 1
                self._polls_cond.notify_all()
            try:
                return super()._serve_request(environ, start_response)
            finally:
                with self._polls_cond:
                    self._polls_waiting -= 1
        if self.error_page is not None and (
                path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]):
            with self._epoch_cond:
                epoch = self._visible_epoch
            page = self._inject_js_into_html(self.error_page, epoch)
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                         ("Content-Length", str(len(page)))])
            return [page]
        return super()._serve_request(environ, start_response)


def serve(rebuild: Rebuild, site_dir: Path, watch: list[Path], host: str, port: int,
          first_error: bytes | None = None) -> None:
    """Preview `site_dir` with live reload: `rebuild` runs whenever a watched path changes; browsers reload
    after each build."""
    server = PreviewServer(rebuild, host, port, str(site_dir))
    server.error_page = first_error
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("预览已停止")
    finally:
        server.shutdown()
