from django.core.management.base import BaseCommand, CommandError

from instagram.models import InstagramAccount
from instagram.sync import accounts_sync


class Command(BaseCommand):
    help = "Fetch new Instagram posts into the cache (--full: every page, and deletions)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--account", help="only this username")
        parser.add_argument("--full", action="store_true", help="walk every page")

    def handle(self, *args: object, account: str | None, full: bool, **options: object) -> None:
        accounts = None
        if account:
            accounts = list(InstagramAccount.objects.filter(username=account.lstrip("@")))
            if not accounts:
                raise CommandError(f"No connected Instagram account named {account!r}.")
        outcomes = accounts_sync(accounts=accounts, full=full)
        for outcome in outcomes:
            line = f"{outcome.account}: {outcome.result}: {outcome.summary()} {outcome.detail}"
            self.stdout.write(line.rstrip())
        failed = [o for o in outcomes if o.failed]
        if failed:
            raise CommandError(f"{len(failed)} account(s) failed to sync.")
