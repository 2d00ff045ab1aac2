"""`python manage.py census_import PROCESS_SLUG FILE [--match-fields a,b] [--minimum-age N] [--user EMAIL]`

Imports the census of a process from a CSV file (UTF-8, comma- or semicolon-separated, header line), with a
progress bar, through the same services as the staff page (`census_configure`, `census_import`): a census
of a large town is best loaded this way. Prints the report (counts and rejected line numbers with their
reasons, never personal data).

`--match-fields` and `--minimum-age` configure the census first (required when the process has none yet).
`--user` names the process administrator the import is recorded under; without it, the only active
superuser. A refused file changes nothing."""

import io
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from budgets.models import Census
from budgets.services.census import MATCH_FIELDS, census_configure, census_import
from participation.exceptions import DomainError
from participation.models import Process


def _error_text(error: DomainError) -> str:
    details = [
        f"{field}: {' '.join(str(m) for m in messages)}" for field, messages in error.field_errors.items()
    ]
    return " ".join([str(error.message), *details])


class Command(BaseCommand):
    help = "Imports the census (list of eligible voters) of a process from a CSV file, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("process", help="Slug of the process.")
        parser.add_argument("file", help="CSV file in UTF-8 with a header line.")
        parser.add_argument(
            "--match-fields",
            help=f"Comma-separated details a voter must give, among: {', '.join(MATCH_FIELDS)}.",
        )
        parser.add_argument("--minimum-age", type=int, help="Minimum age at the end of the vote.")
        parser.add_argument("--user", help="E-mail of the process administrator recorded as the importer.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args, **options):
        try:
            process = Process.objects.get(slug=options["process"])
        except Process.DoesNotExist as error:
            raise CommandError(f"No process with the slug {options['process']!r}.") from error
        actor = self._actor(options["user"])
        path = Path(options["file"])
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {path}") from error
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{path} is not UTF-8 text (byte {error.start + 1}): save it as “CSV UTF-8”."
            ) from error
        if not text.strip():
            raise CommandError(f"{path} is empty.")

        census = Census.objects.filter(process=process).first()
        match_fields = options["match_fields"]
        minimum_age = options["minimum_age"]
        if census is None and (match_fields is None or minimum_age is None):
            raise CommandError("This process has no census yet: give --match-fields and --minimum-age.")

        bar = tqdm(total=None, unit="line", desc="Census", disable=options["no_progress"], file=self.stderr)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            with transaction.atomic():
                if match_fields is not None or minimum_age is not None:
                    census = census_configure(
                        actor=actor,
                        process=process,
                        match_fields=[
                            name.strip()
                            for name in (match_fields or ",".join(census.match_fields)).split(",")
                            if name.strip()
                        ],
                        minimum_age=minimum_age if minimum_age is not None else census.minimum_age,
                    )
                report = census_import(actor=actor, census=census, rows=io.StringIO(text), progress=progress)
        except PermissionDenied as error:
            raise CommandError(f"{actor} may not manage the census of this process.") from error
        except DomainError as error:
            raise CommandError(f"Nothing imported: {_error_text(error)}") from error
        finally:
            bar.close()

        self.stdout.write(
            self.style.SUCCESS(
                f"Census of {process.slug!r}: {report['total']} lines read, {report['created']} new, "
                f"{report['updated']} updated, {report['unchanged']} unchanged, {report['removed']} removed, "
                f"{report['kept']} kept (verified or voted), {len(report['rejected'])} rejected."
            )
        )
        for rejection in report["rejected"]:
            self.stdout.write(f"  line {rejection['line']}: {rejection['reason']}")

    def _actor(self, email):
        User = get_user_model()
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                raise CommandError(f"No active account with the e-mail {email}.")
            return user
        superusers = list(User.objects.filter(is_superuser=True, is_active=True)[:2])
        if len(superusers) != 1:
            raise CommandError("Name the process administrator who imports the census with --user EMAIL.")
        return superusers[0]
