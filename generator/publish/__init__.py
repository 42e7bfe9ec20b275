"""Publishing: the one writer of the site's files (writer.py), the staging folder and atomic swap (swap.py),
the cache of kept results (cache.py), the --out guard (outguard.py) and the temporary files of killed builds
(scratch.py)."""
