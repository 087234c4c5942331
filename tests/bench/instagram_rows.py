"""Instagram rows for the benchmarks: a demo account's posts sharing real files."""

from __future__ import annotations

from datetime import timedelta


def instagram_rows_create(event, count: int, photos: list) -> None:
    from instagram.models import InstagramAccount, InstagramMedia, LoginKind

    account, _ = InstagramAccount.objects.get_or_create(
        ig_user_id="bench-account",
        defaults={"username": "bench_host", "login_kind": LoginKind.INSTAGRAM, "is_demo": True},
    )
    step = (event.ends_at - event.starts_at) / max(count, 1)
    rows = []
    for n in range(count):
        model = photos[n % len(photos)]
        taken = event.starts_at + step * n + timedelta(seconds=7)
        rows.append(
            InstagramMedia(
                account=account,
                media_id=f"18{n:015d}",
                media_type="IMAGE",
                caption=f"Post {n} #regatta",
                tags=" regatta ",
                permalink=f"https://www.instagram.com/p/B{n}/",
                taken_at=taken,
                thumb=model.thumb.name,
                display=model.display.name,
                width=model.width,
                height=model.height,
                placeholder=model.placeholder,
                first_seen_at=taken,
                last_seen_at=taken,
            )
        )
    InstagramMedia.objects.bulk_create(rows, batch_size=2000)
