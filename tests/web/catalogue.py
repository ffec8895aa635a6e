"""Catalogue items for the catalogue pages' tests: a shared-folder access request whose folder path
is asked only for a shared folder, with a field of every type; texts in four languages."""

from moked.catalog.request_forms import check_form
from moked.servicerequests.models import CatalogItem, RequestForm


def texts(en: str, fi: str = "", he: str = "", fa: str = "") -> dict:
    return {language: text for language, text in (("en", en), ("fi", fi), ("he", he), ("fa", fa)) if text}


ACCESS_FIELDS = [
    {
        "key": "access_type",
        "type": "choice",
        "required": True,
        "label": texts("Access to", "Käyttöoikeus kohteeseen", "גישה אל", "دسترسی به"),
        "help": texts(
            "What you need to open.", "Mitä tarvitset.", "למה נדרשת גישה.", "به چه چیزی نیاز دارید."
        ),
        "choices": [
            {
                "value": "shared_folder",
                "label": texts("Shared folder", "Jaettu kansio", "תיקייה משותפת", "پوشهٔ مشترک"),
            },
            {
                "value": "mailbox",
                "label": texts(
                    "Shared mailbox", "Jaettu postilaatikko", "תיבת דואר משותפת", "صندوق پست مشترک"
                ),
            },
        ],
    },
    {
        "key": "folder_path",
        "type": "text",
        "required": True,
        "label": texts("Folder path", "Kansion polku", "נתיב התיקייה", "مسیر پوشه"),
        "show_when": [{"field": "access_type", "operator": "is", "value": "shared_folder"}],
    },
    {
        "key": "mailbox",
        "type": "email",
        "label": texts("Mailbox address", "Postilaatikon osoite", "כתובת התיבה", "نشانی صندوق"),
        "show_when": [{"field": "access_type", "operator": "is", "value": "mailbox"}],
    },
    {"key": "reason", "type": "long_text", "label": texts("Why", "Miksi", "למה", "چرا")},
    {
        "key": "needed_by",
        "type": "date",
        "label": texts("Needed by", "Tarvitaan viimeistään", "נדרש עד", "تا تاریخ"),
    },
    {
        "key": "people",
        "type": "number",
        "label": texts("How many people", "Kuinka monta henkilöä", "כמה אנשים", "چند نفر"),
        "min": 1,
        "max": 10,
    },
    {
        "key": "rights",
        "type": "multiple_choice",
        "label": texts("Rights", "Oikeudet", "הרשאות", "مجوزها"),
        "choices": [
            {"value": "read", "label": texts("Read", "Luku", "קריאה", "خواندن")},
            {"value": "write", "label": texts("Write", "Kirjoitus", "כתיבה", "نوشتن")},
        ],
    },
    {"key": "urgent", "type": "yes_no", "label": texts("Urgent", "Kiireellinen", "דחוף", "فوری")},
    {"key": "colleague", "type": "person", "label": texts("Same as", "Samat kuin", "כמו של", "مانند")},
    {
        "key": "approval",
        "type": "attachment",
        "label": texts("Approval letter", "Hyväksyntä", "מכתב אישור", "نامهٔ تأیید"),
    },
]


def make_item(
    organisation=None, *, code="shared-folder-access", fields=None, category=None, **extra
) -> CatalogItem:
    """An active item with its first form version (checked as the product stores forms)."""
    item = CatalogItem.objects.create(
        organisation=organisation,
        code=code,
        name=extra.pop(
            "name",
            texts(
                "Shared folder access",
                "Pääsy jaettuun kansioon",
                "גישה לתיקייה משותפת",
                "دسترسی به پوشهٔ مشترک",
            ),
        ),
        description=extra.pop(
            "description",
            texts("Access to a shared folder or mailbox.", "Pääsy jaettuun kansioon tai postilaatikkoon."),
        ),
        icon=extra.pop("icon", "folder"),
        delivery_days=extra.pop("delivery_days", 2),
        category=category,
        **extra,
    )
    RequestForm.objects.create(
        item=item, version=1, fields=check_form(ACCESS_FIELDS if fields is None else fields)
    )
    return item
