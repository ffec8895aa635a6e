"""What the demo organisations, people and tickets are made of: realistic text in four languages."""

from dataclasses import dataclass

PASSWORD = "demo"  # noqa: S105 (documented demo logins, served on 127.0.0.1)


@dataclass(frozen=True)
class OrganisationSpec:
    code: str
    name: str
    language: str
    timezone: str
    country: str
    domain: str
    categories: tuple[str, ...]  # the organisation's own categories, under "Business systems"
    priority_matrix: tuple | None = None


ORGANISATIONS = (
    OrganisationSpec(
        "GALIL",
        "גליל לוגיסטיקה בע״מ",
        "he",
        "Asia/Jerusalem",
        "IL",
        "galil-logistics.co.il",
        ("סורקי מחסן", "מערכת הזמנות"),
    ),
    OrganisationSpec(
        "PARS", "پارس دارو", "fa", "Asia/Tehran", "IR", "parsdaru.ir", ("سامانه آزمایشگاه", "انبار دارو")
    ),
    OrganisationSpec(
        "SISU", "Sisu Energia Oy", "fi", "Europe/Helsinki", "FI", "sisuenergia.fi", ("SCADA", "Kunnossapito")
    ),
    # A client whose contract makes every high-urgency ticket at least P2.
    OrganisationSpec(
        "NWR",
        "Northwind Retail Ltd",
        "en",
        "Europe/London",
        "GB",
        "northwind-retail.co.uk",
        ("Point of sale", "Web shop"),
        priority_matrix=((1, 1, 2), (2, 2, 3), (2, 3, 4)),
    ),
)

# (username, name, role, tier, organisations served or None for all, e-mail)
STAFF = (
    ("admin", "Maya Ben-David", "admin", None, None),
    ("noa", "Noa Shalev", "team_lead", 2, None),
    ("mikko", "Mikko Lahtinen", "team_lead", 3, None),
    ("dana", "Dana Mizrahi", "agent", 1, ("GALIL", "NWR")),
    ("reza", "Reza Tehrani", "agent", 1, ("PARS", "NWR")),
    ("aino", "Aino Lehto", "agent", 1, ("SISU", "NWR")),
    ("omar", "Omar Khoury", "agent", 2, None),
    ("shirin", "Shirin Farahani", "agent", 2, ("PARS", "SISU", "NWR")),
    ("eitan", "Eitan Gold", "agent", 3, None),
)

# (name, tier, members, leads, what it handles)
GROUPS = (
    ("Service Desk", 1, ("dana", "reza", "aino", "noa"), ("noa",), "First contact for every client."),
    ("Desktop Support", 2, ("omar", "shirin", "noa"), ("noa",), "Laptops, printers, peripherals, Office."),
    ("Network & VPN", 2, ("omar", "shirin"), ("noa",), "VPN, Wi-Fi, site links."),
    ("Identity & Access", 2, ("shirin", "omar"), ("noa",), "Accounts, passwords, MFA, permissions."),
    ("Infrastructure", 3, ("eitan", "mikko"), ("mikko",), "Servers, storage, business systems."),
    ("Security Operations", 3, ("eitan", "mikko"), ("mikko",), "Phishing, malware, incidents."),
)

# Global category tree: parent → children.
CATEGORIES = {
    "Hardware": ("Laptop", "Printer", "Phone", "Peripherals"),
    "Software": ("E-mail", "Office & Teams", "Business application"),
    "Network": ("VPN", "Wi-Fi"),
    "Access": ("Password", "MFA", "Permissions"),
    "Security": ("Phishing", "Malware"),
}

