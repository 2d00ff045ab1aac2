"""`manage.py seed_demo`: the French demo data (see `participation.demo`). Idempotent: when the demo is
already there it says so and changes nothing; `--reset` deletes it and writes it again."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from participation.demo.builder import DemoBuilder, DemoDataError, delete_demo_data, demo_data_status
from participation.models import Comment, Process, Proposal, Support, User


class Command(BaseCommand):
    help = (
        "Loads the French demo data: the villages of the GAL Pays des Condruses, five participatory "
        "processes (submission, debate, evaluation, vote, finished), about fifty proposals in every state, "
        "comments, supports, reports and the demo accounts. Does nothing when the demo data is already there."
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

        processes = Process.objects.filter(slug__in=[process.slug for process in builder.processes.values()])
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded in {seconds:.1f} s: {processes} processes, {proposals} proposals, "
                "{comments} comments, {supports} supports, {accounts} accounts.".format(
                    seconds=time.monotonic() - started,
                    processes=processes.count(),
                    proposals=Proposal.objects.filter(process__in=processes).count(),
                    comments=Comment.objects.filter(proposal__process__in=processes).count(),
                    supports=Support.objects.filter(process__in=processes).count(),
                    accounts=User.objects.filter(
                        pk__in=[user.pk for user in builder.people.values()]
                    ).count(),
                )
            )
        )
        self.stdout.write("Demo accounts: manage.py demo_accounts")
