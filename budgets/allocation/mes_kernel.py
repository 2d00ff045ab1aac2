"""The compiled fast path of the Method of Equal Shares (``mes_kernel.c``), loaded with ctypes.

Why compiled: the add1 completion runs MES hundreds of times (thousands in cents) and the order in which
MES funds projects changes at almost every other increment on large elections, so the number of runs cannot
fall much; each run must be cheap. Pure Python stays the reference: ``mes_runs.py`` is the exact engine, and
the kernel never decides anything it cannot prove — it works on integer intervals that certainly contain the
exact budgets and refuses (``None``) any decision closer than its precision (2**-F of a currency unit per
voter, F = 24..64), in which case the caller runs the exact engine. Every outcome is therefore exactly the
pure-Python (and pabutools) outcome; the tests compare them on every real election and on random ones.

The library is built once by ``make`` and by the Docker image (``python -m budgets.allocation.build_kernel``),
named after a hash of its source so a stale build is never loaded. When it is missing it is built on first
use (gcc), beside the source; without a compiler, or with ``PLACETTE_MES_KERNEL=off``, everything runs in
pure Python (slower, same results). Pure functions: no Django, no I/O besides loading the library.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import math
import os
import shutil
import subprocess
import tempfile
import threading
import weakref
from array import array
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate
from pathlib import Path

from budgets.allocation.mes_runs import SHIFT, Prepared, Run, mes_run

logger = logging.getLogger(__name__)

SOURCE = Path(__file__).with_name("mes_kernel.c")
MES_OK, MES_UNCERTAIN = 0, 1
MIN_PRECISION_BITS = 24  # F below this: the kernel would refuse too often to be worth it
_RHO_SHIFT = 120  # upper bounds of exact rhos (<= 1) handed to the kernel: ceil(rho * 2**120) / 2**120
RECORD_MARGIN = 8  # rounds recorded beyond the reference's (see Kernel.run)

_u64 = ctypes.c_uint64
_LOW = (1 << 64) - 1
_i32p = ctypes.POINTER(ctypes.c_int32)
_u64p = ctypes.POINTER(_u64)


def library_path(directory: Path | None = None) -> Path:
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    return (directory or SOURCE.parent) / f"_mes_kernel-{digest}.so"


def build(target: Path) -> Path:
    """Compile the kernel to ``target`` (atomically: concurrent builders never load a half-written file) and
    remove the builds of older sources beside it."""
    compiler = shutil.which(os.environ.get("CC", "gcc")) or shutil.which("cc")
    if compiler is None:
        raise OSError("no C compiler (gcc) found")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(suffix=".so", dir=target.parent)
    os.close(handle)
    try:
        subprocess.run(
            [compiler, "-O2", "-shared", "-fPIC", "-std=c11", "-o", partial, str(SOURCE)],
            check=True,
            capture_output=True,
            text=True,
        )
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    for old in target.parent.glob("_mes_kernel-*.so"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


def ensure_built() -> Path:
    """The library for the current source, built if it is not there yet (``make``, the Docker image)."""
    path = library_path()
    return path if path.exists() else build(path)


_library: ctypes.CDLL | None = None
_load_tried = False
_load_lock = threading.Lock()


def _declare(library: ctypes.CDLL) -> ctypes.CDLL:
    library.mes_prepare.restype = ctypes.c_void_p
    library.mes_prepare.argtypes = [
        ctypes.c_int,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_int64),
        _i32p,
        _i32p,
        _u64p,
        _u64p,
    ]
    library.mes_free.restype = None
    library.mes_free.argtypes = [ctypes.c_void_p]
    library.mes_run.restype = ctypes.c_int
    library.mes_run.argtypes = [
        ctypes.c_void_p,  # context
        _u64,  # start (low, high)
        _u64,
        ctypes.c_int,  # reference: rounds (-1: none)
        _u64,  # reference: start (low, high)
        _u64,
        _i32p,  # reference: winners
        _u64p,  # reference: rho upper bounds
        _i32p,  # reference: death rounds
        _u64p,  # reference: records
        ctypes.c_int,  # reference: rounds recorded
        _u64p,  # reference: shares
        _i32p,  # out: winners
        _u64p,  # out: rho upper bounds
        _i32p,  # out: death rounds
        _u64p,  # out: records
        ctypes.c_int,  # rounds the records can hold
        _u64p,  # out: shares
        _i32p,  # out: rounds
        _i32p,  # out: rounds certified
        ctypes.c_int,  # certify
    ]
    return library


def load() -> ctypes.CDLL | None:
    """The kernel library, built if needed; None when it is switched off or cannot be built."""
    with _load_lock:  # threads of one process load (and build) it once
        return _load()


def _load() -> ctypes.CDLL | None:
    global _library, _load_tried
    if _load_tried:
        return _library
    _load_tried = True
    if os.environ.get("PLACETTE_MES_KERNEL", "on").lower() in {"off", "0", "false", "no"}:
        return None
    # Only beside the source: a library from a shared directory such as /tmp could have been planted.
    path = library_path()
    try:
        _library = _declare(ctypes.CDLL(str(path if path.exists() else build(path))))
    except (OSError, subprocess.CalledProcessError) as error:
        details = getattr(error, "stderr", "") or error
        logger.warning("equal shares: cannot load or build the compiled kernel %s (%s)", path, details)
        logger.warning("equal shares: running in pure Python (same results, much slower on large elections)")
    return _library


def available() -> bool:
    return load() is not None


def _halves(values: list[int]):
    low = (_u64 * len(values))(*(v & _LOW for v in values))
    high = (_u64 * len(values))(*(v >> 64 for v in values))
    return low, high


@dataclass
class KernelRun:
    """A run's winners (project indices of ``Prepared``) and what a later run's proof needs: the scaled start,
    per round an upper bound of the winner's rho as four 64-bit words (numerator low, high, denominator low,
    high), and per group of ballots the round in which it was left with nothing (or more than any round)."""

    increment: int
    order: list[int]
    start: int
    rho: ctypes.Array
    death: ctypes.Array
    # Per (round, project) evaluated: the share's numerator and the weight paying it in full (4 words), and
    # per round an upper bound of the winner's share (2 words): the next run's carried lower bounds.
    records: ctypes.Array | None = None
    shares: ctypes.Array | None = None
    certified: int = 0
    record_rounds: int = 0  # rounds ``records`` holds


class _Lane:
    """One working memory of the kernel (a C context) and its output cells."""

    def __init__(self, handle: int, projects: int):
        self.handle = handle
        self.order = (ctypes.c_int32 * max(1, projects))()
        self.rounds = ctypes.c_int32()
        self.certified = ctypes.c_int32()


class Kernel:
    """The compiled runs of one election (``Prepared``)."""

    def __init__(self, library: ctypes.CDLL, prepared: Prepared):
        self.library = library
        self.prepared = prepared
        election = prepared.election
        budget = Fraction(election.budget)
        costs = prepared.costs
        denominator = math.lcm(budget.denominator, *(cost.denominator for cost in costs))
        n = prepared.n
        # Money in units of 1 / (n * denominator * 2**F) per voter: the start and every cost are integers.
        self.base = int(budget * denominator)  # t * n * denominator for t = budget / n
        self.unit = n * denominator  # one more currency unit per voter
        costs_int = [int(cost * n * denominator) for cost in costs]
        # Products of a budget or cost by a weight must stay below 2**127. A start beyond the total cost of
        # all projects is never needed (every supporter could then pay every project alone).
        largest = max([self.base + self.unit * int(sum(costs) + 1), *costs_int])
        self.bits = min(64, 126 - largest.bit_length() - max(n, 1).bit_length())
        self.limit = (1 << (126 - max(n, 1).bit_length())) - 1
        self.usable = self.bits >= MIN_PRECISION_BITS and len(prepared.ids) > 0
        self.handle = None
        self._lanes: list[_Lane] = []
        if not self.usable:
            return
        arrays = (
            array("q", prepared.mult),
            array("i", accumulate(prepared.group_sizes, initial=0)),
            array("i", prepared.group_flat) or array("i", [0]),
        )
        types = (ctypes.c_int64, ctypes.c_int32, ctypes.c_int32)
        self._keep = (
            *(  # views on the arrays' memory, no copy (the arrays are kept alive with them)
                (kind * len(values)).from_buffer(values) for kind, values in zip(types, arrays, strict=True)
            ),
            *_halves([cost << self.bits for cost in costs_int]),
            arrays,
        )
        self.handle = self._new_lane().handle

    def _new_lane(self) -> _Lane:
        handle = self.library.mes_prepare(len(self.prepared.ids), len(self.prepared.mult), *self._keep[:-1])
        if not handle:
            raise MemoryError("equal shares kernel: out of memory")
        lane = _Lane(handle, len(self.prepared.ids))
        weakref.finalize(lane, self.library.mes_free, handle)
        self._lanes.append(lane)
        return lane

    def lanes(self, count: int) -> int:
        """Make ``count`` runs possible at once (one working memory each; ctypes releases the GIL during a
        run, so runs in different threads use different cores). Returns how many there are."""
        while len(self._lanes) < count:
            self._new_lane()
        return len(self._lanes)

    def run(
        self, increment: int, reference: KernelRun | None = None, lane: int = 0, certify: bool = True
    ) -> KernelRun | None:
        """The run at ``budget / n + increment`` per voter, proven against ``reference`` (a run at a smaller
        increment; ``certify=False``: not proven, the reference only speeds it up); None when the kernel
        cannot decide it (the caller then runs the exact engine). Runs in different ``lane``s may go on at
        the same time (see ``lanes``)."""
        if self.handle is None:
            return None
        working = self._lanes[lane]
        start = self.start(increment)
        if start > self.limit:
            return None
        P = len(self.prepared.ids)
        rho = (_u64 * (4 * P))()
        death = (ctypes.c_int32 * len(self.prepared.mult))()
        # Records for the rounds a run is likely to have (the reference's and a few more), not P x P: an
        # election with hundreds of projects would otherwise clear megabytes per run. Later rounds carry no
        # bound (slower, never wrong).
        record_rounds = P if reference is None else min(P, len(reference.order) + RECORD_MARGIN)
        records = (_u64 * (4 * P * record_rounds))()
        shares = (_u64 * (2 * P))()
        if reference is None:
            ref_rounds, ref_start, ref_order, ref_rho, ref_death = -1, 0, None, None, None
            ref_records, ref_record_rounds, ref_shares = None, 0, None
        else:
            ref_rounds, ref_start = len(reference.order), reference.start
            ref_order = (ctypes.c_int32 * max(1, ref_rounds))(*reference.order)
            ref_rho, ref_death = reference.rho, reference.death
            ref_records, ref_record_rounds = reference.records, reference.record_rounds
            ref_shares = reference.shares
        status = self.library.mes_run(
            working.handle,
            start & _LOW,
            start >> 64,
            ref_rounds,
            ref_start & _LOW,
            ref_start >> 64,
            ref_order,
            ref_rho,
            ref_death,
            ref_records,
            ref_record_rounds,
            ref_shares,
            working.order,
            rho,
            death,
            records,
            record_rounds,
            shares,
            ctypes.byref(working.rounds),
            ctypes.byref(working.certified),
            int(certify),
        )
        if status != MES_OK:
            return None
        rounds = working.rounds.value
        order = list(working.order[:rounds])
        certified = working.certified.value
        return KernelRun(increment, order, start, rho, death, records, shares, certified, record_rounds)

    def start(self, increment: int) -> int:
        """The scaled start of a run at ``budget / n + increment`` per voter."""
        return (self.base + increment * self.unit) << self.bits


def as_kernel_run(kernel: Kernel, run: Run) -> KernelRun:
    """An exact engine's run in the kernel's terms (each rho rounded up: proofs only need upper bounds)."""
    P = len(kernel.prepared.ids)
    rho = (_u64 * (4 * P))()
    for r, (numerator, denominator) in enumerate(run.rho):
        scaled = -(-(numerator << _RHO_SHIFT) // denominator)
        rho[4 * r], rho[4 * r + 1] = scaled & _LOW, scaled >> 64
        rho[4 * r + 2], rho[4 * r + 3] = 0, 1 << (_RHO_SHIFT - 64)
    death = (ctypes.c_int32 * len(run.death))(*(min(round_, 2**31 - 1) for round_ in run.death))
    # The exact engine's shares are over its own scale (prepared.scale): brought to the kernel's, rounded up.
    shares = (_u64 * (2 * P))()
    for r, (numerator, denominator) in enumerate(run.shares):
        share = -(-(numerator << kernel.bits) // (denominator << SHIFT))
        shares[2 * r], shares[2 * r + 1] = share & _LOW, share >> 64
    # No records: the carried bounds simply do not apply to the runs checked against this one.
    return KernelRun(run.increment, list(run.order), kernel.start(run.increment), rho, death, None, shares)


def kernel_for(prepared: Prepared) -> Kernel | None:
    """The compiled runs of ``prepared`` (kept on it), or None when the kernel is unavailable or unsuited."""
    kernel = getattr(prepared, "_kernel", False)
    if kernel is False:
        library = load()
        kernel = Kernel(library, prepared) if library is not None else None
        if kernel is not None and not kernel.usable:
            kernel = None
        prepared._kernel = kernel
    return kernel


def exact_run(kernel: Kernel, increment: int) -> KernelRun:
    """The run at ``increment`` by the exact engine, for when the kernel cannot decide it."""
    return as_kernel_run(kernel, mes_run(kernel.prepared, increment))
