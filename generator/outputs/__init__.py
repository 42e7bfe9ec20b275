"""What a build makes beside the pages: feeds (feeds.py), sitemaps and robots.txt (sitemap.py), open data (opendata.py),
the search index (search.py), photos (images.py: checked and encoded; encoder.py: encoded in background processes and
published) and the data page's charts (charts.py)."""
