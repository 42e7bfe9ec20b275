"""A faster choice of a QR code's mask for segno, with exactly segno's result.

A QR code's data is XOR-ed with one of eight mask patterns; the encoder scores each masked matrix by the
standard's four penalty rules (ISO/IEC 18004, 7.8.3) and keeps the lowest. segno does this cell by cell in
Python, ~3 of the ~4 ms a code takes (~15 s of processor time for the codes of 5,000 stories). Here the
eight masked matrices are made and scored at once as arrays, by segno's own reading of the rules (runs
still open at a line's end count; after a 1:1:3:1:1 pattern the search goes on from where segno's goes
on), so the chosen mask and the masked matrix, and so the code, are the ones segno makes. `install` puts
this into segno's encoder (only QR codes without a set mask take it); tests/test_lint.py compares the
scores of every mask and the codes drawn both ways.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from segno import encoder

_ORIGINAL = getattr(encoder, "find_and_apply_best_mask", None)  # segno 1.6's; without it, segno chooses alone
_FINDER_LIKE = 0b1011101  # dark, light, three dark, light, dark


@functools.cache
def _masks(size: int) -> np.ndarray[Any, Any]:
    """The eight patterns as they change a `size`×`size` QR code: only its data region is masked."""
    function = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(function, size, size)
    encoder.add_alignment_patterns(function, size, size)
    function[-8][8] = 0x1  # the dark module
    data = np.array([list(row) for row in function], dtype=np.uint8) > 1
    i, j = np.indices((size, size))
    patterns = [bool_(i, j) for bool_ in (
        lambda i, j: (i + j) % 2 == 0,
        lambda i, j: i % 2 == 0,
        lambda i, j: j % 3 == 0,
        lambda i, j: (i + j) % 3 == 0,
        lambda i, j: (i // 2 + j // 3) % 2 == 0,
        lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
        lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    )]
    return np.stack([p & data for p in patterns]).astype(np.uint8)


def _runs(lines: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """N1 of each matrix in `lines` (masks × lines × modules): every run of five or more same-coloured
    modules in a line scores its length − 2."""
    count, rows, size = lines.shape
    fenced = np.full((count, rows, size + 1), 2, dtype=np.uint8)  # a line ends every run
    fenced[:, :, :size] = lines
    flat = fenced.reshape(-1)
    bounds = np.concatenate(([0], np.flatnonzero(flat[1:] != flat[:-1]) + 1, [flat.size]))
    lengths = np.diff(bounds)
    scored = (lengths >= 5) & (flat[bounds[:-1]] != 2)
    owner = bounds[:-1][scored] // (rows * (size + 1))
    return np.bincount(owner, weights=lengths[scored] - 2, minlength=count).astype(np.int64)


def _finder_like(lines: np.ndarray[Any, Any]) -> list[int]:
    """N3 of each matrix: 40 per dark-light-dark×3-light-dark pattern with four light modules (or the
    symbol's edge) on one side, found the way segno's search finds them (after a pattern that scores it
    searches on from the pattern's end, after one that does not from its fifth module)."""
    count, rows, size = lines.shape
    code = np.zeros((count, rows, size - 6), dtype=np.uint8)  # the seven modules from each start, as bits
    for bit in range(7):
        code = (code << 1) | lines[:, :, bit:size - 6 + bit]
    hits = np.argwhere(code == _FINDER_LIKE)  # (mask, line, start), in order
    if not len(hits):
        return [0] * count
    dark = np.zeros((count, rows, size + 1), dtype=np.int64)  # dark[..., p]: dark modules before p
    np.cumsum(lines, axis=2, out=dark[:, :, 1:])
    k, line, idx = hits[:, 0], hits[:, 1], hits[:, 2]
    before = dark[k, line, idx] - dark[k, line, np.maximum(idx - 4, 0)]
    after = dark[k, line, np.minimum(idx + 11, size)] - dark[k, line, idx + 7]
    scoring = (idx == 0) | (idx == size - 7) | (before == 0) | (after == 0)
    # segno's search skips a pattern that starts inside the last one it looked at (within 7 modules after one
    # that scores, 4 after one that does not): that needs the hits of a line one by one, but only in the rare
    # lines where two patterns start less than 7 modules apart.
    same = (k[1:] == k[:-1]) & (line[1:] == line[:-1])
    close = same & (idx[1:] - idx[:-1] < 7)
    lines_one_by_one = np.zeros((count, rows), dtype=bool)
    lines_one_by_one[k[1:][close], line[1:][close]] = True
    one_by_one = lines_one_by_one[k, line]
    scores = (40 * np.bincount(k[scoring & ~one_by_one], minlength=count)).tolist()
    place, resume = (-1, -1), 0
    for (mask, row, at), scores_here in zip(hits[one_by_one].tolist(), scoring[one_by_one].tolist(), strict=True):
        if (mask, row) != place:
            place, resume = (mask, row), 0
        if at < resume:
            continue
        if scores_here:
            scores[mask] += 40
            resume = at + 7
        else:
            resume = at + 4
    return scores


def _masked(matrix: Any, size: int) -> np.ndarray[Any, Any]:
    """The unmasked `matrix` (segno's rows of 0 and 1) under each of the eight masks."""
    return np.frombuffer(b"".join(matrix), dtype=np.uint8).reshape(size, size)[None, :, :] ^ _masks(size)


def penalties(masked: np.ndarray[Any, Any]) -> list[int]:
    """The penalty score of each matrix in `masked` (see `_masked`)."""
    size = masked.shape[1]
    columns = np.ascontiguousarray(masked.transpose(0, 2, 1))
    n1 = (_runs(masked) + _runs(columns)).tolist()
    same = masked[:, 1:, 1:]
    n2 = (3 * ((same == masked[:, 1:, :-1]) & (same == masked[:, :-1, 1:]) & (same == masked[:, :-1, :-1])
               ).sum(axis=(1, 2))).tolist()
    n3 = [a + b for a, b in zip(_finder_like(masked), _finder_like(columns), strict=True)]
    dark = masked.sum(axis=(1, 2)).tolist()
    n4 = [10 * int(abs(float(d) / (size ** 2) * 100 - 50) / 5) for d in dark]
    return [int(a) + b + c + d for a, b, c, d in zip(n1, n2, n3, n4, strict=True)]


def _find_and_apply_best_mask(matrix: Any, width: int, height: int, proposed_mask: int | None = None) -> Any:
    """segno's function of the same name for QR codes whose mask is not set: (mask, masked matrix)."""
    if proposed_mask is not None or width != height or width < 21:  # a set mask, or a Micro QR code
        return _ORIGINAL(matrix, width, height, proposed_mask)  # type: ignore[misc]  # set when installed
    masked = _masked(matrix, width)
    scores = penalties(masked)
    best = scores.index(min(scores))  # the first of equal scores, as segno keeps it
    return best, tuple(bytearray(row.tobytes()) for row in masked[best])


def install() -> None:
    """Let segno's encoder choose masks here (idempotent)."""
    if _ORIGINAL is not None:
        encoder.find_and_apply_best_mask = _find_and_apply_best_mask


def uninstall() -> None:
    if _ORIGINAL is not None:
        encoder.find_and_apply_best_mask = _ORIGINAL
