"""Fact-discrepancy detector for news: where outlets covering one event disagree."""

__version__ = "0.6.33"
