from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.storage import private_storage


class Census(models.Model):
    """The list of residents eligible to vote in a process. Only keyed hashes of the matching data are kept
    (HMAC with a per-census key derived from the secret key), never the uploaded file. `match_fields` names
    the fields a resident must enter to prove eligibility, in order (e.g. ["birth_date", "postal_code",
    "register_number"])."""

    process = models.OneToOneField("participation.Process", on_delete=models.CASCADE, related_name="census")
    match_fields = models.JSONField(_("fields to match"), default=list)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=16)
    # Random per census; with settings.SECRET_KEY it derives the HMAC key of the entries.
    salt = models.CharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The report of the last upload: counts and rejected line numbers with reasons (no personal data).
    last_import_report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("census")
        verbose_name_plural = _("censuses")

    def __str__(self):
        return f"Census of {self.process}"


class CensusEntry(models.Model):
    """One eligible resident, known only by the keyed hash of their matching data. Bound to at most one
    account (`user`), and an account to at most one entry per census (database constraints)."""

    census = models.ForeignKey(Census, on_delete=models.CASCADE, related_name="entries")
    match_digest = models.CharField(max_length=64)
    area = models.ForeignKey(
        "participation.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="census_entries",
    )
    bound_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census entries")
        constraints = [
            models.UniqueConstraint(fields=["census", "match_digest"], name="census_entry_digest_unique"),
            models.UniqueConstraint(
                fields=["census", "user"],
                condition=Q(user__isnull=False),
                name="census_entry_one_per_account",
            ),
        ]

    def __str__(self):
        return f"census entry #{self.pk}"


class VotingCodeBatch(models.Model):
    """A sheet of one-time voting codes generated for an area, downloadable as a printable PDF. The codes in
    clear exist only while the sheet is generated; the database keeps their hashes."""

    process = models.ForeignKey(
        "participation.Process", on_delete=models.CASCADE, related_name="code_batches"
    )
    area = models.ForeignKey(
        "participation.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    size = models.PositiveIntegerField(_("number of codes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The PDF of the sheet (cards to cut out), stored until staff download it and delete it: the codes are in
    # clear in it, so it lives in the private storage, never under the publicly served MEDIA_ROOT.
    sheet = models.FileField(upload_to="budgets/code-sheets/", storage=private_storage, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("batch of voting codes")
        verbose_name_plural = _("batches of voting codes")

    def __str__(self):
        return f"{self.size} codes ({self.area or _('whole territory')})"


class VotingCode(models.Model):
    batch = models.ForeignKey(VotingCodeBatch, on_delete=models.CASCADE, related_name="codes")
    code_digest = models.CharField(max_length=64, unique=True)
    redeemed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")

    def __str__(self):
        return f"voting code #{self.pk}"


class Voter(models.Model):
    """A person who may vote in a process, whatever the channel: identified by a census entry (online after
    verification, at a desk, on paper), by a one-time voting code, or — in a process without census — by
    their verified account. Ballots point at the voter, so one person has one ballot per budget across all
    channels."""

    process = models.ForeignKey("participation.Process", on_delete=models.CASCADE, related_name="voters")
    census_entry = models.OneToOneField(
        CensusEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="voter"
    )
    voting_code = models.OneToOneField(
        VotingCode, on_delete=models.PROTECT, null=True, blank=True, related_name="voter"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="voters"
    )
    area = models.ForeignKey(
        "participation.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "user"],
                condition=Q(user__isnull=False),
                name="voter_one_per_account_and_process",
            ),
            models.CheckConstraint(
                condition=Q(census_entry__isnull=False)
                | Q(voting_code__isnull=False)
                | Q(user__isnull=False),
                name="voter_has_an_identity",
            ),
            models.CheckConstraint(
                condition=Q(census_entry__isnull=True) | Q(voting_code__isnull=True),
                name="voter_census_or_code_not_both",
            ),
        ]

    def __str__(self):
        return f"voter #{self.pk}"
