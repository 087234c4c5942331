from django.core.management.base import BaseCommand, CommandError

from instagram.management.accounts import accounts_named
from instagram.sync import accounts_sync


class Command(BaseCommand):
    help = "Fetch new Instagram posts into the cache (--full: every page, and deletions)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--account", help="only this username")
        parser.add_argument("--full", action="store_true", help="walk every page")

    def handle(self, *args: object, account: str | None, full: bool, **options: object) -> None:
        accounts = accounts_named(account)
        outcomes = accounts_sync(accounts=accounts, full=full)
        for outcome in outcomes:
            line = f"{outcome.account}: {outcome.result}: {outcome.summary()} {outcome.detail}"
            self.stdout.write(line.rstrip())
        failed = [o for o in outcomes if o.failed]
        if failed:
            raise CommandError(f"{len(failed)} account(s) failed to sync.")
