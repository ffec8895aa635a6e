"""What the demo's service catalogue is made of: each client's reporting lines and groups, and
five catalogue items (password reset, account unlock, multi-factor sign-in, shared-folder access,
a new starter's laptop) with their forms, approval chains and fulfilment plans, in four languages.

Texts are data here, per language ({"en": ..., "he": ..., "fa": ..., "fi": ...}), not gettext:
they are what an admin would type into the catalogue.
"""

from collections.abc import Callable
from dataclasses import dataclass

# The connector fulfilment plans name (moked.fulfilment.plans: "connector": "<code>").
DIRECTORY = "directory"

# Who reports to whom, by a client's person index in content.NAMES (0 is the client manager,
# `<code>.manager`; 1 the end user `<code>.user`): the managing director (2) leads the heads of
# IT and administration (0, the client manager), finance (3) and operations (4), who lead the rest.
# The director is a client manager too (catalogue.py says why).
DIRECTOR = 2
MANAGER_OF = {
    0: DIRECTOR,
    3: DIRECTOR,
    4: DIRECTOR,
    1: 0,
    5: 0,
    6: 0,
    7: 3,
    8: 3,
    9: 3,
    10: 4,
    11: 4,
    12: 4,
    13: 4,
}

# A client's groups: key → (name per language of the client, members by person index).
CLIENT_GROUPS = {
    "managers": (
        {"he": "מנהלים", "fa": "مدیران", "fi": "Esihenkilöt", "en": "Managers"},
        (DIRECTOR, 0, 3, 4),
    ),
    "finance": ({"he": "כספים", "fa": "مالی", "fi": "Talous", "en": "Finance"}, (3, 7, 8, 9)),
    "it_admins": (
        {"he": "מנהלי מערכות", "fa": "راهبران سیستم", "fi": "IT-pääkäyttäjät", "en": "IT admins"},
        (0, 5, 6),
    ),
    "operations": (
        {"he": "תפעול", "fa": "عملیات", "fi": "Käyttö ja kunnossapito", "en": "Operations"},
        (4, 10, 11, 12, 13),
    ),
}


@dataclass(frozen=True)
class Directory:
    """A client's directory: where its accounts and groups are (under `base`), its file server,
    its shared folders ((group cn, English name, name in the client's language)) and its
    distribution lists ((group cn, address, English name, name in the client's language)). A folder
    or a list is a group of the directory; a choice's value is the group's name (cn), which the
    LDAP connector finds under ou=groups."""

    base: str
    file_server: str
    language: str
    folders: tuple[tuple[str, str, str], ...]
    lists: tuple[tuple[str, str, str, str], ...]

    def folder_choices(self) -> list[dict]:
        """Each folder as a choice whose value is its group, labelled with its path."""
        choices = []
        for cn, english, local in self.folders:
            path = f"\\\\{self.file_server}\\{local}"
            label = (
                {"en": path} if self.language == "en" else {self.language: path, "en": f"{english} ({path})"}
            )
            choices.append({"value": cn, "label": label})
        return choices

    def list_choices(self) -> list[dict]:
        """Each list as a choice whose value is its group, labelled with its address."""
        return [
            {
                "value": cn,
                "label": {self.language: f"{local} <{address}>", "en": f"{english} <{address}>"},
            }
            for cn, address, english, local in self.lists
        ]