# Services every organisation has: key → (name, criticality, coverage, model, runbook or client team).
SERVICES = {
    "email": (
        "E-mail & calendar",
        "critical",
        "24x7",
        "resolve",
        "Check the service health page first. For one user: re-create the Outlook profile. For many: "
        "escalate to Infrastructure at once and post an outage notice.",
    ),
    "vpn": (
        "Remote access (VPN)",
        "high",
        "24x7",
        "resolve",
        "Confirm the client version, then the user's MFA state. Collect the client log before escalating "
        "to Network & VPN.",
    ),
    "workplace": (
        "Workplace devices",
        "normal",
        "business_hours",
        "resolve",
        "Remote session first; swap the device from stock when a repair takes more than a day.",
    ),
    "printing": (
        "Printing",
        "low",
        "business_hours",
        "resolve",
        "Check the queue on the print server; restart the spooler before sending a technician.",
    ),
    "identity": (
        "Identity & access",
        "high",
        "business_hours",
        "resolve",
        "Verify the caller with two facts from the HR record before any reset.",
    ),
    "erp": ("ERP", "high", "business_hours", "catch_and_dispatch", "ERP application team"),
    "payroll": ("Payroll", "normal", "business_hours", "catch_and_dispatch", "HR systems team"),
}

# SLA policy per priority: (name, first response, next response, resolution in business minutes,
# 24x7 calendar?, escalate breaches to). P1 runs around the clock.
SLA_POLICIES = (
    (1, "P1 critical", 15, 30, 240, True, "Infrastructure"),
    (2, "P2 high", 30, 60, 480, False, "Network & VPN"),
    (3, "P3 medium", 120, 240, 3 * 540, False, None),
    (4, "P4 low", 240, 480, 5 * 540, False, None),
)
SERVICE_MANAGER = "noa"


def mailbox_address(code: str) -> str:
    """Where each demo client's people write to (`moked mailboxes` lists them)."""
    return f"{code.lower()}@support.moked.example"


def client_username(code: str, index: int) -> str:
    """The username of a demo client's person `index` of NAMES: 0 is its client manager, 1 its
    documented end user, the others numbered."""
    prefix = code.lower()
    return (
        f"{prefix}.manager" if index == 0 else f"{prefix}.user" if index == 1 else f"{prefix}.user{index:02d}"
    )


CATEGORY_GROUP = {
    "Network": "Network & VPN",
    "Access": "Identity & Access",
    "Hardware": "Desktop Support",
    "Software": "Desktop Support",
    "Security": "Security Operations",
    "Business systems": "Infrastructure",
}

# How often the service desk hands a ticket of each category on to the specialists: phishing
# nearly always, a printer seldom. The group a resolved ticket ends in thus follows its words, as
# on a real desk, and the demo's classification models learn it.
ESCALATION_SHARE = {
    "Security": 0.75,
    "Business systems": 0.6,
    "Network": 0.35,
    "Access": 0.2,
    "Hardware": 0.06,
    "Software": 0.06,
}


@dataclass(frozen=True)
class TicketTemplate:
    subject: str
    description: str
    category: str  # "Parent/Child", or "own:N" for the organisation's own category N
    service: str
    impact: int = 3
    urgency: int = 3
    ticket_type: str = "incident"


T = TicketTemplate

