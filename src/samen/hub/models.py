"""The knowledge hub: city profiles, practices, documents, the thesaurus and the search index.

Nothing here is personal data: the hub describes cities and their approaches, so it can be
opened to the public (SAMEN_HUB_PUBLIC). Every change goes through ``hub/actions.py``.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samen.hub.language import LANGUAGES
from samen.hub.places import country_name


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    UNKNOWN = "", _("Unknown")


def _current_language() -> str:
    language = (get_language() or "nl")[:2]
    return language if language in LANGUAGES else "nl"


class Concept(models.Model):
    """A concept of the field with a preferred label per language and alternative labels."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    label_nl = models.CharField(_("Dutch label"), max_length=200, blank=True)
    label_en = models.CharField(_("English label"), max_length=200, blank=True)
    label_fr = models.CharField(_("French label"), max_length=200, blank=True)
    alt_labels = models.TextField(
        _("other labels"),
        blank=True,
        help_text=_("Synonyms and spellings in any of the three languages, one per line."),
    )
    note = models.TextField(_("scope note"), blank=True)
    broader = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader concepts"),
        help_text=_(
            "A search for this concept also finds its broader and narrower concepts, "
            "ranked below it."
        ),
    )
    label_sources = models.JSONField(_("sources of the labels"), default=dict, blank=True)
    # The fingerprint of the concept as samen shipped it; differs once an editor changes it.
    shipped = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")

    def __str__(self) -> str:
        return self.label

    def audit_label(self) -> str:
        return f"concept {self.code}"

    @property
    def label(self) -> str:
        own = str(getattr(self, f"label_{_current_language()}"))
        return own or self.label_en or self.label_nl or self.label_fr or self.code

    @property
    def missing_languages(self) -> list[str]:
        return [code for code in LANGUAGES if not getattr(self, f"label_{code}")]

    def all_labels(self) -> list[str]:
        labels = [self.label_nl, self.label_en, self.label_fr]
        labels += [line.strip() for line in self.alt_labels.splitlines() if line.strip()]
        return [label for label in labels if label]


class Keyword(models.Model):
    """A keyword; tied to a thesaurus concept when it names one, so it reads in any language."""

    label = models.CharField(_("label"), max_length=200)
    folded = models.CharField(max_length=200, unique=True, editable=False)
    concept = models.OneToOneField(
        Concept, on_delete=models.SET_NULL, null=True, blank=True, related_name="keyword"
    )

    class Meta:
        ordering = ["label"]
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return self.concept.label if self.concept_id is not None and self.concept else self.label