DIRECTORIES = {
    "GALIL": Directory(
        "dc=galil-logistics,dc=co,dc=il",
        "galil-fs01",
        "he",
        (
            ("fs-finance", "Finance", "כספים"),
            ("fs-hr", "Human resources", "משאבי אנוש"),
            ("fs-marketing", "Marketing", "שיווק"),
            ("fs-warehouse", "Warehouse operations", "תפעול מחסן"),
        ),
        (
            ("dl-all-staff", "all@galil-logistics.co.il", "All staff", "כל העובדים"),
            ("dl-shift-leads", "shifts@galil-logistics.co.il", "Shift leads", "ראשי משמרות"),
        ),
    ),
    "PARS": Directory(
        "dc=parsdaru,dc=ir",
        "pars-fs01",
        "fa",
        (
            ("fs-finance", "Finance", "مالی"),
            ("fs-hr", "Human resources", "منابع انسانی"),
            ("fs-quality", "Quality control", "کنترل کیفیت"),
            ("fs-warehouse", "Pharmacy warehouse", "انبار دارو"),
        ),
        (
            ("dl-all-staff", "all@parsdaru.ir", "All staff", "همه کارکنان"),
            ("dl-lab", "lab@parsdaru.ir", "Laboratory", "آزمایشگاه"),
        ),
    ),
    "SISU": Directory(
        "dc=sisuenergia,dc=fi",
        "sisu-fs01",
        "fi",
        (
            ("fs-finance", "Finance", "Talous"),
            ("fs-hr", "Human resources", "Henkilöstö"),
            ("fs-maintenance", "Maintenance", "Kunnossapito"),
            ("fs-projects", "Projects", "Projektit"),
        ),
        (
            ("dl-all-staff", "kaikki@sisuenergia.fi", "All staff", "Koko henkilöstö"),
            ("dl-control-room", "valvomo@sisuenergia.fi", "Control room", "Valvomo"),
        ),
    ),
    "NWR": Directory(
        "dc=northwind-retail,dc=co,dc=uk",
        "nwr-fs01",
        "en",
        (
            ("fs-finance", "Finance", "Finance"),
            ("fs-hr", "Human resources", "HR"),
            ("fs-marketing", "Marketing", "Marketing"),
            ("fs-stores", "Store operations", "Stores"),
        ),
        (
            ("dl-all-staff", "all@northwind-retail.co.uk", "All staff", "All staff"),
            ("dl-store-managers", "stores@northwind-retail.co.uk", "Store managers", "Store managers"),
        ),
    ),
}


# --- texts shared by the forms ----------------------------------------------------------------------

ACCOUNT_FIELD = {
    "key": "account",
    "type": "text",
    "required": True,
    "max_length": 64,
    "label": {"en": "Account name", "he": "שם משתמש", "fa": "نام کاربری", "fi": "Käyttäjätunnus"},
    "help": {
        "en": "The name you sign in with, such as first.last.",
        "he": "השם שבו נכנסים למערכת, למשל first.last.",
        "fa": "نامی که با آن وارد سیستم می‌شوید، مثلاً first.last.",
        "fi": "Tunnus, jolla kirjaudut, esimerkiksi etunimi.sukunimi.",
    },
}

MANAGER_STEP_NAME = {
    "en": "Manager's approval",
    "he": "אישור המנהל",
    "fa": "تأیید مدیر",
    "fi": "Esihenkilön hyväksyntä",
}
CLIENT_MANAGERS_STEP_NAME = {
    "en": "Client managers' approval",
    "he": "אישור מנהלי ארגון הלקוח",
    "fa": "تأیید مدیران سازمان مشتری",
    "fi": "Asiakkaan esihenkilöiden hyväksyntä",
}


@dataclass(frozen=True)
class ItemSpec:
    """One catalogue item of every demo client. `service` is a key of content.SERVICES,
    `category` "Parent/Child" of content.CATEGORIES, `fulfilment_group` and the plan's task groups
    names of content.GROUPS, `audience_groups` keys of CLIENT_GROUPS."""

    code: str
    service: str
    category: str
    icon: str
    delivery_days: int
    audience: str
    fulfilment_group: str
    name: dict[str, str]
    description: dict[str, str]
    form: Callable[[Directory], list[dict]]  # the form's fields, for the client's directory
    chain: Callable[[], list[dict]]  # the approval steps; none: nothing to approve
    plan: Callable[[dict[str, int]], dict]  # the fulfilment plan, given the support groups' ids
    audience_groups: tuple[str, ...] = ()


# --- forms (as moked.catalog.request_forms.check_form takes them) ---------------------------------------


