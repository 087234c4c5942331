from django.core.management.base import BaseCommand, CommandError

from instagram.connect import ConnectError, account_connect_token


class Command(BaseCommand):
    help = (
        "Connect an Instagram account with a pasted token: Instagram Login (IGAA..., short- "
        "or long-lived) or Facebook Login (EAA...)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--token", required=True, help="the access token")

    def handle(self, *args: object, token: str, **options: object) -> None:
        try:
            accounts, warnings = account_connect_token(token)
        except ConnectError as error:
            raise CommandError(str(error)) from None
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
        for account in accounts:
            expiry = (
                f"token valid until {account.token_expires_at:%Y-%m-%d}"
                if account.token_expires_at
                else "token expiry unknown until the first refresh"
                if not account.is_facebook
                else "Page token (does not expire)"
            )
            self.stdout.write(
                f"Connected {account} (user id {account.ig_user_id}, "
                f"{account.get_login_kind_display()}): {expiry}."
            )