class CityProfile(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166 country code, e.g. NL.")
    )
    region = models.CharField(_("region"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    leader_name = models.CharField(_("political leader"), max_length=200, blank=True)
    leader_role = models.CharField(_("role of the political leader"), max_length=200, blank=True)
    background = models.TextField(_("background"), blank=True)
    national_overview = models.TextField(_("national overview"), blank=True)
    local_overview = models.TextField(_("local overview"), blank=True)
    working_groups = models.TextField(_("working groups"), blank=True, help_text=_("One per line."))
    sources = models.TextField(_("sources"), blank=True, help_text=_("One per line."))
    unplaced_text = models.TextField(
        _("text not placed"),
        blank=True,
        help_text=_("Text of an import that could not be placed in a field, kept for an editor."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, blank=True, default=""
    )
    last_updated = models.DateField(_("last updated"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    keywords = models.ManyToManyField(Keyword, blank=True, related_name="profiles")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["city"]
        verbose_name = _("city profile")
        verbose_name_plural = _("city profiles")

    def __str__(self) -> str:
        return f"{self.city}, {self.country_name}" if self.country else self.city

    def get_absolute_url(self) -> str:
        return reverse("hub:profile_detail", kwargs={"slug": self.slug})

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def audit_label(self) -> str:
        return f"city profile {self.city}"

    def working_group_list(self) -> list[str]:
        return [line.strip() for line in self.working_groups.splitlines() if line.strip()]

    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class Initiative(models.Model):
    """A key initiative of a city (or an additional activity, when ``key`` is false)."""

    profile = models.ForeignKey(CityProfile, on_delete=models.CASCADE, related_name="initiatives")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    key = models.BooleanField(_("key initiative"), default=True)

    class Meta:
        ordering = ["profile", "-key", "position"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.title


class ProfileVersion(models.Model):
    """The state of a profile before it was changed: history is appended, never edited."""

    profile = models.ForeignKey(CityProfile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    change = models.CharField(max_length=20)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["profile", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="hub_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} v{self.number}"


class ImportRecord(models.Model):
    """The full text of every import, kept as it came: nothing an import reads is dropped."""

    class Kind(models.TextChoices):
        PROFILE = "profile", _("City profile")
        DOCUMENT = "document", _("Document")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_name = models.CharField(max_length=255, blank=True)
    source_format = models.CharField(max_length=10)
    text = models.TextField()
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.CharField(max_length=150, blank=True)
    profile = models.ForeignKey(
        CityProfile, on_delete=models.SET_NULL, null=True, related_name="imports"
    )
    document = models.ForeignKey(
        "Document", on_delete=models.SET_NULL, null=True, related_name="imports"
    )
    replaced = models.BooleanField(default=False)  # the import updated an existing one

    def __str__(self) -> str:
        return f"{self.kind} {self.source_name}"


class Practice(models.Model):
    title = models.CharField(_("title"), max_length=300)
    city = models.ForeignKey(
        CityProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("city"),
    )
    description = models.TextField(_("description"))
    themes = models.ManyToManyField(
        Concept, blank=True, related_name="practices", verbose_name=_("themes")
    )
    target_groups = models.TextField(_("target groups"), blank=True, help_text=_("One per line."))
    keywords = models.ManyToManyField(Keyword, blank=True, related_name="practices")
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hub:practice_detail", kwargs={"pk": self.pk})

    def audit_label(self) -> str:
        return f"practice {self.pk} {self.title[:80]}"

    def target_group_list(self) -> list[str]:
        return [line.strip() for line in self.target_groups.splitlines() if line.strip()]

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class Document(models.Model):
    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        HTML = "html", "HTML"
        TEXT = "text", _("plain text")

    title = models.CharField(_("title"), max_length=300)
    city = models.ForeignKey(
        CityProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("city"),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, blank=True, default=""
    )
    source_format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166 country code; the city's country when empty."),
    )
    keywords = models.ManyToManyField(Keyword, blank=True, related_name="documents")
    # Shingle fingerprint of the text, to recognise a re-import of the same document.
    fingerprint = models.TextField(blank=True, editable=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # The list of documents, a page at a time, without sorting them all.
            models.Index(fields=["title", "id"], name="hub_document_title"),
            # The newest documents and the latest changes (the hub's home page).
            models.Index(fields=["imported_at"], name="hub_document_imported"),
            models.Index(fields=["updated_at"], name="hub_document_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hub:document_detail", kwargs={"pk": self.pk})

    def audit_label(self) -> str:
        return f"document {self.pk} {self.title[:80]}"

    @property
    def country_code(self) -> str:
        """The document's country: chosen by the editor, else its city's."""
        if self.country:
            return self.country
        return self.city.country if self.city_id is not None and self.city else ""

    @property
    def country_name(self) -> str:
        return country_name(self.country_code)


class Section(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    path = models.CharField(_("place in the document"), max_length=600, blank=True)
    level = models.PositiveSmallIntegerField(default=1)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading or str(_("(no heading)"))


class DocumentAction(models.Model):
    """An action a document states, with its lead where the document names one."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="actions")
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, related_name="actions"
    )
    position = models.PositiveIntegerField()
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead = models.CharField(_("lead"), max_length=300, blank=True)
    partners = models.TextField(_("working group"), blank=True)

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title


class SearchSource(models.Model):
    """One findable item: a profile, a practice or a document. Results are grouped by source;
    facets count sources. Derived data, rebuilt by the actions whenever its source changes."""

    class Kind(models.TextChoices):
        PROFILE = "profile", _("City profile")
        PRACTICE = "practice", _("Practice")
        DOCUMENT = "document", _("Document")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    profile = models.ForeignKey(CityProfile, on_delete=models.CASCADE, null=True, related_name="+")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, null=True, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, null=True, related_name="+")
    title = models.CharField(max_length=300)
    language = models.CharField(max_length=2, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True)
    keywords = models.ManyToManyField(Keyword, blank=True, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["kind"], name="hub_source_kind"),
            models.Index(fields=["language"], name="hub_source_language"),
            models.Index(fields=["country", "city"], name="hub_source_place"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.profile_id is not None and self.profile is not None:
            return self.profile.get_absolute_url()
        if self.practice_id is not None:
            return reverse("hub:practice_detail", kwargs={"pk": self.practice_id})
        if self.document_id is not None:
            return reverse("hub:document_detail", kwargs={"pk": self.document_id})
        return ""

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class SearchEntry(models.Model):
    """One passage of a source: a profile, a practice, or a document section."""

    source = models.ForeignKey(SearchSource, on_delete=models.CASCADE, related_name="entries")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, related_name="+")
    heading = models.CharField(max_length=900, blank=True)
    body = models.TextField(blank=True)
    length = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.heading


class SearchStatistics(models.Model):
    """The number of passages in the index and their summed length, for BM25's average: one
    row, kept by the database (triggers on ``SearchEntry``, migration hub 0009), so that a search
    reads two numbers instead of aggregating every passage, and they are exact after every
    insert, change and removal, whatever writes it (decision 0025)."""

    passages = models.BigIntegerField(default=0)
    length = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.passages} passages"


class SearchTerm(models.Model):
    """A term of the index: a Snowball stem, or '~code' for a thesaurus concept."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.term


class SearchWord(models.Model):
    """A word as it occurs in the indexed texts (folded): the vocabulary that typo correction,
    "did you mean" and search as you type draw from."""

    word = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.word


class SearchPosting(models.Model):
    """A term in a passage, with its weighted frequency and the passage's length (for BM25)."""

    term = models.ForeignKey(SearchTerm, on_delete=models.CASCADE, related_name="+", db_index=False)
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="postings")
    source = models.ForeignKey(SearchSource, on_delete=models.CASCADE, related_name="+")
    tf = models.FloatField()
    length = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["term", "source", "entry", "tf", "length"], name="hub_posting_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term_id} in {self.entry_id}"


class SearchSourceTerm(models.Model):
    """A term in a source, summed over the source's passages: the largest and the summed
    frequency, the number of passages and the shortest passage. From these the ranking bounds a
    source's score from above without reading its passages, so that it scores exactly only the
    sources that may reach the page asked for (decision 0022). Derived from the postings and
    rebuilt with them (``search.summarise_sources``)."""

    term = models.ForeignKey(SearchTerm, on_delete=models.CASCADE, related_name="+", db_index=False)
    source = models.ForeignKey(SearchSource, on_delete=models.CASCADE, related_name="+")
    max_tf = models.FloatField()
    sum_tf = models.FloatField()
    passages = models.PositiveIntegerField()
    min_length = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # Key columns rather than PostgreSQL's INCLUDE, which Django leaves out on SQLite:
            # the bound is computed from the index alone on both databases.
            models.Index(
                fields=["term", "source", "max_tf", "sum_tf", "passages", "min_length"],
                name="hub_source_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term_id} in source {self.source_id}"
