"""Renderers: turn the site model into pages. They never read content files."""
