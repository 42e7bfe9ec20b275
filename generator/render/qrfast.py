"""Faster steps of segno's QR encoder and SVG writer, with exactly segno's result.

After qrmask.py, a code of a story's address still took ~2.2 ms (measured here: ~1.5 ms to make it, ~0.7 ms to
write its SVG; ~11 s of processor time for the codes of 5,000 stories), nearly all of it in three loops that
segno runs bit by bit in Python:
- the error correction codewords (Reed-Solomon over GF(256), `make_final_message`). The code is linear over
  GF(2): each check bit is the XOR of some data bits, so a block's check bits are one matrix product of
  its data bits, modulo 2. The matrix of each block shape is made once, from the division segno does;
- placing the codewords in the matrix (`add_codewords`): the zigzag order of the free modules is the same
  for every code of a version, so it is found once, by segno's own placement, and applied as an array;
- writing the SVG path (`svg`): one horizontal line per run of dark modules, found as arrays.
`install` puts the first two into segno's encoder (QR codes only; Micro QR codes keep segno's); `svg`
writes what segno's `svg_inline` writes for the options share.py uses. tests/test_lint.py compares codes
and SVG drawn both ways for addresses of many lengths. Together with qrmask.py's scoring: ~1 ms a code.
"""

from __future__ import annotations

import functools
from itertools import chain, zip_longest
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from segno import consts, encoder

from . import qrmask

_ORIGINAL: dict[str, Any] = {name: getattr(encoder, name, None) for name in ("make_final_message", "add_codewords")}
_REMAINDER = {**dict.fromkeys((2, 3, 4, 5, 6), 7), **dict.fromkeys((*range(14, 21), *range(28, 35)), 3),
              **dict.fromkeys(range(21, 28), 4)}  # bits after the codewords (ISO/IEC 18004, 7.6)


