"""The registry of PDF report kinds. Each kind says how to load its target, who may ask for it, what it
prints and how the file is named; the mechanism (`participation.services.pdf_reports`, the task
`render_pdf_report` on the `reports` queue, the pages under /reports/) is the same for all.

The participation app registers the **process report** and the **proposal dossier** (`kinds.py`, from
`ParticipationConfig.ready()`); the budgets app registers the **budget results** (`budgets/pdf_reports.py`,
from `BudgetsConfig.ready()`), since participation never imports budgets.

How to add a kind — e.g. issue 5's **funded-project progress** report, in the budgets app:

1. a selector that reads everything the report prints in a fixed number of queries;
2. a template `templates/reports/<name>.html` that extends `reports/_document.html` (title, page numbers,
   table of contents, French typography, `generated_at` only in the `{% block generated %}`);
3. a rule (`budgets.view_funded_project` or a dedicated one) in `budgets/rules.py`;
4. in `budgets/pdf_reports.py`::

       register(ReportKind(
           name="funded-project", label=_("Funded project progress"), perm="budgets.view_funded_project",
           load=lambda pk: FundedProject.objects.select_related("budget__process").filter(pk=pk).first(),
           context=lambda project: {"project": selectors.funded_project_report(project=project)},
           template="reports/funded_project.html",
           title=lambda project: project.title,
           filename=lambda project: f"{project.budget.process.slug}-project-{project.pk}.pdf",
           page_url=lambda project: project.get_absolute_url(),
       ))

   called from `BudgetsConfig.ready()`; the project page links to `pdf_report_request` (a POST form, see
   `templates/reports/_request_button.html`). Nothing else changes: the content key, the states, the
   progress, the throttle, the download and the tests of the mechanism come with it.

The content key: by default the SHA-256 of the report's HTML rendered without its generation date (so
"everything printed", exactly), prefixed by the kind's `version` — bump it when a template changes in a way
that should re-render existing reports. A kind may give its own `content_key(target)` when building the
HTML is too costly for a web request."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..pdf import render_document_html

# What the status page says while a report renders, by progress reached (in percent). The same for every
# kind: loading the data, laying the pages out (the slow part), writing and storing the file.
PROGRESS_CLAIMED = 5
PROGRESS_DATA_READ = 25
PROGRESS_LAID_OUT = 80
PROGRESS_WRITTEN = 95
PROGRESS_DONE = 100
DEFAULT_STEPS = (
    (0, _("Waiting for a free worker…")),
    (PROGRESS_CLAIMED, _("Reading the data…")),
    (PROGRESS_DATA_READ, _("Laying out the pages…")),
    (PROGRESS_LAID_OUT, _("Writing the file…")),
    (PROGRESS_WRITTEN, _("Storing the file…")),
)


@dataclass(frozen=True)
class ReportKind:
    """One kind of PDF report.

    - `name`: in URLs and in `PdfReport.kind` (a slug);
    - `perm`: the `rules` permission, on the target, to ask for and download the report;
    - `load(pk)`: the target or None (no permission check; one query);
    - `context(target)`: what the template prints, from selectors, in a fixed number of queries, without
      the generation date (added as `generated_at` when the file is rendered);
    - `template`: under `templates/reports/`;
    - `title(target)`, `filename(target)`: the document's title and the name of the downloaded file;
    - `page_url(target)`: the page the report is asked from (the status page links back to it);
    - `steps`: (progress percent, text) pairs the status page shows while rendering."""

    name: str
    label: Any
    perm: str
    load: Callable[[int], Any]
    context: Callable[[Any], dict]
    template: str
    title: Callable[[Any], str]
    filename: Callable[[Any], str]
    page_url: Callable[[Any], str]
    version: str = "1"
    steps: tuple = DEFAULT_STEPS
    content_key: Callable[[Any], str] | None = field(default=None)

    def html(self, target, *, context: dict | None = None, generated_at=None) -> str:
        """The report's HTML (in the site's language); without `generated_at`, the date is not printed."""
        context = dict(self.context(target) if context is None else context)
        context.setdefault("document_title", self.title(target))
        context["generated_at"] = generated_at
        return render_document_html(self.template, context)

    def key(self, target) -> str:
        """The content key of the report of `target` as it would be printed now."""
        if self.content_key is not None:
            return self.content_key(target)
        digest = hashlib.sha256(self.html(target).encode())
        return hashlib.sha256(f"{self.name}:{self.version}:{digest.hexdigest()}".encode()).hexdigest()

    def step_text(self, progress: int):
        text = self.steps[0][1]
        for threshold, step in self.steps:
            if progress >= threshold:
                text = step
        return text


class UnknownReportKindError(LookupError):
    pass


_KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    """Adds `kind` (from an app's `ready()`). Registering the same name again replaces it (tests, reloads)."""
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> ReportKind:
    try:
        return _KINDS[name]
    except KeyError as error:
        raise UnknownReportKindError(name) from error


def all_kinds() -> list[ReportKind]:
    return list(_KINDS.values())
