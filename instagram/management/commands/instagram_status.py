import json
import sys

from django.core.management.base import BaseCommand

from instagram.alerts import status_advice
from instagram.models import AccountStatus, InstagramAccount


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def status_rows() -> list[dict]:
    rows = []
    for account in InstagramAccount.objects.order_by("username"):
        rows.append(
            {
                "username": account.username,
                "ig_user_id": account.ig_user_id,
                "status": str(account.status()),
                "token_expires_at": _iso(account.token_expires_at),
                "token_refreshed_at": _iso(account.token_refreshed_at),
                "last_sync_at": _iso(account.last_sync_at),
                "last_sync_ok": account.last_sync_ok,
                "media_count": account.media_count_cached(),
                "last_error": account.last_error_message or None,
            }
        )
    return rows


class Command(BaseCommand):
    help = "One row per Instagram account. Exit 0 when all are healthy, 1 otherwise."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="a JSON list")

    def handle(self, *args: object, **options: object) -> None:
        rows = status_rows()
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
        else:
            if not rows:
                self.stdout.write("No Instagram account is connected.")
            for row, account in zip(
                rows, InstagramAccount.objects.order_by("username"), strict=True
            ):
                expires = row["token_expires_at"] or "unknown"
                self.stdout.write(
                    f"@{row['username'] or row['ig_user_id']}: {row['status']}, token expires "
                    f"{expires}, {row['media_count']} cached posts, last sync "
                    f"{row['last_sync_at'] or 'never'}"
                )
                advice = status_advice(account)
                if advice:
                    self.stdout.write(f"  -> {advice}")
        if any(row["status"] != AccountStatus.OK for row in rows):
            sys.exit(1)