@functools.cache
def _check_matrix(data: int, check: int) -> np.ndarray[Any, Any]:
    """The (8·data × 8·check) 0/1 matrix whose product with a block's data bits, modulo 2, is its check bits.

    Row k is the check bits of the block whose only set bit is bit k, divided the way segno's make_blocks
    divides (all 8·data such blocks at once)."""
    exp = np.array(consts.GALIOS_EXP, dtype=np.int64)
    log = np.array(consts.GALIOS_LOG, dtype=np.int64)
    gen = np.array(consts.GEN_POLY[check], dtype=np.int64)
    units = np.zeros((8 * data, data + check), dtype=np.int64)
    bits = np.arange(8 * data)
    units[bits, bits // 8] = 1 << (7 - bits % 8)
    for k in range(data):
        coef = units[:, k]
        step = exp[log[coef][:, None] + gen[None, :]]
        units[:, k + 1:k + 1 + check] ^= np.where(coef[:, None] != 0, step, 0)
    checks = units[:, data:].astype(np.uint8)
    return np.unpackbits(checks, axis=1).astype(np.float32)


@functools.cache
def _blocks(version: int, error: int) -> tuple[tuple[tuple[int, int, int], ...], np.ndarray[Any, Any],
                                              np.ndarray[Any, Any]]:
    """The block shapes (count, data, check) of a version and error level, and the order in which the data
    and check codewords (numbered block by block) are interleaved."""
    infos: Any = consts.ECC[version][error]  # type: ignore[index]  # segno's tables are not typed
    shapes = tuple((info.num_blocks, info.num_data, info.num_total - info.num_data) for info in infos)
    data_blocks: list[list[int]] = []
    check_blocks: list[list[int]] = []
    for count, data, check in shapes:
        for _ in range(count):
            start = sum(map(len, data_blocks))
            data_blocks.append(list(range(start, start + data)))
            start = sum(map(len, check_blocks))
            check_blocks.append(list(range(start, start + check)))

    def order(blocks: list[list[int]]) -> np.ndarray[Any, Any]:
        return np.array([n for n in chain.from_iterable(zip_longest(*blocks)) if n is not None], dtype=np.intp)

    return shapes, order(data_blocks), order(check_blocks)


def _make_final_message(version: int, error: int, buff: Any) -> Any:
    """segno's function of the same name: the data codewords and their error correction, interleaved, as bits."""
    if version < 1:  # Micro QR codes
        return _ORIGINAL["make_final_message"](version, error, buff)
    bits = np.frombuffer(bytes(buff.getbits()), dtype=np.uint8)
    codewords = np.packbits(bits)  # its length is a multiple of 8 once padded
    shapes, data_order, check_order = _blocks(version, error)
    checks = []
    start = 0
    for count, data, check in shapes:
        block_bits = bits[8 * start:8 * (start + count * data)].reshape(count, 8 * data)
        product = block_bits.astype(np.float32) @ _check_matrix(data, check)  # exact: sums of at most 8·data ones
        checks.append(np.packbits(product.astype(np.int64) & 1, axis=1).reshape(-1))
        start += count * data
    message = np.concatenate((codewords[data_order], np.concatenate(checks)[check_order]))
    out = np.unpackbits(message).tobytes() + b"\0" * _REMAINDER.get(version, 0)
    return encoder.Buffer(out)


@functools.cache
def _placement(size: int) -> np.ndarray[Any, Any]:
    """The modules of a `size`×`size` QR code that take the codewords' bits, in the order they take them
    (by segno's add_codewords, placing numbers instead of bits)."""
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    cells = [list(row) for row in matrix]
    free = sum(row.count(0x2) for row in cells)
    first = 0x100  # above every value the matrix holds
    version = (size - 17) // 4
    _ORIGINAL["add_codewords"](cells, range(first, first + free), version)
    numbered = np.array(cells, dtype=np.int64).reshape(-1)
    where = np.flatnonzero(numbered >= first)
    return where[np.argsort(numbered[where])]


def _add_codewords(matrix: Any, codewords: Any, version: int) -> None:
    """segno's function of the same name: the bits of `codewords` into the free modules of `matrix`."""
    if version < 1:
        _ORIGINAL["add_codewords"](matrix, codewords, version)
        return
    size = len(matrix)
    order = _placement(size)
    bits = np.frombuffer(bytes(codewords.getbits()), dtype=np.uint8)
    if len(bits) > len(order):
        raise ValueError(f"Internal error: {len(bits)} codeword bits for {len(order)} modules")
    cells = np.frombuffer(b"".join(matrix), dtype=np.uint8).reshape(-1).copy()
    cells[order[:len(bits)]] = bits
    for i, row in enumerate(cells.reshape(size, size)):
        matrix[i][:] = row.tobytes()


def svg(matrix: Any, *, scale: int, border: int, svgclass: str, title: str) -> str:
    """What segno's `svg_inline(scale=, border=, svgclass=, title=, lineclass=None)` writes for `matrix`
    (a QR code's rows of 0 and 1, without its border): a black path with one line per run of dark modules,
    each drawn from where the last one ended."""
    size = len(matrix)
    cells = np.zeros((size, size + 2), dtype=np.int8)
    cells[:, 1:-1] = np.frombuffer(b"".join(matrix), dtype=np.uint8).reshape(size, size)
    edges = np.diff(cells, axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)  # the same rows, in the same order
    x1 = starts + border
    x2 = ends + border
    dx = x1 - np.concatenate(([0], x2[:-1]))
    dy = np.diff(rows, prepend=rows[0] if len(rows) else 0)
    lines = [f"m{x} {y}h{n}" for x, y, n in zip(dx.tolist(), dy.tolist(), (x2 - x1).tolist(), strict=True)]
    if lines:
        lines[0] = f"M{int(x1[0])} {float(rows[0]) + border + 0.5}h{int(x2[0] - x1[0])}"
    width = (size + 2 * border) * scale
    return (f'<svg width="{width}" height="{width}" class={quoteattr(svgclass)}><title>{escape(title)}</title>'
            f'<path transform="scale({scale})" stroke="#000" d="{"".join(lines)}"/></svg>')


def install() -> None:
    """Let segno's encoder use the steps above and qrmask's choice of mask (idempotent)."""
    qrmask.install()
    if all(_ORIGINAL.values()):
        encoder.make_final_message = _make_final_message
        encoder.add_codewords = _add_codewords


def uninstall() -> None:
    qrmask.uninstall()
    if all(_ORIGINAL.values()):
        encoder.make_final_message = _ORIGINAL["make_final_message"]
        encoder.add_codewords = _ORIGINAL["add_codewords"]
