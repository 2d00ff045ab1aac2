"""The open datasets of participation: processes, phases, proposals, areas, categories. Registered by
`ParticipationConfig.ready()`.

Each `*_rows` function is a selector for one export: public rows only (published processes; proposals in a
public state, exactly as the pages list them), no personal data, streamed with `values_list(...).iterator()`
in a fixed number of queries stated in its docstring (never one per row). Every row is a tuple in the order of
the dataset's columns.

Comments are not published as open data. A comment is a resident's own words, shown on the page under their
name; stripped of the name it still points back to them (its text is on the page next to it), so it stays
personal data. An open licence lets anyone copy it forever, and a harvested copy cannot be withdrawn when the
author deletes the comment or a moderator hides it. Proposals are different: they are put to the public
authority for a public decision, and their author is never exported. The number of comments of each
proposal is published (`comments` column of proposals)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from participation.models import Area, Category, Phase, PhaseKind, Process, Proposal
from participation.models.proposals import PUBLIC_STATES

from .registry import Column, Dataset, register
from .writers import CalendarEvent, ics_lines

# Rows fetched at a time (PostgreSQL: per round trip of the server-side cursor; SQLite: per fetchmany). The
# memory an export needs is about two chunks (the one being written and the next one being read).
CHUNK_SIZE = 2000


def site_url(path: str = "") -> str:
    """The absolute address of `path` on the public site (PLACETTE_SITE_URL)."""
    return settings.SITE_URL + path


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "placette.localhost"


class ProposalUrls:
    """Absolute proposal URLs without one `reverse()` per row: one per process, then string formatting."""

    def __init__(self):
        self._prefixes: dict[str, str] = {}

    def __call__(self, process_slug: str, pk: int) -> str:
        prefix = self._prefixes.get(process_slug)
        if prefix is None:
            path = reverse("proposal_detail", kwargs={"slug": process_slug, "pk": 1})
            assert path.endswith("/1/")
            prefix = self._prefixes[process_slug] = site_url(path[: -len("1/")])
        return f"{prefix}{pk}/"


def process_url(slug: str) -> str:
    return site_url(reverse("process_detail", kwargs={"slug": slug}))


def _latest(*values: datetime | None) -> datetime | None:
    present = [value for value in values if value is not None]
    return max(present) if present else None


# --- Processes ----------------------------------------------------------------------------------------------

PROCESS_COLUMNS = (
    Column("id", _("Identifier of the process"), "integer"),
    Column("slug", _("Short name of the process, as in its address"), "string"),
    Column("title", _("Title"), "string"),
    Column("summary", _("Summary"), "string"),
    Column("description", _("Description"), "string"),
    Column("url", _("Page of the process"), "url"),
    Column("areas", _("Areas of the process (names separated by ' ; ')"), "string"),
    Column("categories", _("Categories of the process (names separated by ' ; ')"), "string"),
    Column("support_threshold", _("Supports a proposal needs to be marked (empty: no threshold)"), "integer"),
    Column("supports_per_resident", _("Proposals one resident may support (empty: no limit)"), "integer"),
    Column("created_at", _("Created at"), "datetime"),
    Column("updated_at", _("Last changed at"), "datetime"),
)


def _published_processes(process: Process | None = None):
    queryset = Process.objects.filter(is_published=True)
    return queryset.filter(pk=process.pk) if process is not None else queryset


def process_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """Published processes, oldest first. Three queries: the processes' areas, their categories (both kept
    in memory, one short list per process), the processes (streamed)."""
    processes = _published_processes(process)

    def names_by_process(through, name_field):
        names: dict[int, list[str]] = {}
        for process_id, name in (
            through.objects.filter(process__in=processes)
            .order_by("process_id", f"{name_field}__position", f"{name_field}__name")
            .values_list("process_id", f"{name_field}__name")
        ):
            names.setdefault(process_id, []).append(name)
        return names

    areas = names_by_process(Process.areas.through, "area")
    categories = names_by_process(Process.categories.through, "category")
    for pk, slug, title, summary, description, threshold, limit, created_at, updated_at in (
        processes.order_by("created_at", "id")
        .values_list(
            "id",
            "slug",
            "title",
            "summary",
            "description",
            "support_threshold",
            "support_limit_per_user",
            "created_at",
            "updated_at",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    ):
        yield (
            pk,
            slug,
            title,
            summary,
            description,
            process_url(slug),
            " ; ".join(areas.get(pk, [])),
            " ; ".join(categories.get(pk, [])),
            threshold,
            limit,
            created_at,
            updated_at,
        )


def process_dates(*, process: Process | None = None):
    """(first creation, last change) of the published processes. One query."""
    dates = _published_processes(process).aggregate(issued=Min("created_at"), modified=Max("updated_at"))
    return dates["issued"], dates["modified"]


# --- Phases -------------------------------------------------------------------------------------------------

PHASE_COLUMNS = (
    Column("id", _("Identifier of the phase"), "integer"),
    Column("process", _("Short name of the process (slug)"), "string"),
    Column("process_title", _("Title of the process"), "string"),
    Column(
        "kind",
        _("Kind: information, submission, debate, evaluation, vote, results, implementation"),
        "string",
    ),
    Column("title", _("Title of the phase (the kind's name when it has none)"), "string"),
    Column("description", _("Description"), "string"),
    Column("position", _("Order of the phase in its process"), "integer"),
    Column("start_at", _("Start"), "datetime"),
    Column("end_at", _("End (the time it was closed, when closed early)"), "datetime"),
    Column("closed_early", _("Closed before its planned end"), "boolean"),
    Column("url", _("Page of the process"), "url"),
)


def _public_phases(process: Process | None = None):
    queryset = Phase.objects.filter(process__is_published=True)
    return queryset.filter(process=process) if process is not None else queryset


def phase_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """The phases of published processes, by process then in timeline order. One query."""
    with translation.override(settings.LANGUAGE_CODE):
        kind_labels = {kind.value: str(kind.label) for kind in PhaseKind}
    for pk, slug, process_title, kind, title, description, position, start_at, end_at, closed_at in (
        _public_phases(process)
        .order_by("process_id", "position", "start_at", "id")
        .values_list(
            "id",
            "process__slug",
            "process__title",
            "kind",
            "title",
            "description",
            "position",
            "start_at",
            "end_at",
            "closed_at",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    ):
        closed_early = closed_at is not None and closed_at < end_at
        yield (
            pk,
            slug,
            process_title,
            kind,
            title or kind_labels.get(kind, kind),
            description,
            position,
            start_at,
            closed_at if closed_early else end_at,
            closed_early,
            process_url(slug),
        )


def phase_dates(*, process: Process | None = None):
    """(creation of the first process, last change of a process) of the phases' processes. One query.
    Phases carry no change time of their own: a changed phase shows here only when its process changed."""
    return process_dates(process=process)


def phase_calendar(dataset: Dataset, rows, process: Process | None) -> Iterator[str]:
    """The phases as an iCalendar feed: one VEVENT per phase, UID `phase-<id>@<host>` (stable), SUMMARY
    "<process> — <phase>", DESCRIPTION, URL of the process, DTSTART/DTEND in UTC."""
    host = site_host()
    stamp = timezone.now()
    names = dataset.column_names

    def events():
        for row in rows:
            values = dict(zip(names, row, strict=True))
            yield CalendarEvent(
                uid=f"phase-{values['id']}@{host}",
                summary=f"{values['process_title']} — {values['title']}",
                description=values["description"],
                start=values["start_at"],
                end=values["end_at"],
                url=values["url"],
                stamp=stamp,
            )

    name = f"Placette — {process.title}" if process is not None else "Placette"
    return ics_lines(events(), name=name)


# --- Proposals ----------------------------------------------------------------------------------------------

PROPOSAL_COLUMNS = (
    Column("id", _("Identifier of the proposal (its number on the site)"), "integer"),
    Column("process", _("Short name of the process (slug)"), "string"),
    Column("url", _("Page of the proposal"), "url"),
    Column("title", _("Title (empty when moderation hid the proposal)"), "string"),
    Column("body", _("Text of the proposal (empty when hidden)"), "string"),
    Column(
        "state",
        _("State: submitted, in_debate, withdrawn, rejected, accepted, on_ballot, selected, not_selected"),
        "string",
    ),
    Column("hidden", _("Hidden by moderation (its text and location are then left out)"), "boolean"),
    Column("area", _("Area (village, district)"), "string"),
    Column("category", _("Category"), "string"),
    Column("longitude", _("Longitude (WGS 84), when the proposal has a location"), "number"),
    Column("latitude", _("Latitude (WGS 84), when the proposal has a location"), "number"),
    Column("supports", _("Number of supports"), "integer"),
    Column("comments", _("Number of comments"), "integer"),
    Column("cost_estimate_cents", _("Cost estimated by the evaluation, in euro cents"), "integer"),
    Column("answer", _("Public answer of the evaluation"), "string"),
    Column(
        "rejection_reason",
        _("Reason of a rejection: inadmissible, duplicate, out_of_scope, not_feasible, other"),
        "string",
    ),
    Column("duplicate_of", _("Identifier of the proposal this one duplicates"), "integer"),
    Column("created_at", _("Created at"), "datetime"),
    Column("submitted_at", _("Submitted at"), "datetime"),
    Column("edited_at", _("Last edited at"), "datetime"),
    Column("state_changed_at", _("State last changed at"), "datetime"),
)


def _public_proposals(process: Process | None = None):
    """Proposals the public pages list: in a public state (never a draft), of a published process."""
    queryset = Proposal.objects.filter(process__is_published=True, state__in=PUBLIC_STATES)
    return queryset.filter(process=process) if process is not None else queryset


def proposal_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """Public proposals, by id. One query (streamed: a server-side cursor on PostgreSQL, chunked reads on
    SQLite). No author: not their name, not their account. A hidden proposal keeps its row (the list page
    shows it too) without its title, text or location."""
    urls = ProposalUrls()
    for (
        pk,
        slug,
        title,
        body,
        state,
        hidden_at,
        area,
        category,
        longitude,
        latitude,
        supports,
        comments,
        cost,
        answer,
        rejection_reason,
        duplicate_of,
        created_at,
        submitted_at,
        edited_at,
        state_changed_at,
    ) in (
        _public_proposals(process)
        .order_by("id")
        .values_list(
            "id",
            "process__slug",
            "title",
            "body",
            "state",
            "hidden_at",
            "area__name",
            "category__name",
            "longitude",
            "latitude",
            "supports_count",
            "comments_count",
            "cost_estimate_cents",
            "answer",
            "rejection_reason",
            "duplicate_of_id",
            "created_at",
            "submitted_at",
            "edited_at",
            "state_changed_at",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    ):
        hidden = hidden_at is not None
        if hidden:
            title = body = ""
            longitude = latitude = None
        yield (
            pk,
            slug,
            urls(slug, pk),
            title,
            body,
            state,
            hidden,
            area,
            category,
            longitude,
            latitude,
            supports,
            comments,
            cost,
            answer,
            rejection_reason,
            duplicate_of,
            created_at,
            submitted_at,
            edited_at,
            state_changed_at,
        )


def proposal_dates(*, process: Process | None = None):
    """(first creation, last creation / edit / state change / hiding) of the public proposals. One query.
    Counters (supports, comments) change without a date: they do not move `modified`."""
    dates = _public_proposals(process).aggregate(
        issued=Min("created_at"),
        created=Max("created_at"),
        edited=Max("edited_at"),
        changed=Max("state_changed_at"),
        hidden=Max("hidden_at"),
    )
    return dates["issued"], _latest(dates["created"], dates["edited"], dates["changed"], dates["hidden"])


# --- Areas and categories -----------------------------------------------------------------------------------

NAMED_COLUMNS = (
    Column("id", _("Identifier"), "integer"),
    Column("slug", _("Short name"), "string"),
    Column("name", _("Name"), "string"),
    Column("position", _("Order in lists"), "integer"),
)


def area_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """Every area, in list order. One query."""
    yield from Area.objects.order_by("position", "name").values_list("id", "slug", "name", "position")


def category_rows(*, process: Process | None = None) -> Iterator[tuple]:
    """Every category, in list order. One query."""
    yield from Category.objects.order_by("position", "name").values_list("id", "slug", "name", "position")


def register_participation_datasets() -> None:
    register(
        Dataset(
            id="processes",
            title=_("Participatory processes"),
            description=_(
                "Every published participatory process: title, summary, description, areas, "
                "categories and the support rules."
            ),
            columns=PROCESS_COLUMNS,
            rows=process_rows,
            dates=process_dates,
            keywords=("participation", "processus participatif"),
        )
    )
    register(
        Dataset(
            id="phases",
            title=_("Phases of the processes"),
            description=_(
                "The dated phases of every published process (submission, debate, vote...), also as "
                "a calendar to subscribe to."
            ),
            columns=PHASE_COLUMNS,
            rows=phase_rows,
            formats=("csv", "json", "ics"),
            per_process=True,
            writers={"ics": phase_calendar},
            dates=phase_dates,
            keywords=("calendrier", "participation"),
        )
    )
    register(
        Dataset(
            id="proposals",
            title=_("Proposals"),
            description=_(
                "Every public proposal of the published processes, as its page shows it: state, area, "
                "category, location, supports, the evaluation's answer. No author, no draft; a proposal "
                "hidden by moderation keeps its row without its text."
            ),
            columns=PROPOSAL_COLUMNS,
            rows=proposal_rows,
            formats=("csv", "json", "geojson"),
            per_process=True,
            geometry=("longitude", "latitude"),
            dates=proposal_dates,
            keywords=("propositions", "participation citoyenne"),
        )
    )
    register(
        Dataset(
            id="areas",
            title=_("Areas"),
            description=_("The villages and districts proposals, budgets and residents belong to."),
            columns=NAMED_COLUMNS,
            rows=area_rows,
            keywords=("territoire",),
        )
    )
    register(
        Dataset(
            id="categories",
            title=_("Categories"),
            description=_("The themes proposals and projects are filed under."),
            columns=NAMED_COLUMNS,
            rows=category_rows,
            keywords=("thèmes",),
        )
    )
