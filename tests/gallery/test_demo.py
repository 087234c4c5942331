import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Visibility
from gallery.models import Photo

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Event.objects.values_list("public_id", flat=True)),
        sorted(User.objects.values_list("username", flat=True)),
        Group.objects.count(),
        Photo.objects.count(),
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


def test_demo_is_idempotent():
    call_command("demo")
    first = snapshot()
    call_command("demo")
    assert snapshot() == first
