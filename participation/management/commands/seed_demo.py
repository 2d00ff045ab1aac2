"""`manage.py seed_demo`: the French demo data (see `participation.demo`). Idempotent: when the demo is
already there it says so and changes nothing; `--reset` deletes it and writes it again.

Other apps add their part through demo extensions (`participation.demo.extensions`: a `demo` module with a
`demo_extension` class, found in the app registry), so this command never imports them; it prints what each
extension reports after loading (for the budgets: sample census identities and voting codes to try)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from participation.demo.accounts import DEMO_EMAILS
from participation.demo.builder import DemoBuilder, DemoDataError, delete_demo_data, demo_data_status
from participation.models import Comment, Process, Proposal, Support, User


class Command(BaseCommand):
    help = (
        "Loads the French demo data: the villages of the GAL Pays des Condruses, five participatory "
        "processes (submission, debate, evaluation, vote, finished), about fifty proposals in every state, "
        "comments, supports, reports and the demo accounts, plus what the installed apps add (budgets: a "
        "vote in progress and published results). Does nothing when the demo data is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo processes and accounts, then load the demo data again.",
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="Do not show the progress bar (it is also hidden when the output is not a terminal).",
        )

    def handle(self, *args, reset=False, no_progress=False, **options):
        status = demo_data_status()
        if not reset and status == "present":
            self.stdout.write("The demo data is already there; nothing to do (use --reset to recreate it).")
            return
        if not reset and status == "partial":
            raise CommandError(
                "Part of the demo data exists (some demo processes or accounts are missing). "
                "Run `manage.py seed_demo --reset` to delete it and load it again."
            )

        started = time.monotonic()
        builder = DemoBuilder()
        steps = builder.steps()
        stream = options.get("stderr") or sys.stderr
        show_progress = not no_progress and stream.isatty()
        with tqdm(
            total=len(steps),
            desc="Demo data",
            unit="step",
            file=stream,
            disable=not show_progress,
            leave=False,
        ) as bar:
            try:
                with transaction.atomic():
                    if reset and status != "absent":
                        delete_demo_data()
                    builder.build(progress=lambda step: (bar.set_postfix_str(step.label), bar.update()))
            except DemoDataError as error:
                raise CommandError(str(error)) from error

        seconds = time.monotonic() - started
        processes = Process.objects.filter(slug__in=[process.slug for process in builder.processes.values()])
        proposals = Proposal.objects.filter(process__in=processes).count()
        comments = Comment.objects.filter(proposal__process__in=processes).count()
        supports = Support.objects.filter(process__in=processes).count()
        accounts = User.objects.filter(email__in=DEMO_EMAILS).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {seconds:.1f} s: {processes.count()} processes, {proposals} proposals, "
                f"{comments} comments, {supports} supports, {accounts} accounts."
            )
        )
        for extension in builder.extensions:
            for line in extension.summary():
                self.stdout.write(line)
        self.stdout.write("Demo accounts: manage.py demo_accounts")