TEMPLATES = {
    "he": (
        T(
            "ה-VPN מתנתק כל כמה דקות",
            "מאז הבוקר החיבור ל-VPN מהבית נופל כל 5–10 דקות ואני מאבד את העבודה "
            "במערכת ההזמנות. כבר הפעלתי מחדש את המחשב ואת הראוטר.",
            "Network/VPN",
            "vpn",
            3,
            2,
        ),
        T(
            "Outlook מבקש סיסמה שוב ושוב",
            "החלפתי סיסמה אתמול ומאז Outlook מבקש אותה כל כמה דקות ולא מקבל אותה. בדפדפן הדואר עובד.",
            "Software/E-mail",
            "email",
            3,
            2,
        ),
        T(
            "המדפסת בקומה 2 מדפיסה דפים ריקים",
            "המדפסת ליד חדר הישיבות מוציאה דפים ריקים בלבד. הטונר הוחלף בשבוע שעבר.",
            "Hardware/Printer",
            "printing",
            2,
            3,
        ),
        T(
            "מחשב נייד לעובדת חדשה בכספים",
            "עובדת חדשה מתחילה ביום ראשון במחלקת הכספים. נדרש מחשב נייד עם "
            "Office, VPN וגישה לתיקייה המשותפת של הכספים.",
            "Hardware/Laptop",
            "workplace",
            3,
            2,
            "service_request",
        ),
        T(
            "נחסמתי במערכת ה-ERP",
            "אחרי שלושה ניסיונות כניסה המשתמש שלי במערכת ה-ERP ננעל ואני לא יכול להפיק תעודות משלוח.",
            "Access/Password",
            "erp",
            3,
            1,
        ),
        T(
            "סורקי המחסן לא מתחברים לרשת",
            "כל הסורקים במחסן הצפוני לא מתחברים לרשת האלחוטית מאז 07:00. הליקוט עומד והמשאיות מחכות.",
            "own:0",
            "workplace",
            1,
            1,
        ),
        T(
            "קיבלתי מייל חשוד על עדכון פרטי בנק",
            "הגיע מייל כביכול מהנהלת החשבונות עם קישור לעדכון פרטי חשבון "
            "בנק. לא לחצתי על הקישור. מצרף את הכותרות.",
            "Security/Phishing",
            "email",
            2,
            1,
        ),
        T(
            "הרשאה לתיקייה המשותפת של השיווק",
            "אני צריך הרשאת קריאה וכתיבה לתיקייה המשותפת של מחלקת השיווק. המנהל שלי אישר.",
            "Access/Permissions",
            "identity",
            3,
            3,
            "service_request",
        ),
        T(
            "אין קול בשיחות Teams",
            "בשיחות Teams אף אחד לא שומע אותי, למרות שהמיקרופון עובד בהקלטה.",
            "Software/Office & Teams",
            "workplace",
            3,
            2,
        ),
        T(
            "הגדרת אימות דו-שלבי בטלפון חדש",
            "החלפתי טלפון וצריך להעביר את אפליקציית האימות הדו-שלבי למכשיר החדש.",
            "Access/MFA",
            "identity",
            3,
            2,
            "service_request",
        ),
        T(
            "מערכת ההזמנות איטית מאוד",
            "הפקת חשבונית במערכת ההזמנות לוקחת יותר מדקה. זה קורה לכל הצוות מאז העדכון.",
            "own:1",
            "erp",
            2,
            2,
        ),
        T(
            "המסך השני לא מזוהה בתחנת העגינה",
            "המסך השני לא מזוהה כשהמחשב מחובר לתחנת העגינה. בחיבור ישיר הוא עובד.",
            "Hardware/Peripherals",
            "workplace",
            3,
            3,
        ),
    ),
    "fa": (
        T(
            "اتصال VPN مدام قطع می‌شود",
            "از صبح اتصال VPN از خانه هر چند دقیقه قطع می‌شود و نمی‌توانم به سامانه "
            "انبار وصل شوم. رایانه و مودم را دوباره راه‌اندازی کردم ولی فایده‌ای نداشت.",
            "Network/VPN",
            "vpn",
            3,
            2,
        ),
        T(
            "رمز عبور ایمیل پذیرفته نمی‌شود",
            "دیروز رمز عبورم را عوض کردم و از آن موقع Outlook مدام رمز را می‌خواهد و نمی‌پذیرد.",
            "Software/E-mail",
            "email",
            3,
            2,
        ),
        T(
            "چاپگر طبقه سوم کاغذ گیر می‌کند",
            "چاپگر طبقه سوم در هر چاپ کاغذ گیر می‌کند و پیام خطا نشان می‌دهد.",
            "Hardware/Printer",
            "printing",
            2,
            3,
        ),
        T(
            "لپ‌تاپ برای همکار جدید واحد مالی",
            "همکار جدید واحد مالی از شنبه شروع به کار می‌کند. یک لپ‌تاپ با "
            "Office و VPN و دسترسی به پوشه مالی لازم است.",
            "Hardware/Laptop",
            "workplace",
            3,
            2,
            "service_request",
        ),
        T(
            "سامانه آزمایشگاه نتایج را ذخیره نمی‌کند",
            "نرم‌افزار آزمایشگاه هنگام ذخیره نتایج آزمون خطای پایگاه "
            "داده می‌دهد. کار آزمایشگاه کنترل کیفیت متوقف شده است.",
            "own:0",
            "erp",
            1,
            1,
        ),
        T(
            "ایمیل مشکوک با پیوست فشرده",
            "ایمیلی به نام «مدیریت» با یک فایل فشرده رسیده است. آن را باز نکردم.",
            "Security/Phishing",
            "email",
            2,
            1,
        ),
        T(
            "دسترسی به پوشه مشترک واحد کیفیت",
            "برای گزارش‌های ماهانه به پوشه مشترک واحد کیفیت دسترسی خواندن لازم دارم. مدیرم موافقت کرده است.",
            "Access/Permissions",
            "identity",
            3,
            3,
            "service_request",
        ),
        T(
            "صدای میکروفون در Teams قطع و وصل می‌شود",
            "در جلسات Teams صدای من قطع و وصل می‌شود، ولی در ضبط صدای ویندوز مشکلی نیست.",
            "Software/Office & Teams",
            "workplace",
            3,
            2,
        ),
        T(
            "فعال‌سازی احراز هویت دومرحله‌ای روی گوشی جدید",
            "گوشی‌ام را عوض کرده‌ام و باید برنامه احراز هویت را روی گوشی جدید فعال کنم.",
            "Access/MFA",
            "identity",
            3,
            2,
            "service_request",
        ),
        T(
            "سیستم حقوق هنگام صدور فیش خطا می‌دهد",
            "هنگام صدور فیش حقوقی این ماه سیستم پیغام خطا می‌دهد و فیش‌ها صادر نمی‌شوند.",
            "Software/Business application",
            "payroll",
            2,
            2,
        ),
        T(
            "وای‌فای اتاق جلسات وصل نمی‌شود",
            "لپ‌تاپ‌ها در اتاق جلسات بزرگ به وای‌فای وصل نمی‌شوند. جلسه هیئت مدیره ساعت ۱۰ است.",
            "Network/Wi-Fi",
            "workplace",
            2,
            1,
        ),
        T(
            "کسری موجودی در سامانه انبار دارو",
            "موجودی چند قلم دارو در سامانه انبار با شمارش فیزیکی همخوانی ندارد و ثبت حواله خطا می‌دهد.",
            "own:1",
            "erp",
            2,
            2,
        ),
    ),
    "fi": (
        T(
            "VPN-yhteys katkeaa jatkuvasti",
            "Etäyhteys katkeaa kotoa muutaman minuutin välein aamusta lähtien, "
            "enkä pääse kunnossapitojärjestelmään. Olen jo käynnistänyt koneen ja reitittimen uudelleen.",
            "Network/VPN",
            "vpn",
            3,
            2,
        ),
        T(
            "Outlook kysyy salasanaa koko ajan",
            "Vaihdoin salasanan eilen, ja nyt Outlook pyytää sitä jatkuvasti "
            "eikä hyväksy sitä. Selaimessa posti toimii.",
            "Software/E-mail",
            "email",
            3,
            2,
        ),
        T(
            "Tulostin tulostaa tyhjiä sivuja",
            "Toisen kerroksen tulostin syöttää pelkkiä tyhjiä arkkeja. Väriaine vaihdettiin viime viikolla.",
            "Hardware/Printer",
            "printing",
            2,
            3,
        ),
        T(
            "Kannettava uudelle työntekijälle",
            "Talousosastolle tulee uusi työntekijä maanantaina. Tarvitaan "
            "kannettava, jossa on Office, VPN ja pääsy talouden jaettuun kansioon.",
            "Hardware/Laptop",
            "workplace",
            3,
            2,
            "service_request",
        ),
        T(
            "SCADA-hälytykset eivät näy valvomossa",
            "Valvomon näytöillä ei ole näkynyt hälytyksiä klo 6 jälkeen, "
            "vaikka kenttälaitteet toimivat. Vuoro ei näe häiriöitä.",
            "own:0",
            "erp",
            1,
            1,
        ),
        T(
            "Epäilyttävä sähköposti laskusta",
            "Sain laskulta näyttävän viestin tuntemattomalta lähettäjältä, "
            "jossa on linkki. En avannut linkkiä.",
            "Security/Phishing",
            "email",
            2,
            1,
        ),
        T(
            "Käyttöoikeus laatuyksikön kansioon",
            "Tarvitsen lukuoikeuden laatuyksikön jaettuun kansioon "
            "kuukausiraportteja varten. Esihenkilö on hyväksynyt.",
            "Access/Permissions",
            "identity",
            3,
            3,
            "service_request",
        ),
        T(
            "Teams-puheluissa ei kuulu ääntä",
            "Teams-kokouksissa muut eivät kuule minua, vaikka mikrofoni toimii Windowsin äänityksessä.",
            "Software/Office & Teams",
            "workplace",
            3,
            2,
        ),
        T(
            "Monivaiheinen tunnistautuminen uuteen puhelimeen",
            "Vaihdoin puhelimen ja tarvitsen tunnistautumissovelluksen siirron uuteen laitteeseen.",
            "Access/MFA",
            "identity",
            3,
            2,
            "service_request",
        ),
        T(
            "Palkanlaskentajärjestelmä ei avaudu",
            "Palkanlaskentajärjestelmä antaa virheen kirjautuessa. Palkka-ajo pitäisi tehdä tänään.",
            "Software/Business application",
            "payroll",
            2,
            1,
        ),
        T(
            "Neuvotteluhuoneen langaton verkko ei toimi",
            "Kannettavat eivät yhdisty langattomaan verkkoon isossa neuvotteluhuoneessa.",
            "Network/Wi-Fi",
            "workplace",
            2,
            2,
        ),
        T(
            "Kunnossapitotilaukset eivät tallennu",
            "Kunnossapitojärjestelmä ei tallenna uusia työtilauksia, vaan antaa aikakatkaisuvirheen.",
            "own:1",
            "erp",
            2,
            2,
        ),
    ),
    "en": (
        T(
            "VPN keeps disconnecting",
            "Since this morning the VPN from home drops every few minutes and I lose "
            "my work in the stock system. I already restarted the laptop and the router.",
            "Network/VPN",
            "vpn",
            3,
            2,
        ),
        T(
            "Outlook keeps asking for my password",
            "I changed my password yesterday and since then Outlook asks "
            "for it every few minutes and will not accept it. Webmail works.",
            "Software/E-mail",
            "email",
            3,
            2,
        ),
        T(
            "Printer on floor 2 prints blank pages",
            "The printer next to the meeting room only prints blank pages. The toner was replaced last week.",
            "Hardware/Printer",
            "printing",
            2,
            3,
        ),
        T(
            "Laptop for a new starter in Finance",
            "A new colleague starts in Finance on Monday and needs a "
            "laptop with Office, VPN and access to the Finance share.",
            "Hardware/Laptop",
            "workplace",
            3,
            2,
            "service_request",
        ),
        T(
            "Tills in the Leeds store cannot take card payments",
            "All four tills in the Leeds store decline "
            "card payments with error 0x80070005 since opening. Customers are queueing.",
            "own:0",
            "erp",
            1,
            1,
        ),
        T(
            "Suspicious e-mail asking to confirm bank details",
            "I received an e-mail claiming to be from Accounts "
            "with a link to confirm bank details. I did not click it.",
            "Security/Phishing",
            "email",
            2,
            1,
        ),
        T(
            "Access to the Marketing shared folder",
            "I need read and write access to the Marketing shared folder; my manager has approved it.",
            "Access/Permissions",
            "identity",
            3,
            3,
            "service_request",
        ),
        T(
            "No sound in Teams calls",
            "Nobody can hear me in Teams calls although the microphone works in the Windows recorder.",
            "Software/Office & Teams",
            "workplace",
            3,
            2,
        ),
        T(
            "Set up MFA on a new phone",
            "I have a new phone and need the authenticator app moved to it.",
            "Access/MFA",
            "identity",
            3,
            2,
            "service_request",
        ),
        T(
            "Payroll portal shows the wrong currency",
            "The payroll portal shows my payslip in euros instead of pounds since the weekend update.",
            "Software/Business application",
            "payroll",
            3,
            2,
        ),
        T(
            "Web shop checkout times out",
            "Customers report that the web shop checkout times out after entering "
            "their card details. Orders dropped by half this morning.",
            "own:1",
            "erp",
            1,
            2,
        ),
        T(
            "Docking station does not detect the second screen",
            "The second monitor is not detected through the docking station; connected directly it works.",
            "Hardware/Peripherals",
            "workplace",
            3,
            3,
        ),
    ),
}

