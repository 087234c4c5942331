import pytest

from gallery.models import Photo
from tests.browser.conftest import DESKTOP, screenshot
from tests.factory import make_event, make_user
from tests.images import heic, jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_url}")


def test_crew_upload_several_files_and_see_each_result(page, tmp_path):
    event = make_event(title="Sunset sail", public_id="sunset")
    make_user("crew", perms=["gallery.add_photo"])
    files = {
        "IMG_0001.JPG": jpeg(size=(1200, 900), taken="2026:07:04 18:31:05"),
        "IMG_0002.HEIC": heic(),
        "IMG_0003.JPG": jpeg(size=(900, 1200), orientation=6),
        "notes.pdf": b"%PDF-1.4 not a photo",
    }
    files["IMG_0001 copy.JPG"] = files["IMG_0001.JPG"]
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))

    log_in(page, "crew", "/g/sunset/upload/")
    assert page.get_by_role("heading", name="Upload photos").is_visible()
    page.locator("#id_photos").set_input_files(paths[:4])
    page.get_by_text("Finished:").wait_for()
    page.locator("#id_photos").set_input_files(paths[4:])
    page.wait_for_function(
        "document.querySelectorAll('#queue .upload-row').length === 5 && "
        "document.getElementById('summary').textContent.includes('already there')"
    )
    rows = {
        row.locator(".upload-name").inner_text(): row.locator(".upload-state").inner_text()
        for row in page.locator("#queue .upload-row").all()
    }
    assert rows["IMG_0001.JPG"] == "Uploaded"
    assert rows["IMG_0002.HEIC"] == "Uploaded"
    assert rows["IMG_0003.JPG"] == "Uploaded"
    assert rows["notes.pdf"].startswith("Rejected: a PDF document is not a supported image")
    assert rows["IMG_0001 copy.JPG"] == "Already uploaded"
    summary = page.locator("#summary").inner_text()
    assert "3 uploaded" in summary and "1 already there" in summary and "1 rejected" in summary
    assert Photo.objects.filter(event=event).count() == 3
    screenshot(page, "upload-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "upload-desktop")


def test_upload_retries_after_a_network_failure(page, tmp_path):
    make_event(public_id="retry")
    make_user("crew", perms=["gallery.add_photo"])
    path = tmp_path / "IMG_0009.JPG"
    path.write_bytes(jpeg())
    log_in(page, "crew", "/g/retry/upload/")
    failures = {"left": 1}

    def flaky(route):
        if failures["left"]:
            failures["left"] -= 1
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/g/retry/upload/", flaky)
    page.locator("#id_photos").set_input_files([str(path)])
    page.get_by_text("Finished:").wait_for()
    assert page.locator("#queue .upload-state").inner_text() == "Uploaded"
    assert Photo.objects.count() == 1