def password_reset_form(directory: Directory) -> list[dict]:
    return [
        ACCOUNT_FIELD,
        {
            "key": "confirm",
            "type": "yes_no",
            "required": True,
            "label": {
                "en": "I understand my current password will stop working",
                "he": "ידוע לי שהסיסמה הנוכחית תפסיק לעבוד",
                "fa": "می‌دانم که رمز عبور فعلی‌ام دیگر کار نخواهد کرد",
                "fi": "Ymmärrän, että nykyinen salasanani lakkaa toimimasta",
            },
            "help": {
                "en": "The temporary password reaches you through a one-time link, never in the request.",
                "he": "הסיסמה הזמנית מגיעה אליך בקישור חד-פעמי, לעולם לא בתוך הפנייה.",
                "fa": "رمز موقت فقط از طریق پیوندی یک‌بارمصرف به دست شما می‌رسد، هرگز در متن درخواست.",
                "fi": "Väliaikainen salasana toimitetaan kertakäyttöisellä linkillä, ei koskaan pyynnössä.",
            },
        },
    ]


def account_unlock_form(directory: Directory) -> list[dict]:
    return [
        ACCOUNT_FIELD,
        {
            "key": "what_happened",
            "type": "long_text",
            "max_length": 2000,
            "label": {"en": "What happened", "he": "מה קרה", "fa": "چه اتفاقی افتاد", "fi": "Mitä tapahtui"},
            "help": {
                "en": "Where you were signing in when the account locked, if you know.",
                "he": "היכן ניסית להתחבר כשהחשבון ננעל, אם ידוע לך.",
                "fa": "اگر می‌دانید، هنگام قفل شدن حساب در کجا وارد می‌شدید.",
                "fi": "Mihin olit kirjautumassa, kun tunnus lukittui, jos tiedät.",
            },
        },
    ]


def mfa_form(directory: Directory) -> list[dict]:
    enrol = [{"field": "request", "operator": "is", "value": "enrol"}]
    return [
        {
            "key": "request",
            "type": "choice",
            "required": True,
            "label": {
                "en": "What do you need?",
                "he": "מה נדרש?",
                "fa": "چه چیزی لازم دارید؟",
                "fi": "Mitä tarvitset?",
            },
            "choices": [
                {
                    "value": "reset",
                    "label": {
                        "en": "A reset: my authenticator no longer works",
                        "he": "איפוס: אפליקציית האימות כבר לא עובדת",
                        "fa": "بازنشانی: برنامه احراز هویت دیگر کار نمی‌کند",
                        "fi": "Nollaus: todennussovellus ei enää toimi",
                    },
                },
                {
                    "value": "enrol",
                    "label": {
                        "en": "Enrol a new device",
                        "he": "רישום מכשיר חדש",
                        "fa": "ثبت دستگاه جدید",
                        "fi": "Uuden laitteen käyttöönotto",
                    },
                },
            ],
        },
        {
            "key": "device",
            "type": "text",
            "required": True,
            "max_length": 100,
            "show_when": enrol,
            "label": {"en": "New device", "he": "המכשיר החדש", "fa": "دستگاه جدید", "fi": "Uusi laite"},
            "help": {
                "en": "Its make and model, such as iPhone 15.",
                "he": "יצרן ודגם, למשל iPhone 15.",
                "fa": "سازنده و مدل آن، مثلاً iPhone 15.",
                "fi": "Valmistaja ja malli, esimerkiksi iPhone 15.",
            },
        },
        {
            "key": "old_device_lost",
            "type": "yes_no",
            "show_when": enrol,
            "label": {
                "en": "Was the old device lost or stolen?",
                "he": "האם המכשיר הישן אבד או נגנב?",
                "fa": "آیا دستگاه قبلی گم یا دزدیده شده است؟",
                "fi": "Katosiko vanha laite tai varastettiinko se?",
            },
        },
    ]


def shared_folder_form(directory: Directory) -> list[dict]:
    """The folder and list answers are directory groups' names (the labels show the folder's
    path or the list's address)."""
    shared = [{"field": "access_type", "operator": "is", "value": "shared_folder"}]
    listed = [{"field": "access_type", "operator": "is", "value": "distribution_list"}]
    return [
        {
            "key": "access_type",
            "type": "choice",
            "required": True,
            "label": {"en": "Access to", "he": "גישה אל", "fa": "دسترسی به", "fi": "Käyttöoikeus kohteeseen"},
            "choices": [
                {
                    "value": "shared_folder",
                    "label": {
                        "en": "A shared folder",
                        "he": "תיקייה משותפת",
                        "fa": "پوشه اشتراکی",
                        "fi": "Jaettu kansio",
                    },
                },
                {
                    "value": "distribution_list",
                    "label": {
                        "en": "A distribution list",
                        "he": "רשימת תפוצה",
                        "fa": "فهرست توزیع ایمیل",
                        "fi": "Sähköpostin jakeluryhmä",
                    },
                },
            ],
        },
        {
            "key": "folder",
            "type": "choice",
            "required": True,
            "show_when": shared,
            "label": {"en": "Folder", "he": "תיקייה", "fa": "پوشه", "fi": "Kansio"},
            "choices": directory.folder_choices(),
        },
        {
            "key": "access_level",
            "type": "choice",
            "required": True,
            "show_when": shared,
            "label": {"en": "Access", "he": "הרשאה", "fa": "سطح دسترسی", "fi": "Oikeus"},
            "choices": [
                {
                    "value": "read",
                    "label": {"en": "Read only", "he": "קריאה בלבד", "fa": "فقط خواندن", "fi": "Vain luku"},
                },
                {
                    "value": "write",
                    "label": {
                        "en": "Read and write",
                        "he": "קריאה וכתיבה",
                        "fa": "خواندن و نوشتن",
                        "fi": "Luku ja kirjoitus",
                    },
                },
            ],
        },
        {
            "key": "distribution_list",
            "type": "choice",
            "required": True,
            "show_when": listed,
            "label": {
                "en": "Distribution list",
                "he": "רשימת תפוצה",
                "fa": "فهرست توزیع",
                "fi": "Jakeluryhmä",
            },
            "choices": directory.list_choices(),
        },
        {
            "key": "justification",
            "type": "long_text",
            "required": True,
            "max_length": 2000,
            "label": {
                "en": "Why is it needed?",
                "he": "למה זה נדרש?",
                "fa": "چرا لازم است؟",
                "fi": "Miksi tarvitset sen?",
            },
            "help": {
                "en": "Your manager reads this when approving.",
                "he": "המנהל שלך קורא זאת לפני האישור.",
                "fa": "مدیر شما هنگام تأیید این را می‌خواند.",
                "fi": "Esihenkilösi lukee tämän hyväksyessään.",
            },
        },
    ]


def laptop_form(directory: Directory) -> list[dict]:
    return [
        {
            "key": "new_starter",
            "type": "person",
            "required": True,
            "label": {"en": "New starter", "he": "העובד החדש", "fa": "همکار جدید", "fi": "Uusi työntekijä"},
            "help": {
                "en": "They appear here once HR has added them.",
                "he": "העובד מופיע כאן לאחר שמשאבי אנוש הוסיפו אותו.",
                "fa": "پس از ثبت توسط منابع انسانی، در این‌جا نمایش داده می‌شود.",
                "fi": "Näkyy tässä, kun henkilöstöhallinto on lisännyt hänet.",
            },
        },
        {
            "key": "start_date",
            "type": "date",
            "required": True,
            "label": {
                "en": "First working day",
                "he": "יום העבודה הראשון",
                "fa": "نخستین روز کاری",
                "fi": "Ensimmäinen työpäivä",
            },
            "help": {
                "en": "Order at least five working days ahead.",
                "he": "יש להזמין לפחות חמישה ימי עבודה מראש.",
                "fa": "دست‌کم پنج روز کاری زودتر سفارش دهید.",
                "fi": "Tilaa vähintään viisi työpäivää etukäteen.",
            },
        },
        {
            "key": "model",
            "type": "choice",
            "required": True,
            "label": {"en": "Model", "he": "דגם", "fa": "مدل", "fi": "Malli"},
            "choices": [
                {
                    "value": "standard",
                    "label": {
                        "en": "Standard 14-inch (office work)",
                        "he": "סטנדרטי 14 אינץ' (עבודה משרדית)",
                        "fa": "استاندارد ۱۴ اینچ (کار اداری)",
                        "fi": "Perusmalli 14 tuumaa (toimistotyö)",
                    },
                },
                {
                    "value": "light",
                    "label": {
                        "en": "Light 13-inch (travels often)",
                        "he": "קל 13 אינץ' (למי שנוסע הרבה)",
                        "fa": "سبک ۱۳ اینچ (سفرهای کاری زیاد)",
                        "fi": "Kevyt 13 tuumaa (matkustaa paljon)",
                    },
                },
                {
                    "value": "performance",
                    "label": {
                        "en": "Performance 16-inch (engineering, data)",
                        "he": "עוצמתי 16 אינץ' (הנדסה, נתונים)",
                        "fa": "پرقدرت ۱۶ اینچ (مهندسی، داده)",
                        "fi": "Tehokas 16 tuumaa (suunnittelu, data)",
                    },
                },
            ],
        },
        {
            "key": "accessories",
            "type": "multiple_choice",
            "label": {"en": "Accessories", "he": "אביזרים", "fa": "لوازم جانبی", "fi": "Lisävarusteet"},
            "choices": [
                {
                    "value": "dock",
                    "label": {"en": "Docking station", "he": "תחנת עגינה", "fa": "داک", "fi": "Telakka"},
                },
                {
                    "value": "monitor",
                    "label": {
                        "en": "Second monitor",
                        "he": "מסך נוסף",
                        "fa": "نمایشگر دوم",
                        "fi": "Toinen näyttö",
                    },
                },
                {
                    "value": "headset",
                    "label": {
                        "en": "Headset",
                        "he": "אוזניות עם מיקרופון",
                        "fa": "هدست",
                        "fi": "Kuulokemikrofoni",
                    },
                },
                {
                    "value": "keyboard_mouse",
                    "label": {
                        "en": "Keyboard and mouse",
                        "he": "מקלדת ועכבר",
                        "fa": "صفحه‌کلید و ماوس",
                        "fi": "Näppäimistö ja hiiri",
                    },
                },
                {
                    "value": "bag",
                    "label": {
                        "en": "Laptop bag",
                        "he": "תיק למחשב",
                        "fa": "کیف لپ‌تاپ",
                        "fi": "Tietokonelaukku",
                    },
                },
            ],
        },
        {
            "key": "equipment_form",
            "type": "attachment",
            "label": {
                "en": "Signed equipment form",
                "he": "טופס ציוד חתום",
                "fa": "فرم امضاشده تحویل تجهیزات",
                "fi": "Allekirjoitettu laitelomake",
            },
            "help": {
                "en": "If your department uses one.",
                "he": "אם המחלקה שלך משתמשת בטופס כזה.",
                "fa": "اگر واحد شما از آن استفاده می‌کند.",
                "fi": "Jos osastollasi on sellainen käytössä.",
            },
        },
    ]


# --- approval chains (moked.approvals.chains) ------------------------------------------------------


def no_approval() -> list[dict]:
    return []


def shared_folder_chain() -> list[dict]:
    return [
        {
            "name": MANAGER_STEP_NAME,
            "approvers": [{"kind": "manager"}],
            "rule": "any",
            "count": 1,
            "remind_after_hours": 4,
            "expire_after_hours": 16,
            "on_expiry": "reject",
        }
    ]


def laptop_chain() -> list[dict]:
    return [
        {
            "name": MANAGER_STEP_NAME,
            "approvers": [{"kind": "manager"}],
            "rule": "any",
            "count": 1,
            "remind_after_hours": 8,
            "expire_after_hours": 24,
            "on_expiry": "escalate",
        },
        {
            "name": CLIENT_MANAGERS_STEP_NAME,
            "approvers": [{"kind": "client_managers"}],
            "rule": "any",
            "count": 1,
            "remind_after_hours": 8,
            "expire_after_hours": 40,
            "on_expiry": "reject",
        },
    ]


# --- fulfilment plans (moked.fulfilment.plans); `groups` maps content.GROUPS names to ids ---------------


def _action(action: str, **fields: str) -> dict:
    return {"connector": DIRECTORY, "action": action, "user": "requested_for", **fields}


def password_reset_plan(groups: dict[str, int]) -> dict:
    return {"tasks": [], "actions": [_action("reset_password")]}