# Names of the clients' people, per language.
NAMES = {
    "he": (
        "דנה כהן",
        "יוסי לוי",
        "מיכל אברהם",
        "אבי מזרחי",
        "נועה פרץ",
        "רונית ביטון",
        "עומר דהן",
        "שירה אזולאי",
        "איתי פרידמן",
        "תמר שפירא",
        "אלון גולן",
        "הילה רוזן",
        "משה אוחיון",
        "ליאת כץ",
    ),
    "fa": (
        "سارا احمدی",
        "رضا کریمی",
        "مریم حسینی",
        "علی رضایی",
        "زهرا محمدی",
        "حسین موسوی",
        "فاطمه جعفری",
        "امیر صادقی",
        "نگار کاظمی",
        "مهدی نوری",
        "لیلا رحیمی",
        "پویا عباسی",
        "نرگس قاسمی",
        "کاوه شریفی",
    ),
    "fi": (
        "Laura Mäkinen",
        "Juha Nieminen",
        "Sanna Mäkelä",
        "Timo Hämäläinen",
        "Elina Laine",
        "Jari Heikkinen",
        "Katja Koskinen",
        "Pekka Järvinen",
        "Riikka Lehtonen",
        "Ville Salminen",
        "Minna Turunen",
        "Antti Rantanen",
        "Heidi Karjalainen",
        "Tuomas Lindqvist",
    ),
    "en": (
        "Emma Clarke",
        "James Patel",
        "Olivia Hughes",
        "Daniel Wright",
        "Sophie Turner",
        "Liam O'Brien",
        "Grace Evans",
        "Noah Bennett",
        "Chloe Walker",
        "Ethan Morris",
        "Amelia Scott",
        "Harry Cooper",
        "Isla Murray",
        "Jack Robinson",
    ),
}

