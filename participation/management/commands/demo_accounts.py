"""`manage.py demo_accounts`: prints the demo accounts to try each role, and their password."""

from django.core.management.base import BaseCommand

from participation.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from participation.demo.extensions import extension_accounts
from participation.models import User


class Command(BaseCommand):
    help = (
        "Prints the demo accounts (resident, moderator, process administrator, evaluator, and those the "
        "installed apps add, such as the desk agent) and their password."
    )

    def handle(self, *args, **options):
        accounts = DEMO_ACCOUNTS + extension_accounts()
        existing = set(
            User.objects.filter(
                email__in=[account.address for account in accounts], is_active=True
            ).values_list("email", flat=True)
        )
        width = max(len(account.role) for account in accounts)
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD})")
        for account in accounts:
            self.stdout.write(f"  {account.role.ljust(width)}  {account.address}  ({account.display_name})")
        missing = [account.address for account in accounts if account.address not in existing]
        if missing:
            self.stderr.write(
                f"Not in this database yet: {', '.join(missing)}. Load them with: manage.py seed_demo"
            )
