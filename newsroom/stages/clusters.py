"""Copies of one story: MinHash signatures over word shingles, and their LSH band keys.

Two stories are copies when the estimated Jaccard similarity of their sets of word shingles (3
words running) is at least :data:`THRESHOLD`: the agency's text republished with a paragraph
added, the same story from two feeds, a rewrite that keeps most sentences. Finding the
candidates among millions of stories is locality-sensitive hashing: the 128 MinHash values are cut
into bands, and stories that agree on every value of any one band share that band's key. The
bands and rows are datasketch's optimum for the threshold, weighting missed copies above false
candidates (a false candidate costs one comparison of signatures; a missed copy is lost).

Band keys are plain integers, so that storage keeps them in an indexed table and the look-up
is a query any number of workers can make; nothing is held in one process's memory.

Pure functions: no database, no Prefect.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

NUM_PERM = 128
SHINGLE_WORDS = 3
THRESHOLD = 0.42  # estimated Jaccard similarity at and above which two stories are copies
MAX_DAYS_APART = 3  # copies of one story run within days of each other (see services.clustering)
MIN_SHINGLES = 12  # fewer shingles (a table, a one-line brief): too little text to tell copies
# Bands and rows per band: datasketch's choice for the threshold, a missed copy weighted 9 to 1
# against a false candidate (which costs one comparison of two signatures, nothing more).
BANDS, ROWS = _optimal_param(THRESHOLD, NUM_PERM, 0.1, 0.9)
WORD = re.compile(r"\w+", re.UNICODE)
SCHEME = "affine32"  # datasketch 2's 32-bit hashing: signatures made by any version 2 agree
# Shingles are hashed from their words' CRC-32 (zlib, in C) rather than with datasketch's default
# SHA-1 of each shingle: several times faster, and as good here, where the hashes only need to
# differ between shingles. Changing the hashing makes stored signatures incomparable.
SIGNATURE_DTYPE = np.dtype("<u4")  # MinHash values are below 2**32: 4 bytes each, little-endian


def shingles(text: str) -> set[int]:
    """The text's word shingles, lower-cased words ``SHINGLE_WORDS`` at a time, each as a
    32-bit hash: each word's CRC-32, combined (in numpy: a text is hashed word by word once,
    not shingle by shingle)."""
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return set()
    hashed = np.fromiter(
        (zlib.crc32(word.encode("utf-8")) for word in words), dtype=np.uint64, count=len(words)
    )
    combined = np.zeros(len(words) - SHINGLE_WORDS + 1, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):  # a polynomial over the words, in 64 bits
        combined = combined * np.uint64(0x100000001B3) + hashed[offset : len(combined) + offset]
    mixed = (combined ^ (combined >> np.uint64(29))) * np.uint64(0xBF58476D1CE4E5B9)
    return set((mixed >> np.uint64(32)).tolist())


def signature(text: str) -> bytes | None:
    """The text's MinHash signature (``NUM_PERM`` values, packed), or None when the text is too
    short for its copies to be told from chance."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = MinHash(
        num_perm=NUM_PERM, hashfunc=_hashed, permutations=_permutations(), scheme=SCHEME
    )
    minhash.update_batch(found)
    return np.asarray(minhash.hashvalues, dtype=SIGNATURE_DTYPE).tobytes()


def _hashed(value: int) -> int:
    """The shingles are hashed already (:func:`shingles`)."""
    return value


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The permutations of datasketch's default seed, made once (MinHash makes them anew each
    time it is built without them)."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def values(packed: bytes) -> np.ndarray:
    return np.frombuffer(packed, dtype=SIGNATURE_DTYPE)


def similarity(one: bytes, other: bytes) -> float:
    """Estimated Jaccard similarity: the share of MinHash values two signatures agree on."""
    a, b = values(one), values(other)
    if a.shape != b.shape:
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def similarities(packed: bytes, others: list[bytes]) -> np.ndarray:
    """:func:`similarity` of one signature with each of several, at once."""
    matrix = np.frombuffer(b"".join(others), dtype=SIGNATURE_DTYPE).reshape(len(others), -1)
    return np.count_nonzero(matrix == values(packed), axis=1) / NUM_PERM


EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    """A story's publication day as its band rows keep it: days since 1970-01-01, an integer
    that the look-up compares in the index."""
    return (day - EPOCH).days


def band_keys(packed: bytes) -> list[int]:
    """The signature's ``BANDS`` band keys: a signed 64-bit hash of each band's number and its
    ``ROWS`` values, so that keys of different bands never meet."""
    signature_values = values(packed)
    keys = []
    for band in range(BANDS):
        rows = signature_values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys
