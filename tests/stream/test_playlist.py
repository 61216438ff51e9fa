import pytest

from stream.playlist import PlaylistPolicy, next_items


def test_skus_rotate_scripts_cycle_and_prompts_interleave():
    policy = PlaylistPolicy(skus={"A": ["a1", "a2"], "B": ["b1"], "C": ["c1", "c2", "c3"]},
                            prompts=["ask-size", "ask-comment"], prompt_every=3)
    items = next_items(policy, 0, 12)
    assert [i.ref for i in items] == ["a1", "b1", "c1", "ask-size", "a2", "b1", "c2", "ask-comment",
                                      "a1", "b1", "c3", "ask-size"]
    assert [i.sku_id for i in items[:3]] == ["A", "B", "C"] and items[3].sku_id is None
    assert next_items(policy, 5, 3) == items[5:8], "resumable from a stored position"


def test_without_prompts_it_is_pure_rotation():
    items = next_items(PlaylistPolicy(skus={"A": ["a1"], "B": ["b1", "b2"]}), 0, 5)
    assert [i.ref for i in items] == ["a1", "b1", "a1", "b2", "a1"]
    assert all(i.kind == "script" for i in items)


def test_a_playlist_needs_approved_scripts():
    with pytest.raises(ValueError, match="approved live script"):
        PlaylistPolicy(skus={"A": []})
