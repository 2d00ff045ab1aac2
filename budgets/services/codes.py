"""One-time voting codes, for residents without e-mail: staff print them on cards and hand them out.

A code is 12 characters of Crockford's base 32 (about 60 random bits), printed "ABCD-EFGH-JKMN". The
database keeps only a keyed digest (see `digests`); the codes in clear exist only in the return value of
`voting_codes_generate`, which the caller turns into the printable sheet."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.exceptions import InvalidInputError, PhaseClosedError
from participation.models import Area, EventKind, Process
from participation.permissions import require_perm
from participation.services.events import event_record

from ..exceptions import InvalidVotingCodeError, TooManyAttemptsError
from ..models import Voter, VotingCode, VotingCodeBatch
from ..predicates import vote_phase_has_ended, vote_phase_is_open
from . import digests, throttle

CODE_LENGTH = 12
MAX_CODES_PER_BATCH = 5000
# Wrong codes allowed per client (an IP address, a session) and process in an hour (see `throttle`).
CODE_ATTEMPTS_LIMIT = 10


def voting_codes_generate(
    *, actor, process: Process, area: Area | None, count
) -> tuple[VotingCodeBatch, list[str]]:
    """Generates `count` (1 to 5000) one-time codes for the voters of `area` (None: the whole territory, who
    then vote in the territory-wide budgets only). Rule `budgets.generate_codes` (process administrators,
    until the vote is over: `PhaseClosedError`). The area must be one of the process's
    (`InvalidInputError`). Returns the batch and the codes in clear, "ABCD-EFGH-JKMN", to print now: they
    are not kept. Side effects: the batch, one VotingCode (digest) per code, a `VOTING_CODES_GENERATED`
    event."""
    with transaction.atomic():
        process = Process.objects.get(pk=process.pk)
        if vote_phase_has_ended(process):
            raise PhaseClosedError(_("The vote is over: no more voting codes can be generated."))
        require_perm(actor, "budgets.generate_codes", process)
        errors = {}
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_CODES_PER_BATCH:
            errors["count"] = [
                _("Enter a number of codes between 1 and %(max)d.") % {"max": MAX_CODES_PER_BATCH}
            ]
        if area is not None:
            allowed = list(process.areas.all())
            if not isinstance(area, Area) or (allowed and area not in allowed):
                errors["area"] = [_("This area is not part of the process.")]
        if errors:
            raise InvalidInputError(field_errors=errors)
        batch = VotingCodeBatch.objects.create(process=process, area=area, size=count, created_by=actor)
        codes: list[str] = []
        while len(codes) < count:
            wanted = count - len(codes)
            fresh = {digests.random_code(CODE_LENGTH) for _ in range(wanted)}
            by_digest = {digests.voting_code_digests(digests.normalise_code(code))[0]: code for code in fresh}
            taken = set(
                VotingCode.objects.filter(code_digest__in=by_digest).values_list("code_digest", flat=True)
            )
            new = {digest: code for digest, code in by_digest.items() if digest not in taken}
            VotingCode.objects.bulk_create(VotingCode(batch=batch, code_digest=digest) for digest in new)
            codes.extend(new.values())
        event_record(
            kind=EventKind.VOTING_CODES_GENERATED,
            actor=actor,
            process=process,
            payload={"batch": batch.pk, "count": count, "area": area.pk if area else None},
        )
    return batch, codes


def code_sheet_store(*, actor, batch: VotingCodeBatch, pdf: bytes, filename: str) -> VotingCodeBatch:
    """Stores the printable sheet of a batch, rendered by the caller from the codes in clear that
    `voting_codes_generate` returned (call both in one transaction, so that a failed rendering leaves no batch
    whose codes nobody can print). Rule `budgets.generate_codes`."""
    with transaction.atomic():
        batch = VotingCodeBatch.objects.select_for_update().select_related("process").get(pk=batch.pk)
        require_perm(actor, "budgets.generate_codes", batch.process)
        batch.sheet.save(filename, ContentFile(pdf), save=False)
        batch.save(update_fields=["sheet"])
    return batch


def code_sheet_delete(*, actor, batch: VotingCodeBatch) -> None:
    """Deletes the stored sheet of a batch once printed: the codes then exist only on paper and stay valid.
    Rule `budgets.manage_budgets`. Idempotent (no sheet: nothing to do)."""
    with transaction.atomic():
        batch = VotingCodeBatch.objects.select_for_update().select_related("process").get(pk=batch.pk)
        require_perm(actor, "budgets.manage_budgets", batch.process)
        if batch.sheet:
            batch.sheet.delete(save=False)
            batch.save(update_fields=["sheet"])


def voter_from_code(*, process: Process, code, client_key: str) -> Voter:
    """The voter of a voting code of `process`. The first time, the code is redeemed and its voter created
    (area of its batch); typing it again later returns the same voter, so the person can finish voting (the
    ballots themselves are one per budget). Only while the vote is open (`PhaseClosedError`).

    A wrong code (`InvalidVotingCodeError`) counts as a guess for `client_key` in this process; after 10 in an
    hour, every try is refused with `TooManyAttemptsError` until the hour is over, a right code included.
    Anything that is not made of code characters is refused without counting. Side effects: `redeemed_at`,
    the Voter (the code's row is locked, so concurrent redemptions create one voter)."""
    client_digest = hashlib.sha256(str(client_key).encode()).hexdigest()[:32]
    attempts_key = f"budgets:code-guess:{process.pk}:{client_digest}"
    process = Process.objects.get(pk=process.pk)
    if not vote_phase_is_open(process) or not process.is_published:
        raise PhaseClosedError(_("Voting codes can only be used while the vote phase is open."))
    if throttle.is_blocked(attempts_key, limit=CODE_ATTEMPTS_LIMIT):
        raise TooManyAttemptsError()
    normalised = digests.normalise_code(code)
    if len(normalised) != CODE_LENGTH:
        raise InvalidVotingCodeError(_("A voting code has 12 letters and digits, like ABCD-EFGH-JKMN."))
    with transaction.atomic():
        voting_code = (
            VotingCode.objects.select_for_update(of=("self",))
            .select_related("batch")
            .filter(batch__process=process, code_digest__in=digests.voting_code_digests(normalised))
            .first()
        )
        if voting_code is None:
            throttle.record_failure(attempts_key)
            raise InvalidVotingCodeError()
        if voting_code.redeemed_at is not None:
            return Voter.objects.get(voting_code=voting_code)
        voting_code.redeemed_at = timezone.now()
        voting_code.save(update_fields=["redeemed_at"])
        try:
            with transaction.atomic():
                voter = Voter.objects.create(
                    process=process, voting_code=voting_code, area_id=voting_code.batch.area_id
                )
        except IntegrityError:
            voter = Voter.objects.get(voting_code=voting_code)
    return voter
