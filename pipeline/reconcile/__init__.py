"""Reconcile stage: align each fact across an event's sources and decide its kind of finding.

``align`` groups number, date and place mentions value-blind by their claim
frames (``lexicon``: WordNet classes; ``values`` and ``places``: how values
compare); ``names`` compares how sources spell people and which roles they
give them; ``facts`` decides conflict / spelling / wording / unique / agree
and lays each fact out as report rows (``sides``: who said which value).
"""

from __future__ import annotations

from .facts import FINDING_COLUMNS, FactRow, reconcile_event

__all__ = ["FINDING_COLUMNS", "FactRow", "reconcile_event"]
