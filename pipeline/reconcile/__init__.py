"""Reconcile stage: align each fact across an event's sources and decide agree / conflict / unique.

``align`` groups number and date mentions by what their sentences say around
the value; ``names`` compares how sources spell people and which roles they
give them; ``facts`` decides each fact's status and lays it out as report rows.
"""

from __future__ import annotations

from .facts import FINDING_COLUMNS, FactRow, reconcile_event

__all__ = ["FINDING_COLUMNS", "FactRow", "reconcile_event"]