def account_unlock_plan(groups: dict[str, int]) -> dict:
    return {"tasks": [], "actions": [_action("unlock")]}


def mfa_plan(groups: dict[str, int]) -> dict:
    return {"tasks": [], "actions": [_action("reset_mfa")]}


def shared_folder_plan(groups: dict[str, int]) -> dict:
    """Adds the person to the folder's group, then the Service Desk checks the access. A list
    is the mail system's, so the desk adds the person to it by hand: fulfilment plans run every
    action whatever the answers, and the folder's action, which finds no folder answer in a
    request for a list, waits for an agent with that error."""
    return {
        "tasks": [
            {
                "title": {
                    "en": "Check the access granted",
                    "he": "בדיקת ההרשאה שניתנה",
                    "fa": "بررسی دسترسی داده‌شده",
                    "fi": "Tarkista myönnetty käyttöoikeus",
                },
                "checklist": [
                    {
                        "en": "The person is in the group and opens the folder, or gets the list's mail",
                        "he": "האדם נמצא בקבוצה ופותח את התיקייה, או מקבל את הדואר של הרשימה",
                        "fa": "فرد عضو گروه است و پوشه را باز می‌کند، یا ایمیل‌های فهرست را دریافت می‌کند",
                        "fi": "Henkilö on ryhmässä ja avaa kansion tai saa listan viestit",
                    },
                    {
                        "en": "For a distribution list, add the person to it in the mail system",
                        "he": "לרשימת תפוצה: לצרף את האדם לרשימה במערכת הדואר",
                        "fa": "برای فهرست توزیع، فرد را در سامانه ایمیل به فهرست اضافه کنید",
                        "fi": "Jakeluryhmää varten lisää henkilö ryhmään sähköpostijärjestelmässä",
                    },
                    {
                        "en": "For read and write, give write permission on the folder",
                        "he": "אם התבקשו קריאה וכתיבה, לתת הרשאת כתיבה לתיקייה",
                        "fa": "اگر خواندن و نوشتن درخواست شده، مجوز نوشتن روی پوشه را بدهید",
                        "fi": "Jos pyydettiin luku ja kirjoitus, anna kirjoitusoikeus kansioon",
                    },
                    {
                        "en": "Tell the requester",
                        "he": "לעדכן את המבקש",
                        "fa": "به درخواست‌کننده اطلاع دهید",
                        "fi": "Ilmoita pyytäjälle",
                    },
                ],
                "group": groups["Service Desk"],
                "stage": 1,
            }
        ],
        "actions": [
            _action("add_to_group", group="answer:folder"),
        ],
    }