# What people write in the conversation, per language.
PHRASES = {
    "he": {
        "first_reply": (
            "שלום, קיבלנו את הפנייה ואנחנו בודקים. נעדכן בהקדם.",
            "תודה על הפנייה. אפשר להתחבר אליך בשליטה מרחוק בעוד כמה דקות?",
        ),
        "customer": ("תודה, אני זמין עד 17:00.", "זה קרה שוב עכשיו.", "כן, אפשר להתחבר."),
        "pending": ("נשמח לצילום מסך של הודעת השגיאה.",),
        "note": ("נראה שקשור לעדכון הלקוח מיום שלישי.", "בדקתי בלוגים – אין שגיאות בצד השרת."),
        "resolution": ("הוגדר מחדש פרופיל המשתמש והבעיה נפתרה.", "הוחלף רכיב והמערכת נבדקה מול המשתמש."),
        "reopen": ("הבעיה חזרה הבוקר.",),
    },
    "fa": {
        "first_reply": (
            "سلام، درخواست شما دریافت شد و در حال بررسی است.",
            "با تشکر از گزارش شما. آیا چند دقیقه دیگر امکان اتصال از راه دور هست؟",
        ),
        "customer": (
            "ممنون، تا ساعت ۱۷ در دسترس هستم.",
            "الان دوباره اتفاق افتاد.",
            "بله، می‌توانید وصل شوید.",
        ),
        "pending": ("لطفاً تصویری از پیغام خطا بفرستید.",),
        "note": ("به نظر می‌رسد به به‌روزرسانی سه‌شنبه مربوط است.", "لاگ‌ها را بررسی کردم؛ خطایی در سرور نیست."),
        "resolution": ("پروفایل کاربر دوباره ساخته شد و مشکل برطرف شد.", "قطعه تعویض و با کاربر آزمایش شد."),
        "reopen": ("مشکل امروز صبح دوباره پیش آمد.",),
    },
    "fi": {
        "first_reply": (
            "Hei, pyyntösi on vastaanotettu ja selvitämme asiaa.",
            "Kiitos ilmoituksesta. Voimmeko ottaa etäyhteyden koneellesi muutaman minuutin päästä?",
        ),
        "customer": (
            "Kiitos, olen tavoitettavissa klo 17 asti.",
            "Sama tapahtui juuri uudelleen.",
            "Kyllä, voitte ottaa yhteyden.",
        ),
        "pending": ("Voisitko lähettää kuvakaappauksen virheilmoituksesta?",),
        "note": (
            "Näyttää liittyvän tiistain asiakasohjelmapäivitykseen.",
            "Tarkistin lokit, palvelimella ei virheitä.",
        ),
        "resolution": (
            "Käyttäjäprofiili luotiin uudelleen ja vika poistui.",
            "Osa vaihdettiin ja testattiin käyttäjän kanssa.",
        ),
        "reopen": ("Vika palasi tänä aamuna.",),
    },
    "en": {
        "first_reply": (
            "Hello, we have your request and are looking into it.",
            "Thanks for reporting this. Can we connect to your laptop remotely in a few minutes?",
        ),
        "customer": ("Thanks, I am at my desk until 17:00.", "It just happened again.", "Yes, go ahead."),
        "pending": ("Could you send a screenshot of the error message?",),
        "note": (
            "Looks related to Tuesday's client update.",
            "Checked the server logs: no errors on our side.",
        ),
        "resolution": (
            "Recreated the user profile; the problem is gone.",
            "Replaced the part and tested with the user.",
        ),
        "reopen": ("The problem came back this morning.",),
    },
}

