"""Fetching feed documents: the I/O edge of a poll, over HTTP(S) and from local files."""
