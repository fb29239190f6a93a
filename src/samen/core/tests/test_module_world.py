"""The suite's ``world``, built once for a module and copied for each test: whatever one test
changes (rows, the objects it was handed, the attachment's file) is gone for the next. Two
runs of the same test: whichever runs second finds what the first did, if anything leaks."""

from __future__ import annotations

import pytest

from samen.audit.actor import Actor
from samen.casework.actions import intake as intake_actions
from samen.casework.attachments import storage_dir
from samen.casework.models import Signal
from samen.casework.tests.factories import World

pytestmark = pytest.mark.django_db

BUILT = "Zorgen over een buurjongen"


@pytest.mark.parametrize("run", [1, 2])
def test_a_test_finds_the_world_as_built_whatever_another_changed(world: World, run: int) -> None:
    assert world.signal is not None and world.attachment is not None
    file = storage_dir() / world.attachment.storage_name
    assert world.signal.observation == BUILT
    assert Signal.objects.get(pk=world.signal.pk).observation == BUILT
    assert Signal.objects.count() == 2  # the world's two signals, and no more
    content = file.read_bytes()

    world.signal.observation = f"changed by run {run}"
    world.signal.save()
    intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="one more",
        anonymous=True,
    )
    file.write_bytes(b"overwritten")
    assert content != b"overwritten"
