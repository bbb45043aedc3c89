"""Pages of the document registry: the searchable list, the document page, its forms and downloads."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import has_any
from dangvu.documents import mentions, operations
from dangvu.documents.forms import AttachmentForm, DocumentEditForm, DocumentFilterForm, DocumentForm, RelationForm
from dangvu.documents.models import Attachment, Document, DocumentRelation
from dangvu.documents.operations import DOCUMENT_FIELDS, DuplicateDocument
from dangvu.documents.search import search_words, snippet_text
from dangvu.web.exports import Column, xlsx_response

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, found in error.message_dict.items():
            form.add_error(name if name in form.fields else None, found)
    else:
        form.add_error(None, error)


def _filter(documents, data: dict):
    if data.get("q"):
        documents = documents.search(data["q"])
    if data.get("type"):
        documents = documents.filter(type=data["type"])
    if data.get("issuer"):
        documents = documents.filter(issuer_key=data["issuer"])
    if data.get("year"):
        documents = documents.filter(issued_on__year=data["year"])
    if data.get("term"):
        documents = documents.filter(term=data["term"])
    if data.get("validity"):
        documents = documents.filter(validity=data["validity"])
    return documents


def _documents(request):
    """The filter form, its valid values and the matching documents in the page's order: the list and its export
    share this, so they cannot disagree."""
    documents = Document.objects.visible_to(request.user)
    form = DocumentFilterForm(request.GET, documents=documents)
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    return form, data, _filter(documents, data).select_related("issuer_unit")


@vary_on_headers("HX-Request")
def document_list(request):
    form, data, found = _documents(request)
    size = data.get("size") or settings.PAGE_SIZES[0]
    words = search_words(data.get("q") or "")
    if words:
        found = found.prefetch_related("attachments")
    page = Paginator(found, size).get_page(request.GET.get("page"))
    if words:
        for document in page.object_list:
            document.snippet = snippet_text(document, words)
    context = {
        "form": form,
        "page": page,
        "words": words,
        "can_register": has_any(request.user, Action.CHANGE),
        "nav_section": "documents",
    }
    template = "documents/document_list.html#results" if request.htmx else "documents/document_list.html"
    return render(request, template, context)


def document_list_export(request):
    """The documents matching the list's filters, all of them, in the list's order. The registry is open to every
    user (`DocumentQuerySet.visible_to`), so is its export."""
    _form, _data, found = _documents(request)
    columns = [
        Column(_("Type"), lambda d: d.type_name),
        Column(_("Number and symbol"), lambda d: d.number_symbol),
        Column(_("Issue date"), lambda d: d.issued_on),
        Column(_("Subject"), lambda d: d.subject),
        Column(_("Issuer"), lambda d: d.issuer),
        Column(_("Term of office"), lambda d: d.term),
        Column(_("Validity"), lambda d: d.get_validity_display()),
    ]
    return xlsx_response("van-ban", _("Documents"), columns, found)


def implementing_tasks(document: Document, user) -> list:
    """Tasks of the document itself and of the programmes and plans that implement it, with their progress."""
    from dangvu.tracking.models import Task
    from dangvu.tracking.queries import documents_implementing

    tasks = (
        Task.objects.visible_to(user)
        .filter(document_id__in=documents_implementing(document), parent__isnull=True)
        .select_related("owner_unit", "document")
        .annotate(
            assigned=Count("assignments"), done=Count("assignments", filter=Q(assignments__completed_on__isnull=False))
        )
        .order_by("document_id", "id")
    )
    return list(tasks[:50])


def document_detail(request, pk):
    document = get_object_or_404(Document.objects.visible_to(request.user).select_related("issuer_unit"), pk=pk)
    outgoing = DocumentRelation.objects.filter(source=document).select_related("target").order_by("kind", "id")
    incoming = DocumentRelation.objects.filter(target=document).select_related("source").order_by("kind", "id")
    context = {
        "document": document,
        "outgoing": outgoing,
        "incoming": incoming,
        "attachments": document.attachments.all(),
        "cited_by": mentions.cited_by(document, request.user),
        "tasks": implementing_tasks(document, request.user),
        "can_change": operations.can_change(request.user, document),
        "can_plan": has_any(request.user, Action.ASSIGN),
        "relation_form": RelationForm(user=request.user, source=document),
        "attachment_form": AttachmentForm(),
        "nav_section": "documents",
    }
    return render(request, "documents/document_detail.html", context)


def _form_page(request, form, title: str, document: Document | None, duplicate: Document | None = None):
    context = {"form": form, "title": title, "document": document, "duplicate": duplicate, "nav_section": "documents"}
    return render(request, "documents/document_form.html", context, status=422 if form.is_bound else 200)


def _changeable(request, pk) -> Document:
    document = get_object_or_404(Document.objects.visible_to(request.user).select_related("issuer_unit"), pk=pk)
    if not operations.can_change(request.user, document):
        raise Http404
    return document


def _save(request, form, perform, title: str, document):
    """Run `perform` on a valid form; a duplicate, invalid or forbidden document goes back onto the form."""
    duplicate = None
    if form.is_valid():
        try:
            saved = perform(form.cleaned_data)
        except DuplicateDocument as error:
            duplicate = error.existing
            form.add_error(None, error)
        except ValidationError as error:
            _add_errors(form, error)
        except PermissionDenied:
            form.add_error("issuer_unit", _("You may not register documents of that unit."))
        else:
            return redirect("document_detail", pk=saved.pk)
    return _form_page(request, form, title, document, duplicate)


@require_http_methods(["GET", "POST"])
def document_create(request):
    if not has_any(request.user, Action.CHANGE):
        raise Http404
    # A citation of an unknown document links here with the parsed fields in the query string.
    initial = {name: request.GET[name] for name in DOCUMENT_FIELDS if request.GET.get(name)}
    form = DocumentForm(request.POST or None, initial=initial, user=request.user)

    def register(data):
        document = operations.register_document(request.user, **data)
        messages.success(request, _("%(document)s has been registered.") % {"document": document})
        return document

    return _save(request, form, register, _("Register a document"), None)


@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = _changeable(request, pk)
    initial = {name: getattr(document, name) for name in DOCUMENT_FIELDS}
    initial["state"] = audit.state_token(document)
    form = DocumentEditForm(request.POST or None, initial=initial, user=request.user)

    def update(data):
        data = dict(data)
        state = data.pop("state") or None
        operations.update_document(request.user, document, expected_state=state, **data)
        messages.success(request, _("The document has been saved."))
        return document

    return _save(request, form, update, _("Edit the document"), document)


@require_http_methods(["POST"])
def relation_add(request, pk):
    document = _changeable(request, pk)
    form = RelationForm(request.POST, user=request.user, source=document)
    if form.is_valid():
        try:
            operations.relate_documents(request.user, document, form.cleaned_data["kind"], form.cleaned_data["target"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The relation has been recorded."))
            return redirect("document_detail", pk=document.pk)
    context = {"form": form, "document": document, "nav_section": "documents", "title": _("Add a relation")}
    return render(request, "documents/document_subform.html", context, status=422)


@require_http_methods(["POST"])
def attachment_upload(request, pk):
    document = _changeable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = operations.attach_file(request.user, document, form.cleaned_data["file"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if attachment.has_text:
                messages.success(request, _("The file has been attached and its text is searchable."))
            else:
                messages.warning(request, _("The file has been attached, but its text could not be extracted."))
            return redirect("document_detail", pk=document.pk)
    context = {"form": form, "document": document, "nav_section": "documents", "title": _("Attach a file")}
    return render(request, "documents/document_subform.html", context, status=422)


def attachment_download(request, pk, attachment_pk):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    attachment = get_object_or_404(Attachment.objects.filter(document=document), pk=attachment_pk)
    content_type = CONTENT_TYPES[attachment.kind]
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
