import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from events.models import Event, Visibility

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Event.objects.values_list("public_id", flat=True)),
        sorted(User.objects.values_list("username", flat=True)),
        Group.objects.count(),
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


def test_demo_is_idempotent():
    call_command("demo")
    first = snapshot()
    call_command("demo")
    assert snapshot() == first
