"""`pingan serve`: its builds (builds.py), its HTTP answers (handler.py) and its server (server.py)."""
