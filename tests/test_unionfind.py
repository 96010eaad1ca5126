from pipeline.unionfind import UnionFind


def test_union_puts_the_other_set_under_the_kept_root() -> None:
    sets = UnionFind(["Heappey", "Hebby", "Hebe", "Healey"])
    assert sets.union("Heappey", "Hebby") == "Heappey"
    sets.union("Hebe", "Hebby")  # Hebby's set (rooted at Heappey) goes under Hebe
    assert sets.find("Heappey") == sets.find("Hebby") == "Hebe"
    assert sets.find("Healey") == "Healey"
    assert sets.groups() == {"Hebe": ["Heappey", "Hebby", "Hebe"], "Healey": ["Healey"]}


def test_a_root_may_be_named_before_it_is_added() -> None:
    sets: UnionFind[str] = UnionFind()
    sets.parent["send"] = "deploy"  # a configured class names the set of "send"
    assert sets.find("send") == "deploy" and sets.find("deploy") == "deploy"
    sets.union("deploy", "dispatch")
    assert sets.groups() == {"deploy": ["send", "deploy", "dispatch"]}


def test_long_chains_are_halved() -> None:
    sets = UnionFind(range(6))
    for i in range(5):
        sets.union(i + 1, i)  # 0 → 1 → 2 → 3 → 4 → 5
    assert sets.find(0) == 5
    assert sets.parent[0] != 1  # the walk shortened the chain it followed
