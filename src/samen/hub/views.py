"""Pages of the knowledge hub. Reading: anyone when SAMEN_HUB_PUBLIC, else any logged-in user.
Editing: the hub editor role (``hub.edit``). Changes go through ``hub/actions.py``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires
from samen.hub import actions
from samen.hub.forms import (
    ConceptForm,
    DocumentForm,
    ImportForm,
    InitiativeFormSet,
    PracticeForm,
    ProfileForm,
)
from samen.hub.importing import (
    UnreadableFile,
    extract,
    looks_like_profile,
    read_document,
    read_profile,
)
from samen.hub.models import (
    CityProfile,
    Concept,
    Document,
    DocumentAction,
    Keyword,
    Practice,
    ProfileVersion,
    SearchEntry,
)
from samen.hub.search import FILTERS, search, snippet

PAGE_SIZE = 25
SEARCH_PAGE_SIZE = 20
MAX_COMPARED = 4
IMPORT_SESSION_KEY = "hub_import"

View = Callable[..., HttpResponse]


def readable(view: View) -> View:
    """Open to everyone when the hub is public, else to any logged-in user."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.HUB_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


editor = requires(Capability.EDIT_HUB)


def _page(request: HttpRequest, queryset: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _keywords() -> Prefetch[Any]:
    return Prefetch("keywords", queryset=Keyword.objects.select_related("concept"))


def _can_edit(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.can(Capability.EDIT_HUB))  # type: ignore[union-attr]


# --- reading -------------------------------------------------------------------------------


@readable
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "hub/home.html",
        {
            "profiles": CityProfile.objects.order_by("-updated_at")[:8],
            "practices": Practice.objects.select_related("city").order_by("-updated_at")[:8],
            "documents": Document.objects.select_related("city").order_by("-imported_at")[:8],
            "counts": {
                "profiles": CityProfile.objects.count(),
                "practices": Practice.objects.count(),
                "documents": Document.objects.count(),
            },
            "all_cities": CityProfile.objects.order_by("city").only("slug", "city", "country"),
            "can_edit": _can_edit(request),
        },
    )


@readable
def profile_list(request: HttpRequest) -> HttpResponse:
    profiles = CityProfile.objects.annotate(n_initiatives=Count("initiatives")).order_by("city")
    return render(
        request,
        "hub/profile_list.html",
        {"page": _page(request, profiles), "can_edit": _can_edit(request)},
    )


@readable
def profile_detail(request: HttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(
        CityProfile.objects.prefetch_related("initiatives", _keywords()), slug=slug
    )
    initiatives = list(profile.initiatives.all())
    return render(
        request,
        "hub/profile_detail.html",
        {
            "profile": profile,
            "key_initiatives": [i for i in initiatives if i.key],
            "other_initiatives": [i for i in initiatives if not i.key],
            "practices": profile.practices.order_by("title")[:10],
            "documents": profile.documents.order_by("title")[:10],
            "versions": ProfileVersion.objects.filter(profile=profile).order_by("-number")[:10],
            "can_edit": _can_edit(request),
        },
    )


@readable
def practice_list(request: HttpRequest) -> HttpResponse:
    practices = Practice.objects.select_related("city").order_by("title")
    return render(
        request,
        "hub/practice_list.html",
        {"page": _page(request, practices), "can_edit": _can_edit(request)},
    )


@readable
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(
        Practice.objects.select_related("city").prefetch_related("themes", _keywords()), pk=pk
    )
    return render(
        request,
        "hub/practice_detail.html",
        {"practice": practice, "can_edit": _can_edit(request)},
    )


@readable
def document_list(request: HttpRequest) -> HttpResponse:
    documents = (
        Document.objects.select_related("city")
        .annotate(n_sections=Count("sections"))
        .order_by("title")
    )
    return render(
        request,
        "hub/document_list.html",
        {"page": _page(request, documents), "can_edit": _can_edit(request)},
    )


@readable
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        Document.objects.select_related("city").prefetch_related(_keywords()), pk=pk
    )
    sections = document.sections.prefetch_related(
        Prefetch("actions", queryset=DocumentAction.objects.order_by("position"))
    ).order_by("position")
    return render(
        request,
        "hub/document_detail.html",
        {"document": document, "sections": sections, "can_edit": _can_edit(request)},
    )


