"""`manage.py demo_accounts`: prints the demo accounts to try each role, and their password."""

from django.core.management.base import BaseCommand

from participation.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from participation.models import User


class Command(BaseCommand):
    help = (
        "Prints the four demo accounts (resident, moderator, process administrator, evaluator) and password."
    )

    def handle(self, *args, **options):
        existing = set(
            User.objects.filter(
                email__in=[account.address for account in DEMO_ACCOUNTS], is_active=True
            ).values_list("email", flat=True)
        )
        width = max(len(account.role) for account in DEMO_ACCOUNTS)
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD})")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role.ljust(width)}  {account.address}  ({account.display_name})")
        missing = [account.address for account in DEMO_ACCOUNTS if account.address not in existing]
        if missing:
            self.stderr.write(
                f"Not in this database yet: {', '.join(missing)}. Load them with: manage.py seed_demo"
            )
