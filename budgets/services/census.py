"""The census: who may vote in a process, known only through keyed hashes of their matching data.

Staff upload a CSV (`census_import`); a resident proves they are on it by typing the same details
(`voter_verify_with_census`), which binds the census entry to their account. A desk agent finds a person the
same way (`census_find_entry`). See `budgets.services.digests` for the keys (and SECRET_KEY rotation).

Normalisation, so that "12/03/1980" and "1980-03-12", or "Hélène Dupont-Marchal" and "helene dupont marchal",
match: every value is stripped, case-folded and its inner spaces collapsed; names also lose their accents and
treat hyphens, apostrophes and dots as spaces; identifiers (postal code, register and document numbers) lose
their separators (spaces, dots, dashes, slashes); dates are accepted as YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from participation.models import Area, EventKind, PhaseKind, Process
from participation.permissions import require_perm
from participation.services.events import event_record

from ..exceptions import (
    AlreadyVerifiedError,
    CensusEntryTakenError,
    CensusNoMatchError,
    DomainError,
    InvalidInputError,
    PhaseClosedError,
    TooManyAttemptsError,
)
from ..models import Census, CensusEntry, Voter
from ..predicates import forget_voter_standing, vote_phase_has_ended
from . import digests, throttle

# The details a census may ask residents to type, with their label and how they are normalised.
MATCH_FIELDS: dict[str, tuple] = {
    "birth_date": (_("Date of birth"), "date"),
    "postal_code": (_("Postal code"), "identifier"),
    "register_number": (_("National register number"), "identifier"),
    "document_number": (_("Identity card number"), "identifier"),
    "last_name": (_("Last name"), "name"),
    "first_name": (_("First name"), "name"),
}
AREA_COLUMN = "area"
BIRTH_DATE_COLUMN = "birth_date"
MINIMUM_AGE_RANGE = (0, 120)
# Wrong guesses of census details allowed per account and process in an hour (see `throttle`).
VERIFY_ATTEMPTS_LIMIT = 5
PROGRESS_EVERY = 500

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
_IDENTIFIER_SEPARATORS = re.compile(r"[\s./\-_]+")
_NAME_SEPARATORS = re.compile(r"[\s\-'’.]+")


# --- Configuration ------------------------------------------------------------------------------------------


def census_configure(*, actor, process: Process, match_fields, minimum_age) -> Census:
    """Creates or changes the census of `process`: the details residents must type (`match_fields`, a
    non-empty list of distinct `MATCH_FIELDS` names, in the order the form asks them) and the minimum age
    (whole years, reached by the end of the vote).

    Rule `budgets.manage_census`. Refused once the vote is over (`PhaseClosedError`). Changing the fields
    makes every stored digest useless: allowed only while no entry is bound to a person (then the entries are
    deleted and the list must be uploaded again), else `DomainError`. Invalid input raises `InvalidInputError`
    with `field_errors`. Side effects: the Census row (a random salt when created), possibly the deletion of
    its entries, a `CENSUS_CONFIGURED` event."""
    with transaction.atomic():
        process = Process.objects.select_for_update().get(pk=process.pk)
        require_perm(actor, "budgets.manage_census", process)
        if vote_phase_has_ended(process):
            raise PhaseClosedError(_("The vote is over: the census can no longer change."))
        errors: dict[str, list] = {}
        fields = _clean_match_fields(match_fields, errors)
        age = _clean_minimum_age(minimum_age, errors)
        if errors:
            raise InvalidInputError(field_errors=errors)
        census = Census.objects.select_for_update().filter(process=process).first()
        cleared = 0
        if census is None:
            census = Census.objects.create(
                process=process, match_fields=fields, minimum_age=age, salt=digests.new_salt()
            )
        else:
            changed = ["minimum_age"]
            if fields != census.match_fields:
                entries = CensusEntry.objects.filter(census=census)
                if (
                    entries.filter(user__isnull=False).exists()
                    or Voter.objects.filter(census_entry__census=census).exists()
                ):
                    raise DomainError(
                        _(
                            "Residents have already been verified against this census: the details it asks "
                            "can "
                            "no longer change."
                        )
                    )
                cleared, _per_model = entries.delete()
                census.match_fields = fields
                census.uploaded_at = None
                census.last_import_report = {}
                changed += ["match_fields", "uploaded_at", "last_import_report"]
            census.minimum_age = age
            census.save(update_fields=changed)
        event_record(
            kind=EventKind.CENSUS_CONFIGURED,
            actor=actor,
            process=process,
            payload={"match_fields": fields, "minimum_age": age, "entries_cleared": cleared},
        )
    return census


# --- Import -------------------------------------------------------------------------------------------------


def census_import(*, actor, census: Census, rows, progress: Callable[[int, int], None] | None = None) -> dict:
    """Loads the list of eligible residents into `census` from `rows`: an iterable of dicts, or a text (or
    UTF-8 bytes) stream of CSV with a header line, comma-, semicolon- or tab-separated. Columns: the census's
    `match_fields`, `birth_date` (always: for the minimum age) and `area` (slug or name of an area of the
    process; required when the process has areas). Other columns are ignored. Line numbers count the header
    as line 1.

    Rule `budgets.manage_census`; refused once the vote is over (`PhaseClosedError`). A file without a
    required column raises `InvalidInputError` and changes nothing. A line is rejected, with its number and
    the reason, when a field is missing, a date is not a date, the person is under the minimum age at the end
    of the vote, the area is unknown, or it repeats an earlier line (same matching details).

    Re-uploading replaces the list: new lines create entries, known ones keep theirs (their area is updated),
    entries absent from the file are removed — except entries bound to a person (verified online, or voted at
    a desk or on paper), which are kept unchanged whatever the file says, so a re-upload never takes a vote
    away. Entries stored under an old secret key are re-keyed.

    Returns the report {"created", "updated", "unchanged", "removed", "kept", "rejected": [{"line", "code",
    "reason"}], "total"} — counts and line numbers only, no personal data; it is also stored on the census.
    `progress(done, total)` is called every 500 lines and at the end. Side effects: the entries (bulk writes),
    `uploaded_at`, `uploaded_by`, `last_import_report`, a `CENSUS_IMPORTED` event."""
    records = _read_rows(rows)
    with transaction.atomic():
        census = Census.objects.select_for_update().select_related("process").get(pk=census.pk)
        process = census.process
        require_perm(actor, "budgets.manage_census", process)
        if vote_phase_has_ended(process):
            raise PhaseClosedError(_("The vote is over: the census can no longer change."))
        _require_columns(census, process, records)
        report = _apply_import(census, process, records, progress)
        census.uploaded_at = timezone.now()
        census.uploaded_by = actor
        census.last_import_report = report
        census.save(update_fields=["uploaded_at", "uploaded_by", "last_import_report"])
        event_record(
            kind=EventKind.CENSUS_IMPORTED,
            actor=actor,
            process=process,
            payload={key: value for key, value in report.items() if key != "rejected"}
            | {"rejected": len(report["rejected"])},
        )
    return report


def _apply_import(census: Census, process: Process, records: list[tuple[int, dict]], progress) -> dict:
    keys = digests.census_keys(census.salt)
    areas = _area_lookup(process)
    areas_required = bool(process.areas.all())
    age_on = _age_reference_date(process)
    existing = {
        digest: (pk, area_id, user_id is not None or voter_id is not None)
        for pk, digest, area_id, user_id, voter_id in CensusEntry.objects.filter(census=census).values_list(
            "pk", "match_digest", "area_id", "user_id", "voter__id"
        )
    }
    report = {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "kept": 0,
        "rejected": [],
        "total": len(records),
    }
    seen: set[str] = set()
    seen_in_file: dict[str, int] = {}
    to_create: list[CensusEntry] = []
    area_updates: dict[int, int | None] = {}
    rekeys: dict[int, str] = {}
    total = len(records)
    for done, (line, record) in enumerate(records, start=1):
        try:
            values, area_id = _clean_line(census, record, areas, areas_required, age_on)
        except _Rejected as rejection:
            report["rejected"].append({"line": line, "code": rejection.code, "reason": str(rejection.reason)})
        else:
            message = _canonical(census, values)
            digest = digests.keyed_digest(keys[0], message)
            if digest in seen_in_file:
                report["rejected"].append(
                    {
                        "line": line,
                        "code": "duplicate",
                        "reason": gettext("Same person as line %(line)d.") % {"line": seen_in_file[digest]},
                    }
                )
            else:
                seen_in_file[digest] = line
                known_digest = (
                    digest
                    if digest in existing
                    else next(
                        (
                            old
                            for old in (digests.keyed_digest(key, message) for key in keys[1:])
                            if old in existing
                        ),
                        None,
                    )
                )
                if known_digest is None:
                    to_create.append(CensusEntry(census=census, match_digest=digest, area_id=area_id))
                    report["created"] += 1
                else:
                    seen.add(known_digest)
                    pk, current_area, bound = existing[known_digest]
                    if known_digest != digest:
                        rekeys[pk] = digest
                    if bound and current_area != area_id:
                        report["kept"] += 1
                    elif current_area != area_id:
                        area_updates[pk] = area_id
                        report["updated"] += 1
                    elif known_digest != digest:
                        report["updated"] += 1
                    else:
                        report["unchanged"] += 1
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    if progress is not None and total == 0:
        progress(0, 0)
    absent = [(pk, bound) for digest, (pk, _area, bound) in existing.items() if digest not in seen]
    removable = [pk for pk, bound in absent if not bound]
    report["kept"] += sum(1 for _pk, bound in absent if bound)
    if removable:
        report["removed"], _per_model = CensusEntry.objects.filter(pk__in=removable).delete()
    for pk, digest in rekeys.items():
        CensusEntry.objects.filter(pk=pk).update(match_digest=digest)
    by_area: dict[int | None, list[int]] = {}
    for pk, area_id in area_updates.items():
        by_area.setdefault(area_id, []).append(pk)
    for area_id, pks in by_area.items():
        CensusEntry.objects.filter(pk__in=pks).update(area_id=area_id)
    CensusEntry.objects.bulk_create(to_create, batch_size=1000)
    return report


class _Rejected(Exception):
    def __init__(self, code: str, reason):
        self.code = code
        self.reason = reason
        super().__init__(code)


def _clean_line(census, record: dict, areas: dict, areas_required: bool, age_on: date):
    values = {}
    for name in census.match_fields:
        raw = _text(record.get(name))
        if not raw:
            raise _Rejected("missing_field", gettext("Missing field: %(field)s.") % {"field": name})
        value = normalise_value(name, raw)
        if value is None:
            raise _Rejected(
                "bad_date", gettext("%(field)s is not a date (YYYY-MM-DD or DD/MM/YYYY).") % {"field": name}
            )
        values[name] = value
    raw_birth = _text(record.get(BIRTH_DATE_COLUMN))
    if not raw_birth:
        raise _Rejected("missing_field", gettext("Missing field: %(field)s.") % {"field": BIRTH_DATE_COLUMN})
    birth = parse_date(raw_birth)
    if birth is None:
        raise _Rejected(
            "bad_date",
            gettext("%(field)s is not a date (YYYY-MM-DD or DD/MM/YYYY).") % {"field": BIRTH_DATE_COLUMN},
        )
    if birth > age_on:
        raise _Rejected("bad_date", gettext("%(field)s is in the future.") % {"field": BIRTH_DATE_COLUMN})
    if _age(birth, age_on) < census.minimum_age:
        raise _Rejected(
            "under_age",
            ngettext(
                "Under the minimum age of %(age)d year at the end of the vote.",
                "Under the minimum age of %(age)d years at the end of the vote.",
                census.minimum_age,
            )
            % {"age": census.minimum_age},
        )
    raw_area = _text(record.get(AREA_COLUMN))
    if not raw_area:
        if areas_required:
            raise _Rejected("missing_field", gettext("Missing field: %(field)s.") % {"field": AREA_COLUMN})
        return values, None
    area_id = areas.get(_collapse(raw_area).casefold())
    if area_id is None:
        raise _Rejected("unknown_area", gettext("Unknown area: not an area of this process."))
    return values, area_id


def _read_rows(rows) -> list[tuple[int, dict]]:
    """(line number, {column: value}) for every non-empty line; the header is line 1."""
    if hasattr(rows, "read"):
        content = rows.read()
        if isinstance(content, bytes):
            try:
                content = content.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise InvalidInputError(_("The file must be a CSV file encoded in UTF-8.")) from error
        content = content.lstrip("\ufeff")
        if not content.strip():
            raise InvalidInputError(_("The file is empty."))
        first_line = content.splitlines()[0]
        delimiter = max((";", ",", "\t"), key=first_line.count)
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
        try:
            header = [_column_name(name) for name in next(reader)]
            records = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                records.append((reader.line_num, dict(zip(header, row, strict=False))))
        except csv.Error as error:
            raise InvalidInputError(_("The file is not a valid CSV file.")) from error
        return records
    records = []
    for index, row in enumerate(rows, start=2):
        if not isinstance(row, dict):
            raise InvalidInputError(_("The file is not a valid CSV file."))
        records.append((index, {_column_name(key): value for key, value in row.items()}))
    return records


def _require_columns(census: Census, process: Process, records) -> None:
    required = [*census.match_fields, BIRTH_DATE_COLUMN]
    if process.areas.exists():
        required.append(AREA_COLUMN)
    if not records:
        return
    present = set().union(*(record.keys() for _line, record in records))
    missing = [name for name in dict.fromkeys(required) if name not in present]
    if missing:
        raise InvalidInputError(
            _("The file lacks the columns: %(columns)s. Its first line must name the columns.")
            % {"columns": ", ".join(missing)}
        )


def _area_lookup(process: Process) -> dict[str, int]:
    areas = list(process.areas.all()) or list(Area.objects.all())
    lookup = {}
    for area in areas:
        lookup[area.slug.casefold()] = area.pk
        lookup[_collapse(area.name).casefold()] = area.pk
    return lookup


def _age_reference_date(process: Process) -> date:
    """The last day of the vote (the minimum age must be reached by then); today when there is no vote."""
    ends = [phase.effective_end_at for phase in process.phase_list() if phase.kind == PhaseKind.VOTE]
    return timezone.localdate(max(ends)) if ends else timezone.localdate()


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# --- Matching -----------------------------------------------------------------------------------------------


def parse_date(raw: str) -> date | None:
    raw = _collapse(raw)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None


def normalise_value(name: str, raw) -> str | None:
    """The normalised form of a matching detail (see the module docstring); None for a date that is not
    one."""
    kind = MATCH_FIELDS[name][1]
    text = _collapse(_text(raw))
    if kind == "date":
        parsed = parse_date(text)
        return parsed.isoformat() if parsed else None
    if kind == "identifier":
        return _IDENTIFIER_SEPARATORS.sub("", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _collapse(_NAME_SEPARATORS.sub(" ", without_accents)).casefold()


def census_match_digest(*, census: Census, values: dict) -> str:
    """The digest (current key) of a person's matching details, `values` keyed by the census's match fields.
    Missing or malformed values raise `InvalidInputError` with `field_errors`. No side effect."""
    return digests.keyed_digest(
        digests.census_keys(census.salt)[0], _canonical(census, _clean_values(census, values))
    )


def census_find_entry(*, census: Census, values: dict) -> CensusEntry:
    """The census entry whose matching details are `values` (tried under the current and the fallback secret
    keys). Raises `InvalidInputError` (field errors) for missing or malformed details, `CensusNoMatchError`
    when nobody matches. No side effect, no rate limiting (callers limit guesses)."""
    message = _canonical(census, _clean_values(census, values))
    candidates = [digests.keyed_digest(key, message) for key in digests.census_keys(census.salt)]
    entry = CensusEntry.objects.filter(census=census, match_digest__in=candidates).first()
    if entry is None:
        raise CensusNoMatchError()
    return entry


def voter_verify_with_census(*, actor, process: Process, values: dict) -> Voter:
    """`actor` proves they are a person of the census of `process` by typing their matching details; the entry
    found is bound to their account and their `Voter` (with the census's area) is returned.

    Rule `budgets.verify_eligibility` (a verified resident, until the vote is over). Refusals: no census
    (`DomainError`); the vote is over (`PhaseClosedError`); details missing or malformed
    (`InvalidInputError`, not counted as a guess); no match (`CensusNoMatchError`, counted); more than 5
    wrong guesses in an hour for this account and process (`TooManyAttemptsError`); the entry is bound to
    another account (`CensusEntryTakenError`); the account is already bound to another entry
    (`AlreadyVerifiedError`). Verifying again with the same details returns the same voter.

    One person, one voter: if the person already voted at a desk or on paper (a `Voter` without account),
    that voter is bound to the account, so they cannot vote online in the budgets they already voted in.
    Side effects: `CensusEntry.user`/`bound_at` (the database allows one entry per account and census), the
    Voter, a `VOTER_VERIFIED` event (no personal data)."""
    attempts_key = f"budgets:census-guess:{process.pk}:{getattr(actor, 'pk', None)}"
    with transaction.atomic():
        process = Process.objects.get(pk=process.pk)
        census = Census.objects.filter(process=process).first()
        if census is None:
            raise DomainError(_("This process has no list of voters: there is nothing to verify."))
        if vote_phase_has_ended(process):
            raise PhaseClosedError(_("The vote is over."))
        require_perm(actor, "budgets.verify_eligibility", process)
        if throttle.is_blocked(attempts_key, limit=VERIFY_ATTEMPTS_LIMIT):
            raise TooManyAttemptsError()
        try:
            entry = census_find_entry(census=census, values=values)
        except CensusNoMatchError:
            throttle.record_failure(attempts_key)
            raise
        entry = CensusEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.user_id == actor.pk:
            return voter_for_census_entry(entry)
        if entry.user_id is not None:
            raise CensusEntryTakenError()
        if CensusEntry.objects.filter(census=census, user=actor).exists():
            raise AlreadyVerifiedError()
        voter = Voter.objects.select_for_update().filter(census_entry=entry).first()
        if Voter.objects.filter(process=process, user=actor).exclude(pk=voter.pk if voter else None).exists():
            raise AlreadyVerifiedError()
        entry.user = actor
        entry.bound_at = timezone.now()
        try:
            with transaction.atomic():
                entry.save(update_fields=["user", "bound_at"])
        except IntegrityError as error:  # the same account verified at the same instant with other details
            raise AlreadyVerifiedError() from error
        if voter is None:
            voter = Voter.objects.create(process=process, census_entry=entry, user=actor, area=entry.area)
        else:
            voter.user = actor
            voter.save(update_fields=["user"])
        event_record(kind=EventKind.VOTER_VERIFIED, actor=actor, process=process, payload={"voter": voter.pk})
    forget_voter_standing(actor, process)
    return voter


def voter_for_census_entry(entry: CensusEntry) -> Voter:
    """The voter of a census entry, created if needed (a desk or paper vote), its row locked. The caller holds
    the entry's row lock (every path creating a census voter takes it first)."""
    voter = Voter.objects.select_for_update().filter(census_entry=entry).first()
    if voter is None:
        voter = Voter.objects.create(
            process_id=entry.census.process_id, census_entry=entry, user=entry.user, area=entry.area
        )
    return voter


# --- Helpers ------------------------------------------------------------------------------------------------


def _clean_match_fields(match_fields, errors) -> list[str]:
    if isinstance(match_fields, str) or not isinstance(match_fields, list | tuple):
        errors["match_fields"] = [_("Choose the details residents must give.")]
        return []
    fields = [str(name) for name in match_fields]
    if not fields:
        errors["match_fields"] = [_("Choose at least one detail residents must give.")]
    elif any(name not in MATCH_FIELDS for name in fields):
        errors["match_fields"] = [_("Choose among the details offered.")]
    elif len(set(fields)) != len(fields):
        errors["match_fields"] = [_("Choose each detail only once.")]
    return fields


def _clean_minimum_age(minimum_age, errors) -> int:
    low, high = MINIMUM_AGE_RANGE
    if isinstance(minimum_age, bool) or not isinstance(minimum_age, int) or not low <= minimum_age <= high:
        errors["minimum_age"] = [_("Enter an age between %(min)d and %(max)d.") % {"min": low, "max": high}]
        return 0
    return minimum_age


def _clean_values(census: Census, values) -> dict:
    values = values or {}
    cleaned, errors = {}, {}
    for name in census.match_fields:
        raw = _text(values.get(name))
        if not raw:
            errors[name] = [_("This field is required.")]
            continue
        value = normalise_value(name, raw)
        if value is None:
            errors[name] = [_("Enter a date as DD/MM/YYYY.")]
            continue
        cleaned[name] = value
    if errors:
        raise InvalidInputError(field_errors=errors)
    return cleaned


def _canonical(census: Census, values: dict) -> str:
    return "\x1f".join(f"{name}={values[name]}" for name in census.match_fields)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _collapse(value: str) -> str:
    return " ".join(value.split())


def _column_name(name) -> str:
    return "_".join(str(name or "").strip().casefold().split())


__all__ = [
    "MATCH_FIELDS",
    "census_configure",
    "census_find_entry",
    "census_import",
    "census_match_digest",
    "normalise_value",
    "voter_for_census_entry",
    "voter_verify_with_census",
]