ESCALATION_REASONS = (
    "Needs server-side access that tier 1 does not have.",
    "Remote fixes failed; needs a specialist.",
    "Several users affected: possible wider fault.",
)


# --- automation examples -------------------------------------------------------------------------

VIP_ORGANISATION = "GALIL"

CREDENTIAL_WORDS = r"pass\s*word|salasana|סיסמ|رمز\s*عبور|گذرواژه|کلمه\s*عبور"
OUTAGE_WORDS = r"outage|is down|not working|קריסה|לא עובד|נפל|قطع|کار\s*نمی\s*کند|ei toimi|katko"

DISPATCH_TEMPLATE = {
    "name": "Forwarded to the client's team",
    "subject": "{{ ticket.reference }}: {{ ticket.subject }}",
    "body": (
        "Hello {{ recipient.name }},\n\n"
        "{{ requester.name }} of {{ organisation.name }} reported {{ ticket.reference }} "
        "({{ ticket.priority }}): {{ ticket.subject }}.\n"
        "This service is handled by your team; we have logged and triaged it and hand it over to you. "
        "Please answer by {{ due|business_days:1 }}.\n\nThe service desk"
    ),
    "translations": {
        "he": {
            "subject": "{{ ticket.reference }}: {{ ticket.subject }}",
            "body": (
                "שלום {{ recipient.name }},\n\n"
                "{{ requester.name }} מ{{ organisation.name }} דיווח/ה על {{ ticket.reference }}: "
                "{{ ticket.subject }}.\nהשירות באחריות הצוות שלכם; "
                "רשמנו ומיינו את הפנייה ומעבירים אותה אליכם. "
                "נא להשיב עד {{ due|business_days:1 }}.\n\nמוקד התמיכה"
            ),
        },
        "fa": {
            "subject": "{{ ticket.reference }}: {{ ticket.subject }}",
            "body": (
                "{{ recipient.name }} گرامی،\n\n"
                "{{ requester.name }} از {{ organisation.name }} "
                "درخواست {{ ticket.reference }} را ثبت کرده است: {{ ticket.subject }}.\n"
                "این سرویس بر عهده تیم شماست؛ درخواست ثبت و دسته‌بندی شد و به شما سپرده می‌شود. "
                "لطفاً تا {{ due|business_days:1 }} پاسخ دهید.\n\nمیز خدمت"
            ),
        },
        "fi": {
            "subject": "{{ ticket.reference }}: {{ ticket.subject }}",
            "body": (
                "Hei {{ recipient.name }},\n\n"
                "{{ requester.name }} ({{ organisation.name }}) ilmoitti asiasta {{ ticket.reference }}: "
                "{{ ticket.subject }}.\nPalvelu kuuluu teidän tiimillenne; kirjasimme ja luokittelimme "
                "pyynnön ja siirrämme sen teille. "
                "Vastatkaa viimeistään {{ due|business_days:1 }}.\n\nPalvelupiste"
            ),
        },
    },
}


