"""Authoring: `pingan new` (new.py), `pingan import` (importer.py) and the files it reads (sources.py)."""
