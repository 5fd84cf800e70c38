"""The cluster stage's pure functions: signatures and band keys."""

from __future__ import annotations

from newsroom.stages.clusters import BANDS, NUM_PERM, THRESHOLD, band_keys, signature, similarity

STORY = (
    "WELLINGTON (Example Wire) - New Zealand's dairy exporters sold more milk powder to Asia in "
    "the first quarter than in any quarter before, the statistics office said on Tuesday, as "
    "demand from China recovered and prices at the fortnightly auction rose for a fifth time. "
    "Whole milk powder prices rose 3.2 percent at the latest auction, and the central bank said "
    "higher farm incomes would support spending in rural towns through the winter."
)
OTHER = (
    "LIMA (Example Wire) - Peru's congress voted late on Thursday to remove the country's "
    "interior minister after a wave of protests in the southern highlands, the third minister "
    "to leave the cabinet this year. Opposition lawmakers accused the minister of failing to "
    "stop road blockades that cut supplies to mining towns for more than two weeks."
)


def test_an_edited_copy_is_similar_and_shares_a_band_and_another_story_is_not() -> None:
    edited = STORY.replace(" for a fifth time", "") + " Farmers welcomed the figures."
    one, copy, other = signature(STORY), signature(edited), signature(OTHER)
    assert one is not None and copy is not None and other is not None
    assert similarity(one, copy) >= THRESHOLD > similarity(one, other)
    assert set(band_keys(one)) & set(band_keys(copy))
    assert not set(band_keys(one)) & set(band_keys(other))


def test_signatures_and_band_keys_have_their_sizes() -> None:
    packed = signature(STORY)
    assert packed is not None and len(packed) == NUM_PERM * 4
    assert len(set(band_keys(packed))) == BANDS
    assert signature("Too short to tell.") is None
