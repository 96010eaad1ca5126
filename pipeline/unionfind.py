"""One small union-find (disjoint sets) for every clustering in the pipeline: the spellings of a person, the
counted nouns of one class, the mentions of one fact."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint sets of items; ``union(keep, other)`` puts ``other``'s set under ``keep``'s root."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self.parent: dict[T, T] = {x: x for x in items}

    def find(self, x: T) -> T:
        parent = self.parent
        parent.setdefault(x, x)
        while (up := parent[x]) != x:
            parent[x] = grand = parent.setdefault(up, up)  # path halving; a root may be named before it is added
            x = grand
        return x

    def union(self, keep: T, other: T) -> T:
        """Join the two sets under ``keep``'s root and return it."""
        root, joined = self.find(keep), self.find(other)
        if root != joined:
            self.parent[joined] = root
        return root

    def groups(self) -> dict[T, list[T]]:
        """Root → members, in the order the items were first seen."""
        out: dict[T, list[T]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return out
