from django.core.management.base import BaseCommand, CommandError

from instagram.management.accounts import accounts_named
from instagram.services import accounts_refresh


class Command(BaseCommand):
    help = "Refresh Instagram tokens that are due (all with --force). Exit 1 if any failed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--account", help="only this username")
        parser.add_argument("--force", action="store_true", help="refresh even if not due")

    def handle(self, *args: object, account: str | None, force: bool, **options: object) -> None:
        accounts = accounts_named(account)
        outcomes = accounts_refresh(accounts=accounts, force=force)
        for outcome in outcomes:
            self.stdout.write(f"{outcome.account}: {outcome.result}: {outcome.detail}")
        failed = [o for o in outcomes if o.failed]
        if failed:
            raise CommandError(f"{len(failed)} account(s) failed to refresh.")
