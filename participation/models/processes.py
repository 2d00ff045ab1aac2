from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Area(models.Model):
    """A village, a district: where a proposal applies and where a resident lives."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class Process(models.Model):
    """A participatory process: a consultation or a participatory budget, carried through ordered phases."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), blank=True, related_name="processes")
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="processes"
    )
    is_published = models.BooleanField(_("published"), default=False)
    support_limit_per_user = models.PositiveIntegerField(
        _("supports per resident"),
        null=True,
        blank=True,
        help_text=_("How many proposals one resident may support in this process. Empty: no limit."),
    )
    support_threshold = models.PositiveIntegerField(
        _("support threshold"),
        null=True,
        blank=True,
        help_text=_("Proposals with at least this many supports are marked. Empty: no threshold."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participatory process")
        verbose_name_plural = _("participatory processes")
        constraints = [
            models.CheckConstraint(
                condition=Q(support_limit_per_user__isnull=True) | Q(support_limit_per_user__gte=1),
                name="process_support_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(support_threshold__isnull=True) | Q(support_threshold__gte=1),
                name="process_support_threshold_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("process_detail", kwargs={"slug": self.slug})

    _phase_list_cache = None

    # --- The clock: which phase is open, computed from the phases' time windows. -------------------------
    # Permission predicates ask these for every proposal of a list page, so the phases are read once per
    # Process instance (or come from `prefetch_related("phases")`), never once per question.

    def phase_list(self) -> list["Phase"]:
        """The phases in order. One query per instance at most; uses a `prefetch_related("phases")` cache."""
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "phases" in prefetched:
            return list(prefetched["phases"])
        if self._phase_list_cache is None:
            self._phase_list_cache = list(self.phases.all())
        return self._phase_list_cache

    def forget_phases(self) -> None:
        """Drops the cached phases (after a phase of this instance changed)."""
        self._phase_list_cache = None
        getattr(self, "_prefetched_objects_cache", {}).pop("phases", None)

    def refresh_from_db(self, *args, **kwargs):
        self._phase_list_cache = None
        super().refresh_from_db(*args, **kwargs)

    def open_phases(self, moment=None) -> list["Phase"]:
        moment = moment or timezone.now()
        return [phase for phase in self.phase_list() if phase.is_open_at(moment)]

    def current_phase(self, moment=None) -> "Phase | None":
        """The open phase (the first one if an administrator made windows overlap), or None between phases."""
        open_phases = self.open_phases(moment)
        return open_phases[0] if open_phases else None

    def next_phase(self, moment=None) -> "Phase | None":
        moment = moment or timezone.now()
        upcoming = [phase for phase in self.phase_list() if phase.start_at > moment]
        return min(upcoming, key=lambda phase: phase.start_at) if upcoming else None

    def feature_is_open(self, feature: str, moment=None) -> bool:
        """True when a phase open at `moment` opens `feature` (a `Feature` value)."""
        return any(feature in phase.features for phase in self.open_phases(moment))

    def phase_kind_has_started(self, kind: str, moment=None) -> bool:
        """True once a phase of `kind` has started (open now or already over, closed early included)."""
        moment = moment or timezone.now()
        return any(phase.kind == kind and phase.start_at <= moment for phase in self.phase_list())


class Feature(models.TextChoices):
    # Verbs ("comment", "vote") that are also nouns elsewhere: the context keeps their msgids apart.
    SUBMIT = "submit", pgettext_lazy("feature", "submit proposals")
    COMMENT = "comment", pgettext_lazy("feature", "comment")
    SUPPORT = "support", pgettext_lazy("feature", "support proposals")
    EVALUATE = "evaluate", pgettext_lazy("feature", "evaluate proposals")
    VOTE = "vote", pgettext_lazy("feature", "vote")


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    SUBMISSION = "submission", _("Submission of proposals")
    DEBATE = "debate", _("Debate")
    EVALUATION = "evaluation", _("Evaluation")
    VOTE = "vote", _("Vote")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


# What each kind of phase opens. A closed phase opens nothing.
PHASE_FEATURES: dict[str, frozenset[str]] = {
    PhaseKind.INFORMATION: frozenset(),
    PhaseKind.SUBMISSION: frozenset({Feature.SUBMIT}),
    PhaseKind.DEBATE: frozenset({Feature.COMMENT, Feature.SUPPORT}),
    PhaseKind.EVALUATION: frozenset({Feature.EVALUATE}),
    PhaseKind.VOTE: frozenset({Feature.VOTE}),
    PhaseKind.RESULTS: frozenset(),
    PhaseKind.IMPLEMENTATION: frozenset(),
}


class Phase(models.Model):
    """A time window of a process. The active phase is the one whose window contains now; an administrator
    may close it before its planned end (`closed_at`)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("Empty: the kind's name."))
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    start_at = models.DateTimeField(_("start"))
    end_at = models.DateTimeField(_("end"))
    closed_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    # Set by process_advance once it has applied what opening / closing this phase means (idempotence).
    opening_applied_at = models.DateTimeField(null=True, blank=True, editable=False)
    closing_applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["process", "position", "start_at"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=models.F("start_at")), name="phase_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in PhaseKind]), name="phase_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["process", "start_at"])]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or str(PhaseKind(self.kind).label)

    @property
    def effective_end_at(self):
        if self.closed_at and self.closed_at < self.end_at:
            return self.closed_at
        return self.end_at

    def is_open_at(self, moment) -> bool:
        return self.start_at <= moment < self.effective_end_at

    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    def is_past_at(self, moment) -> bool:
        return moment >= self.effective_end_at

    @property
    def features(self) -> frozenset[str]:
        return PHASE_FEATURES[self.kind]
