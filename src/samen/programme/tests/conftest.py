"""Fixtures of the programme's tests: the casework world (conftest.py of samen) with a lead
("trekker") of youth care, and one of each programme record (``authorization.scene``)."""

from __future__ import annotations

from typing import Any

import pytest

from samen.casework.tests.factories import World
from samen.programme.tests.authorization import Scene, scene


@pytest.fixture
def programme(world: World) -> Scene:
    return scene(world)


def post(client: Any, name: str, data: dict[str, Any], **kwargs: Any) -> Any:
    from django.urls import reverse

    return client.post(reverse(name, kwargs=kwargs or None), data)