def example_rules(*, security: int, identity: int, forwarded_template: int) -> list[dict]:
    """The demo's rules: routing by words in four languages, a VIP outage, catch and dispatch,
    and a time rule for tickets nobody has picked up."""
    return [
        {
            "name": "Passwords go to Security and Identity & Access",
            "trigger": "ticket_created",
            "conditions": {"any": [{"field": "text", "operator": "matches", "value": CREDENTIAL_WORDS}]},
            "actions": [
                {"type": "set_field", "field": "category", "value": security},
                {"type": "assign_group", "group": identity},
                {"type": "add_tag", "tag": "password"},
            ],
        },
        {
            "name": "An outage at a VIP client is urgent",
            "trigger": "ticket_created",
            "conditions": {
                "all": [
                    {"field": "organisation_tags", "operator": "contains", "value": "vip"},
                    {"field": "text", "operator": "matches", "value": OUTAGE_WORDS},
                ]
            },
            "actions": [
                {"type": "set_field", "field": "urgency", "value": 1},
                {"type": "add_tag", "tag": "outage"},
            ],
        },
        {
            "name": "Catch and dispatch: hand over to the client's team",
            "trigger": "ticket_created",
            "conditions": {
                "all": [{"field": "service_model", "operator": "is", "value": "catch_and_dispatch"}]
            },
            "actions": [
                {"type": "send_email", "template": forwarded_template, "to": "service_team"},
                {"type": "add_tag", "tag": "dispatched"},
                {"type": "add_note", "text": "Handed over to the client's team by e-mail."},
            ],
        },
        {
            "name": "Nobody picked it up in two business hours",
            "trigger": "time",
            "time_anchor": "created",
            "time_amount": 2,
            "time_unit": "business_hours",
            "conditions": {
                "all": [
                    {"field": "status", "operator": "is", "value": "new"},
                    {"field": "assignee", "operator": "is_not_set"},
                ]
            },
            "actions": [
                {"type": "add_tag", "tag": "unattended"},
                {"type": "add_note", "text": "Still unassigned two business hours after it arrived."},
            ],
        },
    ]


MACROS = (
    {
        "name": "Password reset link sent",
        "reply": (
            "Hello {{ requester.name }},\n\nwe have sent a password reset link to your e-mail address. "
            "It is valid for one hour. Reply to this message if it does not arrive."
        ),
        "actions": [{"type": "add_tag", "tag": "password-reset"}],
    },
    {
        "name": "Replacement card ordered",
        "reply": (
            "Hello {{ requester.name }},\n\nyour new access card is ordered. It arrives within 5 business "
            "days, by {{ due|business_days:5 }}."
        ),
        "actions": [{"type": "add_tag", "tag": "card"}],
    },
)

# A view each support group shares (moked.workspace): its urgent tickets nobody has taken yet.
SHARED_VIEW_NAME = "{group}: urgent, nobody on it"
