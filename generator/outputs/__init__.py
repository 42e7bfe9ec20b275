"""What a build makes beside the pages: feeds (feeds.py), sitemaps and robots.txt (sitemap.py), open data (opendata.py),
the search index (search.py), photos (images.py) and the data page's charts (charts.py)."""
