import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Visibility
from gallery.models import Photo
from instagram.models import InstagramMedia

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Event.objects.values_list("public_id", flat=True)),
        sorted(User.objects.values_list("username", flat=True)),
        Group.objects.count(),
        Photo.objects.count(),
        InstagramMedia.objects.count(),
    )


def test_demo_creates_events_users_and_the_crew_group(capsys):
    call_command("demo")
    assert Event.objects.public().count() == 2
    private = Event.objects.get(visibility=Visibility.PRIVATE)
    assert private.access_code == "sail"
    assert sum(event.status() == "live" for event in Event.objects.all()) == 1
    assert authenticate(username="admin", password="admin").is_superuser
    crew = authenticate(username="crew", password="crew")
    assert crew is not None and not crew.is_staff
    assert crew.groups.filter(name="Crew").exists()
    assert "crew / crew" in capsys.readouterr().out
    assert Photo.objects.filter(event__public_id="demo-regatta").count() == 10
    assert Photo.objects.filter(event__public_id="demo-sunset").exists()
    assert not Photo.objects.filter(taken_at__gt=timezone.now()).exists()
    regatta = Photo.objects.filter(event__public_id="demo-regatta")
    assert {p.taken_at_source for p in regatta} == {"exif_offset", "exif_local"}


def test_demo_shows_instagram_posts_without_credentials(client):
    from instagram.models import InstagramAccount, InstagramMedia

    call_command("demo")
    account = InstagramAccount.objects.get(is_demo=True)
    assert account.status() == "ok" and "demo" in account.username
    assert {m.media_type for m in InstagramMedia.objects.all()} == {
        "IMAGE",
        "CAROUSEL_ALBUM",
        "VIDEO",
    }
    items = client.get("/g/demo-sunset/feed.json").json()["items"]
    sources = {item["source"] for item in items}
    assert sources == {"upload", "instagram"}
    album = next(item for item in items if item["type"] == "carousel")
    assert len(album["children"]) == 3 and "(demo" in album["caption"]


def test_demo_is_idempotent():
    call_command("demo")
    first = snapshot()
    call_command("demo")
    assert snapshot() == first
