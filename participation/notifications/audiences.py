"""Who hears about which domain event, under which topic, and how the notification reads.

Any app registers its event kinds from its `AppConfig.ready()` (participation in `participation.apps`, budgets
in `budgets.apps`, funded projects the same way), so `participation` never imports them:

    register_audience("funded_project.transition", resolver, describe=describe)

- `resolver(event)` returns a list of `Audience(topic, user_ids)`: `user_ids` is a queryset of user ids
  (`.values("pk")`, `.values("user_id")`...) that the fan-out combines into one SQL query walked by keyset
  (`pk > cursor`), so an audience of any size costs a constant number of queries per batch. A person in
  several audiences gets one notification, under the topic of the first audience (order by priority). The
  actor of the event is never notified. Topics in `OPT_IN_TOPICS` reach only people whose frequency for them
  is not "off".
- `describe(event)` returns a `Description(text, url)` in the active language. It must not query: everything
  it needs is on the event's foreign keys (selected with it) or in its payload.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, CharField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from ..models import (
    DEFAULT_FREQUENCY,
    DomainEvent,
    NotificationFrequency,
    NotificationPreference,
    NotificationTopic,
)


@dataclass(frozen=True)
class Audience:
    topic: str
    user_ids: QuerySet


@dataclass(frozen=True)
class Description:
    text: str
    url: str


Resolver = Callable[[DomainEvent], list[Audience]]
Describer = Callable[[DomainEvent], Description]

# Reached only by people who chose a frequency other than "off".
OPT_IN_TOPICS = frozenset({NotificationTopic.VOTE_REMINDER})

_resolvers: dict[str, list[Resolver]] = {}
_describers: dict[str, Describer] = {}


def register_audience(event_kind: str, resolver: Resolver, *, describe: Describer | None = None) -> None:
    """Adds `resolver` to the audiences of `event_kind` (several apps may add to one kind) and, if given, the
    way its notifications read. Registering the same function twice is a no-op (tests reload apps)."""
    resolvers = _resolvers.setdefault(str(event_kind), [])
    if resolver not in resolvers:
        resolvers.append(resolver)
    if describe is not None:
        _describers[str(event_kind)] = describe


def has_audience(event_kind: str) -> bool:
    return bool(_resolvers.get(str(event_kind)))


def audiences_for(event: DomainEvent) -> list[Audience]:
    return [audience for resolver in _resolvers.get(event.kind, []) for audience in resolver(event)]


def describe(event: DomainEvent) -> Description:
    describer = _describers.get(event.kind)
    if describer is not None:
        return describer(event)
    url = event.process.get_absolute_url() if event.process_id else ""
    return Description(text=str(event.get_kind_display()), url=url)


def recipients_after(event: DomainEvent, *, after: int, limit: int) -> list[tuple[int, str, str]]:
    """The next `limit` recipients of `event` with an id above `after`, in id order, as (user id, topic,
    e-mail frequency for that topic). One query, whatever the size of the audiences."""
    from ..models import User

    audiences = audiences_for(event)
    if not audiences:
        return []
    conditions = [Q(pk__in=audience.user_ids) for audience in audiences]
    topic = Case(
        *[
            When(condition, then=Value(str(audience.topic)))
            for condition, audience in zip(conditions, audiences, strict=True)
        ],
        output_field=CharField(),
    )
    default = Case(
        *[When(topic=str(name), then=Value(str(frequency))) for name, frequency in DEFAULT_FREQUENCY.items()],
        default=Value(str(NotificationFrequency.OFF)),
        output_field=CharField(),
    )
    chosen = NotificationPreference.objects.filter(user=OuterRef("pk"), topic=OuterRef("topic")).values(
        "frequency"
    )[:1]
    users = User.objects.filter(reduce(or_, conditions), is_active=True, pk__gt=after)
    if event.actor_id is not None:
        users = users.exclude(pk=event.actor_id)
    users = (
        users.annotate(topic=topic)
        .annotate(frequency=Coalesce(Subquery(chosen), default, output_field=CharField()))
        .exclude(topic__in=[str(name) for name in OPT_IN_TOPICS], frequency=NotificationFrequency.OFF)
        .order_by("pk")
        .values_list("pk", "topic", "frequency")
    )
    return list(users[:limit])
