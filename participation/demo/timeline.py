"""Running the services "in the past".

The services decide from the clock: a proposal can be submitted only while the submission phase is open, a
comment written only during the debate. The demo wants processes whose debate ended weeks ago, with the
comments, supports and transitions that debate produced, written by the real services.

`ProcessClock.at(moment)` does it honestly, without touching the clock: it shifts the whole timeline of one
process forward so that `moment` (a point of the final timeline) is now and lets the caller run the services;
`ProcessClock.finish()` puts the phases back on their final dates and moves every timestamp written during
each moment for that process back by that moment's shift. The rows are exactly what the services wrote, dated
when it would have happened."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db.models import Case, DateTimeField, F, Q, When
from django.utils import timezone

from participation.models import (
    Comment,
    DomainEvent,
    Follow,
    Phase,
    Process,
    Proposal,
    ProposalTransition,
    Report,
    Support,
)

# Moments in the open phase stay this far before now, so that what they date is never in the future.
MARGIN = timedelta(hours=1)


def _backdated_rows(process: Process):
    """(queryset of the rows of `process`, their timestamp fields) for every row a service writes."""
    return [
        (
            Proposal.objects.filter(process=process),
            [
                "created_at",
                "edited_at",
                "submitted_at",
                "state_changed_at",
                "threshold_reached_at",
                "hidden_at",
            ],
        ),
        (ProposalTransition.objects.filter(proposal__process=process), ["created_at"]),
        (
            Comment.objects.filter(proposal__process=process),
            ["created_at", "edited_at", "deleted_at", "hidden_at"],
        ),
        (Support.objects.filter(process=process), ["created_at"]),
        (Follow.objects.filter(Q(process=process) | Q(proposal__process=process)), ["created_at"]),
        (
            Report.objects.filter(Q(proposal__process=process) | Q(comment__proposal__process=process)),
            ["created_at", "resolved_at"],
        ),
        (DomainEvent.objects.filter(process=process), ["created_at", "dispatched_at"]),
        (Phase.objects.filter(process=process), ["opening_applied_at", "closing_applied_at", "closed_at"]),
    ]


class ProcessClock:
    """The final timeline of one process (its phases' windows, dated relative to `now`) and the moments inside
    it. Moments are computed from the windows alone, before the process exists; `attach(process)` once it is
    written, then `at(moment)` for each moment in the order of the timeline, then `finish()` once."""

    def __init__(
        self,
        *,
        name: str,
        windows: list[tuple[str, datetime, datetime]],
        now: datetime,
        extra_rows: list[Callable[[Process], list]] = (),
    ):
        self.name = name
        # Functions giving the rows (and timestamp fields) of a process that demo extensions write.
        self.extra_rows = list(extra_rows)
        self.windows = windows  # (kind, start, end) in the order of the phases
        self.now = now
        self.process: Process | None = None
        self.shift = timedelta(0)  # how far the phases are currently placed after their final dates
        self.moments: list[tuple[datetime, timedelta]] = []  # (wall-clock start of a moment, its shift)

    def attach(self, process: Process) -> None:
        """The process whose phases (on their final dates, as in `windows`) this clock moves."""
        self.process = process

    def window(self, kind: str) -> tuple[datetime, datetime]:
        return next((start, end) for phase_kind, start, end in self.windows if phase_kind == kind)

    def has_started(self, kind: str) -> bool:
        return any(phase_kind == kind and start <= self.now for phase_kind, start, _end in self.windows)

    def started_kinds(self) -> list[str]:
        return [kind for kind, start, _end in self.windows if start <= self.now]

    def last_end(self) -> datetime:
        return max(end for _kind, _start, end in self.windows)

    def moment(self, kind: str, fraction: float) -> datetime:
        """The point at `fraction` (0 to 1) of the part of phase `kind` that has already happened."""
        start, end = self.window(kind)
        end = min(end, self.now - MARGIN)
        if end <= start:
            raise ValueError(f"the phase {kind} of {self.name} has not started yet")
        return start + (end - start) * min(max(fraction, 0.0), 1.0)

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        """Within the block, the process's phases are placed so that `moment` is now. What the block writes
        for this process is dated back to `moment` by `finish()`.

        Must run inside the seeding transaction: until `finish()`, the phases are not on their final dates."""
        started = timezone.now()
        shift = started - moment
        if shift <= timedelta(0):
            raise ValueError("a demo moment must be in the past")
        self._place(shift)
        self.moments.append((started, shift))
        yield

    def finish(self) -> None:
        """Puts the phases back on their final dates and dates every timestamp written during a moment back by
        that moment's shift: one UPDATE per timestamp column (the wall clock only moves forward, so the moment
        a value was written in is the latest one that started before it)."""
        self._place(timedelta(0))
        if not self.moments:
            return
        first = self.moments[0][0]
        latest_first = list(reversed(self.moments))
        rows = _backdated_rows(self.process)
        for extra in self.extra_rows:
            rows += extra(self.process)
        for queryset, fields in rows:
            for name in fields:
                dated_back = Case(
                    *(
                        When(**{f"{name}__gte": started}, then=F(name) - shift)
                        for started, shift in latest_first
                    ),
                    default=F(name),
                    output_field=DateTimeField(),
                )
                queryset.filter(**{f"{name}__gte": first}).update(**{name: dated_back})
        self.moments.clear()

    def _place(self, shift: timedelta) -> None:
        if shift != self.shift:
            move = shift - self.shift
            Phase.objects.filter(process=self.process).update(
                start_at=F("start_at") + move, end_at=F("end_at") + move
            )
            self.shift = shift
