from django import template

from instagram.alerts import accounts_needing_attention, status_advice

register = template.Library()


@register.inclusion_tag("admin/instagram/attention.html", takes_context=True)
def instagram_attention(context: template.Context) -> dict:
    """A banner on every admin page while any Instagram account needs attention."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return {"accounts": []}
    accounts = accounts_needing_attention()
    return {
        "accounts": [(account, account.status(), status_advice(account)) for account in accounts]
    }
