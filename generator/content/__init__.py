"""Loaders: one per record type. They read the disk and never write."""