@readable
def compare(request: HttpRequest) -> HttpResponse:
    slugs = list(dict.fromkeys(request.GET.getlist("city")))[:MAX_COMPARED]
    found = {
        p.slug: p
        for p in CityProfile.objects.filter(slug__in=slugs).prefetch_related(
            "initiatives", _keywords()
        )
    }
    profiles = [found[s] for s in slugs if s in found]
    keyword_sets = [{k.pk for k in p.keywords.all()} for p in profiles]
    shared = set.intersection(*keyword_sets) if len(keyword_sets) > 1 else set()
    return render(
        request,
        "hub/compare.html",
        {
            "profiles": profiles,
            "shared": shared,
            "selected": set(slugs),
            "all_cities": CityProfile.objects.order_by("city").only("slug", "city", "country"),
            "too_few": len(profiles) < 2,
            "max_compared": MAX_COMPARED,
        },
    )


@readable
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    filters = {name: request.GET.get(name, "")[:120] for name in FILTERS}
    result = search(query, filters) if query else None
    page = None
    rows: list[dict[str, Any]] = []
    if result is not None and result.results is not None:
        page = Paginator(result.results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [_row(entry, result.plan) for entry in page.object_list]
    context = {
        "query": query,
        "filters": filters,
        "result": result,
        "page": page,
        "rows": rows,
        "page_query": urlencode({"q": query, **{k: v for k, v in filters.items() if v}}),
        "facet_names": [
            ("kind", _("Type")),
            ("language", _("Language")),
            ("country", _("Country")),
            ("city", _("City")),
            ("keyword", _("Keyword")),
        ],
    }
    template = "hub/_results.html" if getattr(request, "htmx", False) else "hub/search.html"
    return render(request, template, context)


def _row(entry: SearchEntry, plan: Any) -> dict[str, Any]:
    if entry.kind == SearchEntry.Kind.PROFILE and entry.profile is not None:
        url = entry.profile.get_absolute_url()
    elif entry.kind == SearchEntry.Kind.PRACTICE and entry.practice_id is not None:
        url = f"{Practice(pk=entry.practice_id).get_absolute_url()}"
    elif entry.document_id is not None:
        anchor = f"#section-{entry.section_id}" if entry.section_id else ""
        url = Document(pk=entry.document_id).get_absolute_url() + anchor
    else:
        url = ""
    return {
        "entry": entry,
        "url": url,
        "snippet": snippet(entry.body, plan, entry.language),
    }


# --- editing profiles and practices --------------------------------------------------------


def _initiatives(formset: Any) -> list[actions.InitiativeData]:
    return [
        actions.InitiativeData(f["title"], f.get("description", ""), bool(f.get("key")))
        for f in formset.cleaned_data
        if f and f.get("title", "").strip()
    ]


def _profile_form(request: HttpRequest, profile: CityProfile | None) -> HttpResponse:
    initial_initiatives = (
        [
            {"title": i.title, "description": i.description, "key": i.key}
            for i in profile.initiatives.all()
        ]
        if profile is not None
        else []
    )
    initial_keywords = (
        actions.keywords_as_text(profile.keywords.select_related("concept")) if profile else ""
    )
    form = ProfileForm(
        request.POST or None, instance=profile, initial={"keywords_text": initial_keywords}
    )
    formset = InitiativeFormSet(
        request.POST or None, initial=initial_initiatives, prefix="initiatives"
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "keywords_text"}
            saved = actions.save_profile(
                request,
                profile,
                data,
                _initiatives(formset),
                actions.parse_keywords(form.cleaned_data["keywords_text"]),
            )
            messages.success(request, _("The city profile was saved."))
            return redirect(saved.get_absolute_url())
        status = 422
    else:
        status = 200
    return render(
        request,
        "hub/profile_form.html",
        {"form": form, "formset": formset, "profile": profile},
        status=status,
    )


@editor
def profile_create(request: HttpRequest) -> HttpResponse:
    return _profile_form(request, None)


@editor
def profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _profile_form(request, get_object_or_404(CityProfile, slug=slug))


@editor
@require_POST
def profile_delete(request: HttpRequest, slug: str) -> HttpResponse:
    actions.delete_profile(request, get_object_or_404(CityProfile, slug=slug))
    messages.success(request, _("The city profile was deleted."))
    return redirect("hub:profile_list")


def _practice_form(request: HttpRequest, practice: Practice | None) -> HttpResponse:
    initial = {}
    if practice is not None:
        initial["keywords_text"] = actions.keywords_as_text(
            practice.keywords.select_related("concept")
        )
    form = PracticeForm(request.POST or None, instance=practice, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            saved = actions.save_practice(
                request,
                practice,
                data,
                themes=data.pop("themes"),
                keywords=actions.parse_keywords(data.pop("keywords_text")),
            )
            messages.success(request, _("The practice was saved."))
            return redirect(saved.get_absolute_url())
        status = 422
    else:
        status = 200
    return render(
        request, "hub/practice_form.html", {"form": form, "practice": practice}, status=status
    )


@editor
def practice_create(request: HttpRequest) -> HttpResponse:
    return _practice_form(request, None)


@editor
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _practice_form(request, get_object_or_404(Practice, pk=pk))


@editor
@require_POST
def practice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_practice(request, get_object_or_404(Practice, pk=pk))
    messages.success(request, _("The practice was deleted."))
    return redirect("hub:practice_list")


# --- documents and imports -----------------------------------------------------------------


@editor
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    initial = {
        "title": document.title,
        "city": document.city_id,
        "language": document.language,
        "keywords_text": actions.keywords_as_text(document.keywords.select_related("concept")),
    }
    form = DocumentForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            actions.update_document(
                request,
                document,
                title=data["title"],
                city=data["city"],
                language=data["language"],
                keywords=actions.parse_keywords(data["keywords_text"]),
            )
            messages.success(request, _("The document was saved."))
            return redirect(document.get_absolute_url())
        status = 422
    else:
        status = 200
    return render(
        request, "hub/document_form.html", {"form": form, "document": document}, status=status
    )


@editor
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_document(request, get_object_or_404(Document, pk=pk))
    messages.success(request, _("The document was deleted."))
    return redirect("hub:document_list")


@editor
def import_start(request: HttpRequest) -> HttpResponse:
    """Step 1: read the file or text and show what was recognised; nothing is saved yet."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "hub/import_form.html", {"form": form})
    if not form.is_valid():
        return render(request, "hub/import_form.html", {"form": form}, status=422)
    data = form.cleaned_data
    upload = data.get("file")
    if upload is not None:
        try:
            extracted = extract(upload.name or "", upload.read())
        except UnreadableFile:
            form.add_error("file", _("This file could not be read."))
            return render(request, "hub/import_form.html", {"form": form}, status=422)
        text, source_format, source_name = extracted.text, extracted.source_format, upload.name
    else:
        text, source_format, source_name = data["text"], "text", ""
    kind = data["kind"]
    if kind == "auto":
        kind = "profile" if looks_like_profile(text) else "document"
    request.session[IMPORT_SESSION_KEY] = {
        "kind": kind,
        "text": text,
        "source_format": source_format,
        "source_name": source_name or "",
        "title": data.get("title") or "",
        "city": data["city"].pk if data.get("city") else None,
    }
    return render(request, "hub/import_review.html", _review_context(request))


def _review_context(request: HttpRequest) -> dict[str, Any]:
    pending = request.session[IMPORT_SESSION_KEY]
    context: dict[str, Any] = {"pending": pending, "kind": pending["kind"]}
    if pending["kind"] == "profile":
        parsed = read_profile(pending["text"], actions.vocabulary())
        context["profile"] = parsed
        context["existing"] = actions.find_profile(parsed.city, parsed.country)
    else:
        context["document"] = read_document(pending["text"], pending["title"])
    return context


@editor
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: save what the review showed."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending:
        messages.error(request, _("There is no import to save. Start again."))
        return redirect("hub:import")
    context = _review_context(request)
    if pending["kind"] == "profile":
        profile = actions.import_profile(
            request,
            context["profile"],
            text=pending["text"],
            source_name=pending["source_name"],
            source_format=pending["source_format"],
        )
        target = profile.get_absolute_url()
    else:
        city = CityProfile.objects.filter(pk=pending["city"]).first() if pending["city"] else None
        document = actions.import_document(
            request,
            context["document"],
            text=pending["text"],
            source_name=pending["source_name"],
            source_format=pending["source_format"],
            title=pending["title"],
            city=city,
        )
        target = document.get_absolute_url()
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, _("The import was saved."))
    return redirect(target)


# --- the thesaurus -----------------------------------------------------------------------


@readable
def thesaurus(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "hub/thesaurus.html",
        {
            "page": _page(request, Concept.objects.order_by("code"), size=50),
            "can_edit": _can_edit(request),
        },
    )


def _concept_form(request: HttpRequest, concept: Concept | None) -> HttpResponse:
    form = ConceptForm(request.POST or None, instance=concept)
    if request.method == "POST":
        if form.is_valid():
            actions.save_concept(request, concept, form.cleaned_data)
            messages.success(request, _("The concept was saved."))
            return redirect("hub:thesaurus")
        status = 422
    else:
        status = 200
    return render(
        request, "hub/concept_form.html", {"form": form, "concept": concept}, status=status
    )


@editor
def concept_create(request: HttpRequest) -> HttpResponse:
    return _concept_form(request, None)


@editor
def concept_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _concept_form(request, get_object_or_404(Concept, pk=pk))


@editor
@require_POST
def concept_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_concept(request, get_object_or_404(Concept, pk=pk))
    messages.success(request, _("The concept was deleted."))
    return redirect("hub:thesaurus")
