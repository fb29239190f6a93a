"""The shared foundations' one model: the generation of a municipality's data
(``samen.core.generations``)."""

from __future__ import annotations

from django.db import models


class Generation(models.Model):
    """The generation of a municipality's counted data (0: of the whole installation): a
    random number, new with every change. No foreign key: the foundations know no
    organisations."""

    municipality_id = models.PositiveIntegerField(primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "generation"

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.number}"
