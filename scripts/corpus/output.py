"""`--out` pointing where a build would destroy something: the sources, the config, the project folder, the
build cache, a part of the last site, a file, another project's site, a folder of someone's own files; written
plainly, with `..`, `.`, trailing slashes and symbolic links. Every case must be refused before anything is
written, with the same message however the folder is spelled (tests/test_bad_inputs.py builds the good site
into {root}/site first; tests/test_out_guard.py also checks that the sources are unchanged byte for byte).

Folders outside the project other than its parents (the theme of this checkout, a shared folder next to the
project) and paths relative to the working folder are tested in tests/test_out_guard.py: their names would
put a temporary folder's path into expected.txt.
"""

from __future__ import annotations

import json

OTHER = "5f2b0c1d9e8a7b6c5d4e3f2a"  # a project id that is not the test project's
LEGACY = ("index.html", "sitemap.xml", "robots.txt", "feed.xml", "atom.xml")  # outguard.LEGACY


def _marker(project: str, entries: list[str]) -> str:
    data = {"generator": "pingan", "project": project, "entries": sorted({*entries, ".pingan-site"})}
    return json.dumps(data, indent=1) + "\n"


def cases() -> dict[str, dict[str, str | bytes]]:
    return {
        # -- the sources ---------------------------------------------------------------------------------
        "out-content": {"args": "--out {root}/content"},
        "out-content-trailing-slash": {"args": "--out {root}/content/"},
        "out-content-dot-segments": {"args": "--out {root}/./content/."},
        "out-content-via-dotdot": {"args": "--out {root}/site/../content"},
        "out-inside-content": {"args": "--out {root}/content/news"},
        "out-new-folder-inside-content": {"args": "--out {root}/content/news/site"},
        "out-symlink-to-content": {"link": "symlink:content", "args": "--out {root}/link"},
        "out-symlink-into-content": {"link": "symlink:content/news", "args": "--out {root}/link/"},
        # -- the project folder and its parents ----------------------------------------------------------------
        "out-project-root": {"args": "--out {root}"},
        "out-project-root-trailing-slash": {"args": "--out {root}/"},
        "out-project-root-via-dotdot": {"args": "--out {root}/content/.."},
        "out-parent-of-project": {"args": "--out {root}/.."},
        # (the test copies a fixture's links but not those that lead to a folder beside the fixture: these
        # go through ../site-src, the name of the copied project's folder, which only the copy has)
        "out-symlink-to-project-root": {"here": "symlink:../site-src", "args": "--out {root}/here"},
        "out-symlink-to-parent": {"up": "symlink:../site-src/..", "args": "--out {root}/up"},
        # -- the config file, other files --------------------------------------------------------------------------
        "out-config-file": {"args": "--out {root}/site_config.yml"},
        "out-below-config-file": {"args": "--out {root}/site_config.yml/site"},
        "out-a-user-file": {"notes.txt": "会议记录\n", "args": "--out {root}/notes.txt"},
        "out-symlink-loop": {"loop": "symlink:loop", "args": "--out {root}/loop"},
        # -- the cache, the last site -------------------------------------------------------------------------
        "out-cache": {"args": "--out {root}/.pingan-cache"},
        "out-inside-cache": {"args": "--out {root}/.pingan-cache/images"},
        "out-inside-last-site": {"args": "--out {root}/site/news"},
        "out-new-folder-inside-last-site": {"args": "--out {root}/site/preview"},
        # -- folders holding what the tool did not write ----------------------------------------------------------
        "out-folder-with-a-user-file": {"mine/notes.txt": "我自己的笔记\n", "args": "--out {root}/mine"},
        "out-folder-with-many-user-files": {
            **{f"docs/{name}": "文件\n" for name in ("a.txt", "b.docx", "c.xlsx", "d.pdf", "e.md")},
            "args": "--out {root}/docs"},
        "out-folder-with-a-hidden-user-file": {"web/.htaccess": "Require all granted\n", "args": "--out {root}/web"},
        "out-another-projects-site": {"shared/.pingan-site": _marker(OTHER, ["index.html"]),
                                      "shared/index.html": "<!doctype html><title>别的网站</title>\n",
                                      "args": "--out {root}/shared"},
        "out-another-projects-site-through-a-symlink": {
            "shared/.pingan-site": _marker(OTHER, ["index.html"]),
            "shared/index.html": "<!doctype html><title>别的网站</title>\n",
            "public": "symlink:../site-src/shared", "args": "--out {root}/public/"},
        "out-another-projects-site-with-an-added-file": {
            "public/.pingan-site": _marker(OTHER, ["index.html"]),
            "public/index.html": "<!doctype html><title>旧网站</title>\n",
            "public/baidu_verify_abc.html": "abc\n",
            "args": "--out {root}/public"},
        "out-symlink-to-cache": {"c": "symlink:.pingan-cache", "args": "--out {root}/c"},
        "out-dotdot-into-content": {"args": "--out {root}/site/../content/news"},
        "out-broken-marker": {"public/.pingan-site": "{not json\n", "public/index.html": "<p>旧网站</p>\n",
                              "args": "--out {root}/public"},
        # -- accepted: a site built before sites were marked ---------------------------------------------------
        "out-another-generators-site": {  # the same file names as ours, but not made by pingan
            **{f"www/{name}": "别的网站\n" for name in LEGACY},
            "args": "--out {root}/www"},
        "out-unmarked-old-site-is-accepted": {
            **{f"old/{name}": "旧\n" for name in LEGACY},
            "old/index.html": '<!doctype html><html><head><meta charset="utf-8">\n'
                              '<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">\n'
                              '<title>旧网站</title></head><body>旧</body></html>\n',
            "old/news/index.html": "旧\n",
            "args": "--out {root}/old", "verdict": "ok"},
    }
