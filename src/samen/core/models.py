"""The shared foundations' one model: the generation of a municipality's data
(``samen.core.generations``)."""

from __future__ import annotations

from django.db import models


class Generation(models.Model):
    """The generation of one kind of a municipality's counted data (``topic``; municipality 0,
    topic 0: the whole installation): a random number, new with every change. No foreign key:
    the foundations know no organisations."""

    municipality_id = models.PositiveIntegerField()
    topic = models.PositiveSmallIntegerField(default=0)
    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "generation"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_id", "topic"], name="generation_municipality_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.topic}: {self.number}"
