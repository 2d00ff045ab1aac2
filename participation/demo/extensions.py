"""How another app adds its part to the demo without `participation` importing it.

`participation` never imports `budgets` (the dependency goes the other way), yet the demo must show a vote
and its results. So the demo is open for extension, the way Django's admin finds `admin` modules: an
installed app other than participation may have a module (or package) `<app>.demo` that defines
`demo_extension`, a class following `DemoExtension` below. `installed_demo_extensions()` finds them through
the app registry; `seed_demo`, `demo_accounts` and the builder use what they find:

- `accounts`: demo accounts the extension needs (created with the others, in their group, listed by
  `manage.py demo_accounts`, deleted with the demo, counted by `demo_data_status`);
- `reference_data()`: reference data it needs before the accounts are created (its role groups...);
- `actions(spec, clock)`: what happens in a process, as (moment, order, label, action) like the builder's own
  actions, run at that moment of the process's timeline (`timeline.ProcessClock`);
- `backdated_rows(process)`: the extension's rows whose timestamps the clock must date back;
- `runs_the_vote`: True when the extension puts proposals on the ballot and selects them (through
  `proposal_apply_system_transition`, as real use does); the builder then does not apply those
  transitions itself;
- `delete(process_slugs)`: removes what the database would protect before the demo processes are deleted;
- `summary()`: lines `seed_demo` prints after loading (what a tester needs to try the extension).

A project without such app keeps a complete participation demo: the builder then applies the vote
transitions itself."""

from collections.abc import Callable
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, ClassVar, Protocol

from django.apps import apps
from django.db.models import QuerySet
from django.utils.module_loading import module_has_submodule

from .accounts import DemoPerson

if TYPE_CHECKING:
    from .builder import DemoBuilder
    from .content import ProcessSpec
    from .timeline import ProcessClock

DEMO_MODULE = "demo"
EXTENSION_NAME = "demo_extension"

Action = tuple[datetime, int, str, Callable[[], None]]


class DemoExtension(Protocol):
    accounts: ClassVar[list[DemoPerson]]
    runs_the_vote: ClassVar[bool]

    def __init__(self, builder: "DemoBuilder") -> None: ...

    def reference_data(self) -> None: ...

    def actions(self, spec: "ProcessSpec", clock: "ProcessClock") -> list[Action]: ...

    @staticmethod
    def backdated_rows(process) -> list[tuple[QuerySet, list[str]]]: ...

    @staticmethod
    def delete(process_slugs: list[str]) -> None: ...

    def summary(self) -> list[str]: ...


def installed_demo_extensions() -> list[type[DemoExtension]]:
    """The `demo_extension` classes of the installed apps (participation's own `demo` package aside), in the
    order of INSTALLED_APPS. An app whose `demo` module does not define `demo_extension` is ignored."""
    found = []
    for app_config in apps.get_app_configs():
        if app_config.name == "participation" or not module_has_submodule(app_config.module, DEMO_MODULE):
            continue
        extension = getattr(import_module(f"{app_config.name}.{DEMO_MODULE}"), EXTENSION_NAME, None)
        if extension is not None:
            found.append(extension)
    return found


def extension_accounts() -> list[DemoPerson]:
    return [person for extension in installed_demo_extensions() for person in extension.accounts]
