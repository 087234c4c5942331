"""Syncing posts into the cache, against the stand-in Graph server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from instagram.models import InstagramAccount, InstagramMedia, LoginKind
from instagram.sync import account_sync_media
from tests.fakes.graph import FakeMedia

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(graph):
    account = graph.add_account("sailjada")
    graph.page_size = 4
    return account


@pytest.fixture
def account(graph, fake):
    return InstagramAccount.objects.create(
        ig_user_id=fake.ig_user_id,
        username="sailjada",
        login_kind=LoginKind.INSTAGRAM,
        token=graph.issue(fake),
        token_issued_at=graph.now,
        token_expires_at=graph.now + timedelta(days=60),
    )


def post(graph, n: int, minutes_ago: int, **kwargs) -> FakeMedia:
    return FakeMedia(
        id=f"1800000000000{n:04d}", timestamp=graph.now - timedelta(minutes=minutes_ago), **kwargs
    )


def varied_feed(graph) -> list[FakeMedia]:
    """Newest first: images, an album with a video child, a reel without media_url, posts
    without caption or permalink."""
    album = post(
        graph,
        2,
        20,
        media_type="CAROUSEL_ALBUM",
        caption="Album #SailJada #sunset",
        children=[post(graph, 21, 20), post(graph, 22, 20, media_type="VIDEO")],
    )
    return [
        post(graph, 1, 10),
        album,
        post(graph, 3, 30, media_type="VIDEO", media_product_type="REELS", media_url=False),
        post(graph, 4, 40, caption=None),
        post(graph, 5, 50, permalink=False),
        post(graph, 6, 60, media_type="VIDEO"),
        *[post(graph, n, 60 + n) for n in range(7, 12)],
    ]


def sync(account, graph, client_fast, full=False):
    account.refresh_from_db()
    return account_sync_media(account=account, full=full, client=client_fast, now=graph.now)


def test_a_first_sync_walks_every_page_and_copies_everything(graph, fake, account, client_fast):
    fake.media = varied_feed(graph)
    outcome = sync(account, graph, client_fast)
    assert outcome.result == "ok" and outcome.new == 11
    assert graph.count("/me/media") == 3  # 4 + 4 + 3
    cdn_links = [path for _, path, _ in graph.calls if path.startswith("/cdn/")]
    assert not InstagramMedia.objects.filter(thumb="").exists()
    album = InstagramMedia.objects.get(media_id=fake.media[1].id)
    assert album.media_type == "CAROUSEL_ALBUM" and album.tags == " sailjada sunset "
    assert [c.media_type for c in album.children.all()] == ["IMAGE", "VIDEO"]
    assert album.children.get(position=1).video.name.endswith(".mp4")
    reel = InstagramMedia.objects.get(media_id=fake.media[2].id)
    assert reel.thumb and not reel.video and "licensed music" in reel.copy_error
    assert InstagramMedia.objects.get(media_id=fake.media[3].id).caption == ""
    assert InstagramMedia.objects.get(media_id=fake.media[4].id).permalink == ""
    video = InstagramMedia.objects.get(media_id=fake.media[5].id)
    assert video.video and default_storage.exists(video.video.name)
    account.refresh_from_db()
    assert account.last_sync_ok and "11 new" in account.last_sync_summary
    assert len(cdn_links) >= 11
    for media in InstagramMedia.objects.all():  # local files only, never a CDN link
        assert "/cdn/" not in media.thumb.url and media.thumb.url.startswith("/media/ig/")


def test_a_second_sync_with_nothing_new_makes_one_call_and_changes_nothing(
    graph, fake, account, client_fast
):
    fake.media = varied_feed(graph)
    sync(account, graph, client_fast)
    before = list(InstagramMedia.objects.order_by("pk").values())
    calls = len(graph.calls)
    outcome = sync(account, graph, client_fast)
    assert outcome.new == 0 and len(graph.calls) - calls == 1 and outcome.calls == 1
    after = list(InstagramMedia.objects.order_by("pk").values())
    for row in after:
        row.pop("last_seen_at")
    for row in before:
        row.pop("last_seen_at")
    assert after == before


def test_new_posts_appear_with_one_page_call_plus_their_downloads(
    graph, fake, account, client_fast
):
    fake.media = varied_feed(graph)
    sync(account, graph, client_fast)
    graph.advance(minutes=5)
    fake.media[:0] = [post(graph, 90, 1), post(graph, 91, 2), post(graph, 92, 3)]
    calls = len(graph.calls)
    outcome = sync(account, graph, client_fast)
    assert outcome.new == 3
    assert graph.count("/me/media") - 3 == 1  # one more page call than the first sync made
    assert len(graph.calls) - calls == 1 + 3  # one page + one download each


def test_a_full_sync_removes_deleted_posts_and_picks_up_edited_captions(
    graph, fake, account, client_fast, django_capture_on_commit_callbacks
):
    fake.media = varied_feed(graph)
    sync(account, graph, client_fast)
    gone = fake.media.pop(3)
    fake.media[0].caption = "Edited caption #newtag"
    graph.advance(minutes=1)
    assert sync(account, graph, client_fast).removed == 0  # an incremental sync cannot know
    graph.advance(minutes=1)
    outcome = sync(account, graph, client_fast, full=True)
    assert outcome.removed == 1 and outcome.updated == 1
    assert InstagramMedia.objects.get(media_id=gone.id).deleted_at is not None
    edited = InstagramMedia.objects.get(media_id=fake.media[0].id)
    assert edited.caption == "Edited caption #newtag" and edited.tags == " newtag "


def test_an_expired_cdn_link_is_renewed_by_fetching_the_post_again(
    graph, fake, account, client_fast
):
    graph.cdn_life = timedelta(seconds=-1)  # every link in a page answer has already expired
    fake.media = [post(graph, 1, 10)]
    original_media_json = graph.media_json

    def fresh_links(media):
        if graph.calls[-1][1].endswith(media.id):  # the single-post fetch gets fresh links
            graph.cdn_life = timedelta(days=3)
        body = original_media_json(media)
        graph.cdn_life = timedelta(seconds=-1)
        return body

    graph.media_json = fresh_links
    outcome = sync(account, graph, client_fast)
    assert outcome.new == 1
    assert graph.count(f"/{fake.media[0].id}") >= 1
    assert InstagramMedia.objects.get().thumb


def test_throttling_mid_sync_stops_waits_and_resumes_without_duplicates(
    graph, fake, account, client_fast
):
    fake.media = varied_feed(graph)
    graph.fail("after=4", "throttle", code=80002, wait_minutes=30)
    outcome = sync(account, graph, client_fast)
    account.refresh_from_db()
    assert outcome.failed and outcome.new == 4
    assert account.sync_resume_after == graph.now + timedelta(minutes=30)
    assert account.last_sync_ok is False and account.last_error_code == 80002
    graph.advance(minutes=10)
    calls = len(graph.calls)
    assert sync(account, graph, client_fast).result == "skipped"  # no calls while throttled
    assert len(graph.calls) == calls
    graph.advance(minutes=25)
    outcome = sync(account, graph, client_fast, full=True)
    assert outcome.result == "ok" and outcome.new == 7
    assert InstagramMedia.objects.count() == 11


def test_an_html_502_stops_the_run_after_bounded_retries_and_keeps_the_cache(
    graph, fake, account, client_fast
):
    fake.media = varied_feed(graph)
    sync(account, graph, client_fast)
    graph.fail("/me/media", "html502", times=50)
    calls = len(graph.calls)
    outcome = sync(account, graph, client_fast)
    assert outcome.failed and "web page" in outcome.detail
    assert len(graph.calls) - calls == 3  # bounded: three tries, then stop
    assert InstagramMedia.objects.count() == 11
    account.refresh_from_db()
    assert account.status(graph.now) == "error"


def test_a_timeout_stops_the_run(graph, fake, account):
    from instagram.client import GraphClient

    fake.media = [post(graph, 1, 10)]
    graph.fail("/me/media", "slow", seconds=1.0, times=5)
    client = GraphClient(sleep=lambda s: None, timeout=(1, 0.3), retries=1)
    outcome = account_sync_media(account=account, client=client, now=graph.now)
    assert outcome.failed and "did not answer in time" in outcome.detail


def test_a_revoked_token_marks_the_account_and_stops_calling(graph, fake, account, client_fast):
    fake.media = [post(graph, 1, 10)]
    graph.kill(account.token, 458)
    outcome = sync(account, graph, client_fast)
    account.refresh_from_db()
    assert outcome.failed and account.needs_reconnect
    calls = len(graph.calls)
    assert sync(account, graph, client_fast).result == "skipped"
    assert len(graph.calls) == calls


def test_two_syncs_of_one_account_never_run_at_once(graph, fake, account, client_fast):
    InstagramAccount.objects.filter(pk=account.pk).update(
        sync_claimed_until=graph.now + timedelta(minutes=5)
    )
    outcome = sync(account, graph, client_fast)
    assert outcome.result == "skipped" and "another sync" in outcome.detail
    assert graph.calls == []


def test_the_command_syncs_and_exits_1_on_failure(graph, fake, account, capsys):
    fake.media = [post(graph, 1, 10)]
    call_command("instagram_sync")
    assert "1 new" in capsys.readouterr().out
    graph.kill(InstagramAccount.objects.get().token, 460)
    with pytest.raises(CommandError, match="1 account"):
        call_command("instagram_sync", "--account", "sailjada", "--full")


def test_a_failed_copy_is_retried_and_leaves_no_old_files_behind(
    graph, fake, account, client_fast, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    fake.media = [post(graph, 1, 10)]
    stale = default_storage.save("ig/old/0-thumb.webp", ContentFile(b"old"))
    row = InstagramMedia.objects.create(
        account=account, media_id=fake.media[0].id, media_type="IMAGE", taken_at=graph.now,
        first_seen_at=graph.now, last_seen_at=graph.now, copy_error="CDN said no",
        copy_attempts=1,
    )  # fmt: skip
    row.children.create(child_id="c0", position=0, media_type="IMAGE", thumb=stale)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = sync(account, graph, client_fast)
    row.refresh_from_db()
    assert outcome.recopied == 1 and row.thumb and row.copy_error == ""
    assert not default_storage.exists(stale)


def test_disconnecting_an_account_removes_its_posts_and_picture(
    graph, fake, account, client_fast, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    fake.media = [post(graph, 1, 10)]
    sync(account, graph, client_fast)
    account.profile_picture = default_storage.save("ig/profiles/x.jpg", ContentFile(b"pic"))
    account.save()
    files = InstagramMedia.objects.get().files() + [account.profile_picture.name]
    with django_capture_on_commit_callbacks(execute=True):
        account.delete()
    assert not any(default_storage.exists(name) for name in files)