def laptop_plan(groups: dict[str, int]) -> dict:
    """Ordering the hardware and preparing the accounts at once, then setting it up and handing it
    over."""
    return {
        "tasks": [
            {
                "title": {
                    "en": "Order the laptop and accessories",
                    "he": "הזמנת המחשב והאביזרים",
                    "fa": "سفارش لپ‌تاپ و لوازم جانبی",
                    "fi": "Tilaa kannettava ja lisävarusteet",
                },
                "checklist": [
                    {
                        "en": "Order the model chosen",
                        "he": "להזמין את הדגם שנבחר",
                        "fa": "مدل انتخاب‌شده را سفارش دهید",
                        "fi": "Tilaa valittu malli",
                    },
                    {
                        "en": "Order the accessories chosen",
                        "he": "להזמין את האביזרים שנבחרו",
                        "fa": "لوازم جانبی انتخاب‌شده را سفارش دهید",
                        "fi": "Tilaa valitut lisävarusteet",
                    },
                    {
                        "en": "Record the asset tag",
                        "he": "לרשום את מספר הנכס",
                        "fa": "شماره اموال را ثبت کنید",
                        "fi": "Kirjaa laitteen inventaarionumero",
                    },
                ],
                "group": groups["Desktop Support"],
                "stage": 1,
            },
            {
                "title": {
                    "en": "Prepare the accounts",
                    "he": "הכנת החשבונות",
                    "fa": "آماده‌سازی حساب‌ها",
                    "fi": "Valmistele tunnukset",
                },
                "checklist": [
                    {
                        "en": "Create the directory account and the mailbox",
                        "he": "ליצור חשבון משתמש ותיבת דואר",
                        "fa": "حساب کاربری و صندوق پست را ایجاد کنید",
                        "fi": "Luo käyttäjätunnus ja postilaatikko",
                    },
                    {
                        "en": "Add the account to the department's groups",
                        "he": "לצרף את החשבון לקבוצות של המחלקה",
                        "fa": "حساب را به گروه‌های واحد اضافه کنید",
                        "fi": "Lisää tunnus osaston ryhmiin",
                    },
                ],
                "group": groups["Identity & Access"],
                "stage": 1,
            },
            {
                "title": {
                    "en": "Set up and deliver",
                    "he": "התקנה ומסירה",
                    "fa": "راه‌اندازی و تحویل",
                    "fi": "Asenna ja luovuta",
                },
                "checklist": [
                    {
                        "en": "Install the standard software and disk encryption",
                        "he": "להתקין את התוכנות הסטנדרטיות ואת הצפנת הדיסק",
                        "fa": "نرم‌افزارهای استاندارد و رمزگذاری دیسک را نصب کنید",
                        "fi": "Asenna vakio-ohjelmistot ja levyn salaus",
                    },
                    {
                        "en": "Enrol the laptop in device management",
                        "he": "לרשום את המחשב במערכת ניהול המכשירים",
                        "fa": "لپ‌تاپ را در سامانه مدیریت دستگاه‌ها ثبت کنید",
                        "fi": "Rekisteröi kone laitehallintaan",
                    },
                    {
                        "en": "Hand it over on the first working day",
                        "he": "למסור את המחשב ביום העבודה הראשון",
                        "fa": "در نخستین روز کاری تحویل دهید",
                        "fi": "Luovuta kone ensimmäisenä työpäivänä",
                    },
                ],
                "group": groups["Desktop Support"],
                "stage": 2,
            },
        ],
        "actions": [],
    }


# --- the items ---------------------------------------------------------------------------------------

