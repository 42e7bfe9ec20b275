"""`pingan audit`: check the site against the government-website inspection before the inspector does.

indicators.py holds the published limits and thresholds as data; updates.py checks columns and the home page
against them; built.py reads the last built site (links, identity marks, reading aids, search, 404, sitemap,
feeds); the wording check is generator/wording; run.py puts them together and report.py writes the report.
"""
