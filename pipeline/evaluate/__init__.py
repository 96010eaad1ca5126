"""Evaluation harness: benchmark readers, pure scorers, and a runner using the report's extraction path."""

from __future__ import annotations

from .runner import BENCHMARKS, Evaluation, Row, evaluate, format_table, write_json

__all__ = ["BENCHMARKS", "Evaluation", "Row", "evaluate", "format_table", "write_json"]