PASSWORD_RESET = ItemSpec(
    "password-reset",
    "identity",
    "Access/Password",
    "key",
    1,
    "everyone",
    "Service Desk",
    {"en": "Password reset", "he": "איפוס סיסמה", "fa": "بازنشانی رمز عبور", "fi": "Salasanan nollaus"},
    {
        "en": "Forgot your password, or has it expired? You get a temporary one through a one-time link "
        "and choose your own at the next sign-in.",
        "he": "שכחת את הסיסמה או שפג תוקפה? תקבלו סיסמה זמנית בקישור חד-פעמי ותבחרו סיסמה משלכם בכניסה הבאה.",
        "fa": "رمز عبور را فراموش کرده‌اید یا منقضی شده است؟ یک رمز موقت از طریق پیوندی یک‌بارمصرف "
        "دریافت می‌کنید و در ورود بعدی رمز خودتان را انتخاب می‌کنید.",
        "fi": "Unohtuiko salasana tai vanheniko se? Saat väliaikaisen salasanan kertakäyttöisellä "
        "linkillä ja valitset oman seuraavalla kirjautumisella.",
    },
    form=password_reset_form,
    chain=no_approval,
    plan=password_reset_plan,
)
ACCOUNT_UNLOCK = ItemSpec(
    "account-unlock",
    "identity",
    "Access/Password",
    "lock-open",
    1,
    "everyone",
    "Service Desk",
    {
        "en": "Account unlock",
        "he": "שחרור חשבון נעול",
        "fa": "باز کردن قفل حساب کاربری",
        "fi": "Tunnuksen lukituksen avaus",
    },
    {
        "en": "Locked out after too many attempts? We unlock your account; your password stays the same.",
        "he": "החשבון ננעל אחרי יותר מדי ניסיונות? נשחרר את הנעילה, והסיסמה נשארת כפי שהיא.",
        "fa": "حساب شما پس از تلاش‌های ناموفق زیاد قفل شده است؟ قفل آن را باز می‌کنیم و رمز عبور "
        "شما تغییر نمی‌کند.",
        "fi": "Lukittuiko tunnus liian monen yrityksen jälkeen? Avaamme lukituksen; salasanasi pysyy "
        "ennallaan.",
    },
    form=account_unlock_form,
    chain=no_approval,
    plan=account_unlock_plan,
)
MFA = ItemSpec(
    "mfa",
    "identity",
    "Access/MFA",
    "shield",
    1,
    "everyone",
    "Service Desk",
    {
        "en": "Multi-factor sign-in",
        "he": "אימות דו-שלבי",
        "fa": "ورود دومرحله‌ای",
        "fi": "Monivaiheinen tunnistautuminen",
    },
    {
        "en": "Reset your multi-factor sign-in, or move it to a new phone: you enrol again at your next "
        "sign-in.",
        "he": "איפוס האימות הדו-שלבי או העברתו לטלפון חדש: בכניסה הבאה נרשמים אליו מחדש.",
        "fa": "بازنشانی ورود دومرحله‌ای یا انتقال آن به تلفن جدید: در ورود بعدی دوباره ثبت‌نام می‌کنید.",
        "fi": "Nollaa monivaiheinen tunnistautuminen tai siirrä se uuteen puhelimeen: otat sen uudelleen "
        "käyttöön seuraavalla kirjautumisella.",
    },
    form=mfa_form,
    chain=no_approval,
    plan=mfa_plan,
)
SHARED_FOLDER = ItemSpec(
    "shared-folder-access",
    "identity",
    "Access/Permissions",
    "folder",
    2,
    "everyone",
    "Identity & Access",
    {
        "en": "Shared folder access",
        "he": "הרשאה לתיקייה משותפת",
        "fa": "دسترسی به پوشه اشتراکی",
        "fi": "Jaetun kansion käyttöoikeus",
    },
    {
        "en": "Access to a department's shared folder, or membership of a distribution list. Your "
        "manager approves it.",
        "he": "גישה לתיקייה המשותפת של מחלקה, או צירוף לרשימת תפוצה. המנהל שלך מאשר את הבקשה.",
        "fa": "دسترسی به پوشه اشتراکی یک واحد، یا عضویت در یک فهرست توزیع ایمیل. مدیر شما آن را تأیید می‌کند.",
        "fi": "Pääsy osaston jaettuun kansioon tai jäsenyys sähköpostin jakeluryhmässä. Esihenkilösi "
        "hyväksyy pyynnön.",
    },
    form=shared_folder_form,
    chain=shared_folder_chain,
    plan=shared_folder_plan,
)
LAPTOP = ItemSpec(
    "new-starter-laptop",
    "workplace",
    "Hardware/Laptop",
    "laptop",
    5,
    "groups",
    "Desktop Support",
    {
        "en": "New starter laptop",
        "he": "מחשב נייד לעובד חדש",
        "fa": "لپ‌تاپ برای همکار جدید",
        "fi": "Kannettava uudelle työntekijälle",
    },
    {
        "en": "A laptop for someone joining: ordered, installed with the standard software and handed "
        "over on their first day. Their manager and the client managers approve it.",
        "he": "מחשב נייד לעובד שמצטרף: מוזמן, מותקן עם התוכנות הסטנדרטיות ונמסר ביום העבודה "
        "הראשון. המנהל הישיר ומנהלי ארגון הלקוח מאשרים את הבקשה.",
        "fa": "یک لپ‌تاپ برای همکار تازه‌وارد: سفارش، نصب نرم‌افزارهای استاندارد و تحویل در نخستین "
        "روز کاری. مدیر مستقیم و مدیران سازمان مشتری آن را تأیید می‌کنند.",
        "fi": "Kannettava uudelle työntekijälle: tilataan, asennetaan vakio-ohjelmistoilla ja "
        "luovutetaan ensimmäisenä työpäivänä. Esihenkilö ja asiakkaan esihenkilöt hyväksyvät sen.",
    },
    audience_groups=("managers",),
    form=laptop_form,
    chain=laptop_chain,
    plan=laptop_plan,
)
ITEMS = (PASSWORD_RESET, ACCOUNT_UNLOCK, MFA, SHARED_FOLDER, LAPTOP)
