"""The demo's knowledge base: the articles a desk serving four countries would have, each in
Hebrew, Persian, Finnish and English (the source language first), one client's own VPN article in
place of the general one, a draft, one in review, and what readers made of them."""

from dataclasses import dataclass, field

PUBLISHED, IN_REVIEW, DRAFT = "published", "in_review", "draft"


@dataclass(frozen=True)
class ArticleSpec:
    key: str
    kind: str
    category: str  # "Parent/Child" of content.CATEGORIES
    reviewers: str  # a group of content.GROUPS
    owner: str  # a username of content.STAFF
    texts: dict[str, tuple[str, str]]  # language → (title, Markdown body); the first is the source
    state: str = PUBLISHED
    organisation: str = ""  # the code of the organisation whose own article it is
    replaces: str = ""  # the key of the general article it stands in for
    views: int = 0
    # (username of a client, helpful, comment): what readers said of it
    feedback: tuple[tuple[str, bool, str], ...] = field(default_factory=tuple)


ARTICLES = (
    ArticleSpec(
        "password-reset",
        "how_to",
        "Access/Password",
        "Identity & Access",
        "shirin",
        {
            "en": (
                "Reset your password",
                "If you forgot your password or it stopped working, set a new one yourself:\n\n"
                "1. Open the password page at https://password.example and choose **Forgot password**.\n"
                "2. Enter your work e-mail address and the code sent to your phone.\n"
                "3. Choose a new password of at least 12 characters that you have not used before.\n"
                "4. Sign in again on your phone and in Outlook with the new password.\n\n"
                "If your account is locked after too many attempts, wait 15 minutes or call the "
                "service desk.",
            ),
            "he": (
                "איפוס סיסמה",
                "אם שכחתם את הסיסמה או שהיא הפסיקה לעבוד, אפשר לקבוע סיסמה חדשה בעצמכם:\n\n"
                "1. פתחו את דף הסיסמאות בכתובת https://password.example ובחרו **שכחתי סיסמה**.\n"
                "2. הזינו את כתובת הדוא״ל של העבודה ואת הקוד שנשלח לטלפון.\n"
                "3. בחרו סיסמה חדשה של 12 תווים לפחות שלא השתמשתם בה בעבר.\n"
                "4. התחברו מחדש בטלפון וב-Outlook עם הסיסמה החדשה.\n\n"
                "אם החשבון ננעל אחרי ניסיונות רבים מדי, המתינו 15 דקות או התקשרו למוקד השירות.",
            ),
            "fa": (
                "بازنشانی رمز عبور",
                "اگر رمز عبور خود را فراموش کرده‌اید یا دیگر کار نمی‌کند، خودتان رمز تازه‌ای بگذارید:\n\n"
                "1. صفحه رمز عبور را در https://password.example باز کنید و **فراموشی رمز عبور** را بزنید.\n"
                "2. نشانی ایمیل کاری و کدی را که به تلفن‌تان فرستاده شده وارد کنید.\n"
                "3. رمز تازه‌ای با دست‌کم ۱۲ نویسه انتخاب کنید که پیش‌تر به کار نبرده‌اید.\n"
                "4. در تلفن و Outlook با رمز تازه دوباره وارد شوید.\n\n"
                "اگر حساب پس از تلاش‌های زیاد قفل شد، ۱۵ دقیقه صبر کنید یا با میز خدمت تماس بگیرید.",
            ),
            "fi": (
                "Unohtuneen salasanan vaihtaminen",
                "Jos unohdit salasanasi tai se lakkasi toimimasta, vaihda se itse:\n\n"
                "1. Avaa salasanasivu osoitteessa https://password.example ja valitse "
                "**Unohdin salasanan**.\n"
                "2. Anna työsähköpostiosoitteesi ja puhelimeesi lähetetty koodi.\n"
                "3. Valitse uusi, vähintään 12 merkin salasana, jota et ole käyttänyt aiemmin.\n"
                "4. Kirjaudu uudelleen puhelimella ja Outlookissa uudella salasanalla.\n\n"
                "Jos tili lukittuu liian monen yrityksen jälkeen, odota 15 minuuttia tai soita "
                "palvelupisteeseen.",
            ),
        },
        views=412,
        feedback=(("nwr.user", True, ""), ("galil.user", True, "")),
    ),
    ArticleSpec(
        "vpn-connect",
        "how_to",
        "Network/VPN",
        "Network & VPN",
        "omar",
        {
            "en": (
                "Connect to the VPN from home",
                "To reach the office systems from outside the office:\n\n"
                "1. Open **GlobalProtect** from the Start menu (on a Mac, from Applications).\n"
                "2. Enter the portal address vpn.example and sign in with your work account.\n"
                "3. Approve the sign-in in the authenticator app.\n\n"
                "If the connection keeps dropping, restart the router, move closer to the Wi-Fi "
                "access point and connect again. If it still drops every few minutes, tell us the "
                "time it dropped and your home internet provider.",
            ),
            "he": (
                "התחברות ל-VPN מהבית",
                "כדי להגיע למערכות המשרד מחוץ למשרד:\n\n"
                "1. פתחו את **GlobalProtect** מתפריט התחל (ב-Mac, מתיקיית היישומים).\n"
                "2. הזינו את כתובת הפורטל vpn.example והתחברו עם חשבון העבודה.\n"
                "3. אשרו את ההתחברות באפליקציית האימות.\n\n"
                "אם החיבור מתנתק שוב ושוב, הפעילו מחדש את הנתב, התקרבו לנקודת ה-Wi-Fi והתחברו "
                "שוב. אם הוא עדיין מתנתק כל כמה דקות, כתבו לנו מתי התנתק ומי ספקית האינטרנט בבית.",
            ),
            "fa": (
                "اتصال به VPN از خانه",
                "برای دسترسی به سامانه‌های اداره از بیرون:\n\n"
                "1. **GlobalProtect** را از منوی Start باز کنید (در Mac از پوشه Applications).\n"
                "2. نشانی درگاه vpn.example را وارد کنید و با حساب کاری وارد شوید.\n"
                "3. ورود را در برنامه احراز هویت تأیید کنید.\n\n"
                "اگر اتصال مدام قطع می‌شود، مودم را دوباره راه‌اندازی کنید، به نقطه دسترسی Wi-Fi "
                "نزدیک‌تر شوید و دوباره وصل شوید. اگر باز هم هر چند دقیقه قطع شد، زمان قطع شدن و "
                "نام شرکت اینترنت خانه‌تان را برای ما بنویسید.",
            ),
            "fi": (
                "VPN-yhteys kotoa",
                "Näin pääset toimiston järjestelmiin toimiston ulkopuolelta:\n\n"
                "1. Avaa **GlobalProtect** Käynnistä-valikosta (Macissa Ohjelmat-kansiosta).\n"
                "2. Anna portaalin osoite vpn.example ja kirjaudu työtililläsi.\n"
                "3. Hyväksy kirjautuminen todennussovelluksessa.\n\n"
                "Jos yhteys katkeilee, käynnistä reititin uudelleen, siirry lähemmäs Wi-Fi-tukiasemaa "
                "ja yhdistä uudelleen. Jos yhteys katkeaa edelleen muutaman minuutin välein, kerro "
                "meille katkeamisen ajankohta ja kotisi internetoperaattori.",
            ),
        },
        views=265,
        feedback=(("pars.user", True, ""), ("galil.manager", True, "")),
    ),
    ArticleSpec(
        "sisu-vpn",
        "how_to",
        "Network/VPN",
        "Network & VPN",
        "mikko",
        {
            "fi": (
                "VPN-yhteys Sisu Energian verkkoon",
                "Sisu Energian verkkoon otetaan yhteys omalla **Forcepoint VPN** -ohjelmalla, ei "
                "GlobalProtectilla:\n\n"
                "1. Avaa Forcepoint VPN Client ja valitse yhteys **Sisu Energia – etätyö**.\n"
                "2. Kirjaudu työtunnuksellasi ja anna YubiKey-avaimen koodi.\n"
                "3. SCADA-järjestelmiin pääsee vain valvomon koneilta, ei etäyhteydellä.\n\n"
                "Jos YubiKey on kadonnut, ilmoita siitä heti tietoturvaan numeroon 010 555 0100.",
            ),
            "en": (
                "Connect to Sisu Energia's network",
                "Sisu Energia's network is reached with its own **Forcepoint VPN** client, not "
                "GlobalProtect:\n\n"
                "1. Open Forcepoint VPN Client and choose the connection **Sisu Energia – remote work**.\n"
                "2. Sign in with your work account and the code from your YubiKey.\n"
                "3. The SCADA systems are reached only from the control room's computers, never over "
                "the VPN.\n\n"
                "If your YubiKey is lost, report it to security at once on 010 555 0100.",
            ),
            "he": (
                "התחברות לרשת של Sisu Energia",
                "לרשת של Sisu Energia מתחברים בתוכנת **Forcepoint VPN** משלה, ולא ב-GlobalProtect:\n\n"
                "1. פתחו את Forcepoint VPN Client ובחרו בחיבור **Sisu Energia – עבודה מרחוק**.\n"
                "2. התחברו עם חשבון העבודה ועם הקוד מה-YubiKey.\n"
                "3. למערכות ה-SCADA מגיעים רק ממחשבי חדר הבקרה, אף פעם לא דרך ה-VPN.\n\n"
                "אם ה-YubiKey אבד, דווחו על כך מיד לאבטחת המידע בטלפון 010 555 0100.",
            ),
            "fa": (
                "اتصال به شبکه Sisu Energia",
                "به شبکه Sisu Energia با نرم‌افزار **Forcepoint VPN** خودش وصل می‌شوید، نه با "
                "GlobalProtect:\n\n"
                "1. Forcepoint VPN Client را باز کنید و اتصال **Sisu Energia – دورکاری** را برگزینید.\n"
                "2. با حساب کاری و کد YubiKey وارد شوید.\n"
                "3. به سامانه‌های SCADA فقط از رایانه‌های اتاق کنترل می‌توان دسترسی داشت، هرگز از راه VPN.\n\n"
                "اگر YubiKey گم شد، بی‌درنگ با شماره 010 555 0100 به واحد امنیت خبر دهید.",
            ),
        },
        organisation="SISU",
        replaces="vpn-connect",
        views=58,
        feedback=(("sisu.user", True, ""),),
    ),
    ArticleSpec(
        "mfa-enrolment",
        "how_to",
        "Access/MFA",
        "Identity & Access",
        "noa",
        {
            "he": (
                "הרשמה לאימות דו-שלבי",
                "כל חשבון עבודה מוגן באימות דו-שלבי. כך נרשמים בפעם הראשונה:\n\n"
                "1. התקינו בטלפון את אפליקציית **Microsoft Authenticator**.\n"
                "2. במחשב, היכנסו ל-https://mysignins.example ובחרו **הוספת שיטת כניסה**.\n"
                "3. סרקו באפליקציה את קוד ה-QR שעל המסך ואשרו את ההודעה שתגיע.\n"
                "4. הוסיפו גם מספר טלפון כשיטה חלופית.\n\n"
                "החלפתם טלפון? לפני שמוחקים את הישן, העבירו את החשבון בהגדרות האפליקציה, או בקשו "
                "מאיתנו לאפס את שיטות הכניסה.",
            ),
            "en": (
                "Set up two-step verification",
                "Every work account is protected by two-step verification. To enrol the first time:\n\n"
                "1. Install the **Microsoft Authenticator** app on your phone.\n"
                "2. On your computer, go to https://mysignins.example and choose **Add sign-in method**.\n"
                "3. Scan the QR code on the screen with the app and approve the notification that arrives.\n"
                "4. Add a phone number too, as a fallback.\n\n"
                "New phone? Move the account in the app's settings before you wipe the old one, or ask "
                "us to reset your sign-in methods.",
            ),
            "fa": (
                "فعال‌سازی احراز هویت دومرحله‌ای",
                "همه حساب‌های کاری با احراز هویت دومرحله‌ای محافظت می‌شوند. برای ثبت‌نام نخستین بار:\n\n"
                "1. برنامه **Microsoft Authenticator** را روی تلفن نصب کنید.\n"
                "2. در رایانه به https://mysignins.example بروید و **افزودن روش ورود** را بزنید.\n"
                "3. کد QR روی صفحه را با برنامه اسکن کنید و اعلانی را که می‌رسد تأیید کنید.\n"
                "4. یک شماره تلفن هم به عنوان روش جایگزین اضافه کنید.\n\n"
                "تلفن‌تان را عوض کرده‌اید؟ پیش از پاک کردن تلفن قدیمی، حساب را از تنظیمات برنامه "
                "منتقل کنید یا از ما بخواهید روش‌های ورودتان را بازنشانی کنیم.",
            ),
            "fi": (
                "Kaksivaiheisen tunnistautumisen käyttöönotto",
                "Jokainen työtili on suojattu kaksivaiheisella tunnistautumisella. Näin otat sen "
                "käyttöön ensimmäisen kerran:\n\n"
                "1. Asenna puhelimeesi **Microsoft Authenticator** -sovellus.\n"
                "2. Mene tietokoneella osoitteeseen https://mysignins.example ja valitse **Lisää "
                "kirjautumistapa**.\n"
                "3. Lue näytön QR-koodi sovelluksella ja hyväksy saapuva ilmoitus.\n"
                "4. Lisää varalle myös puhelinnumero.\n\n"
                "Uusi puhelin? Siirrä tili sovelluksen asetuksista ennen vanhan puhelimen tyhjentämistä "
                "tai pyydä meitä nollaamaan kirjautumistapasi.",
            ),
        },
        views=188,
        feedback=(("sisu.manager", True, ""),),
    ),
    ArticleSpec(
        "printer-jams",
        "troubleshooting",
        "Hardware/Printer",
        "Desktop Support",
        "reza",
        {
            "fa": (
                "چاپگر کاغذ گیر می‌کند یا صفحه سفید چاپ می‌کند",
                "پیش از ثبت درخواست این کارها را امتحان کنید:\n\n"
                "1. چاپگر را خاموش کنید، همه درها را باز کنید و کاغذ گیرکرده را آرام در جهت حرکت "
                "کاغذ بیرون بکشید.\n"
                "2. کاغذ سینی را بیرون بیاورید، باد بزنید و دوباره بگذارید؛ کاغذ مرطوب یا تاخورده "
                "بیشتر گیر می‌کند.\n"
                "3. اگر صفحه سفید چاپ می‌شود، کارتریج تونر را بیرون بیاورید، چند بار تکان دهید و "
                "نوار محافظ را بردارید.\n"
                "4. چاپگر را روشن کنید و یک صفحه آزمایشی چاپ کنید.\n\n"
                "اگر باز هم کاغذ گیر کرد، شماره دارایی روی برچسب چاپگر و متن پیام خطا را در "
                "درخواست بنویسید.",
            ),
            "en": (
                "The printer jams or prints blank pages",
                "Before you ask us, try this:\n\n"
                "1. Switch the printer off, open every door and gently pull the jammed paper out in "
                "the direction it travels.\n"
                "2. Take the paper out of the tray, fan it and put it back; damp or folded paper jams "
                "more often.\n"
                "3. If the pages come out blank, take the toner cartridge out, shake it a few times "
                "and remove the protective strip.\n"
                "4. Switch the printer on and print a test page.\n\n"
                "If it still jams, write the asset number from the printer's label and the error "
                "message in your request.",
            ),
            "he": (
                "המדפסת נתקעת או מדפיסה דפים ריקים",
                "לפני שפונים אלינו, נסו את הצעדים האלה:\n\n"
                "1. כבו את המדפסת, פתחו את כל הדלתות ומשכו בעדינות את הנייר התקוע בכיוון תנועת הנייר.\n"
                "2. הוציאו את הנייר מהמגש, אווררו אותו והחזירו; נייר לח או מקופל נתקע יותר.\n"
                "3. אם יוצאים דפים ריקים, הוציאו את מחסנית הטונר, נערו אותה כמה פעמים והסירו את "
                "רצועת המגן.\n"
                "4. הדליקו את המדפסת והדפיסו דף ניסיון.\n\n"
                "אם היא עדיין נתקעת, כתבו בפנייה את מספר הנכס שעל המדבקה של המדפסת ואת הודעת השגיאה.",
            ),
            "fi": (
                "Tulostin jumittaa tai tulostaa tyhjiä sivuja",
                "Kokeile näitä ennen kuin otat yhteyttä:\n\n"
                "1. Sammuta tulostin, avaa kaikki luukut ja vedä juuttunut paperi varovasti ulos "
                "paperin kulkusuuntaan.\n"
                "2. Ota paperit lokerosta, ilmasta ne ja laita takaisin; kostea tai taittunut paperi "
                "juuttuu helpommin.\n"
                "3. Jos sivut tulevat tyhjinä, irrota värikasetti, ravista sitä muutaman kerran ja "
                "poista suojanauha.\n"
                "4. Käynnistä tulostin ja tulosta testisivu.\n\n"
                "Jos paperi juuttuu edelleen, kirjoita pyyntöön tulostimen tarran laitenumero ja "
                "virheilmoituksen teksti.",
            ),
        },
        views=143,
        feedback=(
            ("pars.user", True, ""),
            ("galil.user", False, "המדפסת בקומה 2 היא דגם אחר ואין בה מחסנית טונר שאפשר לנער."),
        ),
    ),
    ArticleSpec(
        "shared-folder-access",
        "how_to",
        "Access/Permissions",
        "Identity & Access",
        "shirin",
        {
            "en": (
                "Get access to a shared folder",
                "Access to a team's shared folder is given by the folder's owner, usually the team's "
                "manager:\n\n"
                "1. Open a new request with the category **Access → Permissions**.\n"
                "2. Write the folder's path (for example \\\\files\\quality\\reports) and whether you "
                "need to read or also to change files.\n"
                "3. Ask your manager to reply to the request with their approval; we cannot give "
                "access without it.\n\n"
                "Once access is given, sign out of Windows and in again for the folder to appear.",
            ),
            "he": (
                "קבלת הרשאה לתיקייה משותפת",
                "הרשאה לתיקייה משותפת של צוות נותן בעל התיקייה, בדרך כלל מנהל הצוות:\n\n"
                "1. פתחו פנייה חדשה בקטגוריה **גישה ← הרשאות**.\n"
                "2. כתבו את נתיב התיקייה (למשל \\\\files\\quality\\reports) והאם צריך רק לקרוא או "
                "גם לשנות קבצים.\n"
                "3. בקשו ממנהלכם להשיב לפנייה עם אישורו; בלי אישור לא נוכל לתת הרשאה.\n\n"
                "אחרי שההרשאה ניתנה, התנתקו מ-Windows והתחברו שוב כדי שהתיקייה תופיע.",
            ),
            "fa": (
                "دریافت دسترسی به پوشه مشترک",
                "دسترسی به پوشه مشترک یک تیم را مالک پوشه، معمولاً مدیر تیم، می‌دهد:\n\n"
                "1. یک درخواست تازه با دسته **دسترسی ← مجوزها** ثبت کنید.\n"
                "2. مسیر پوشه (مثلاً \\\\files\\quality\\reports) را بنویسید و بگویید فقط خواندن "
                "لازم دارید یا تغییر فایل‌ها هم.\n"
                "3. از مدیرتان بخواهید با پاسخ به درخواست موافقت خود را اعلام کند؛ بدون آن "
                "نمی‌توانیم دسترسی بدهیم.\n\n"
                "پس از دادن دسترسی، از Windows خارج شوید و دوباره وارد شوید تا پوشه نمایش داده شود.",
            ),
            "fi": (
                "Käyttöoikeus jaettuun kansioon",
                "Käyttöoikeuden tiimin jaettuun kansioon myöntää kansion omistaja, yleensä tiimin "
                "esihenkilö:\n\n"
                "1. Tee uusi pyyntö luokkaan **Käyttöoikeudet → Oikeudet**.\n"
                "2. Kirjoita kansion polku (esimerkiksi \\\\files\\quality\\reports) ja tarvitsetko "
                "vain lukuoikeuden vai myös muokkausoikeuden.\n"
                "3. Pyydä esihenkilöäsi vastaamaan pyyntöön hyväksynnällään; ilman sitä emme voi "
                "antaa oikeutta.\n\n"
                "Kun oikeus on annettu, kirjaudu ulos Windowsista ja takaisin, niin kansio tulee näkyviin.",
            ),
        },
        views=97,
    ),
    ArticleSpec(
        "outlook-password-prompt",
        "troubleshooting",
        "Software/E-mail",
        "Desktop Support",
        "omar",
        {
            "en": (
                "Outlook keeps asking for your password",
                "This usually happens after a password change, when Outlook still holds the old one:\n\n"
                "1. Close Outlook and Teams.\n"
                "2. Open **Credential Manager** from the Start menu, then **Windows Credentials**, and "
                "remove every entry that starts with MicrosoftOffice.\n"
                "3. Open Outlook again and sign in with your new password.\n\n"
                "On a phone, remove the work account from the mail app and add it again. If Outlook "
                "still asks, create a new Outlook profile from Control Panel → Mail.",
            ),
            "he": (
                "Outlook מבקש שוב ושוב את הסיסמה",
                "זה קורה בדרך כלל אחרי החלפת סיסמה, כש-Outlook עדיין שומר את הסיסמה הישנה:\n\n"
                "1. סגרו את Outlook ואת Teams.\n"
                "2. פתחו את **מנהל האישורים** מתפריט התחל, בחרו **אישורי Windows** ומחקו כל רשומה "
                "שמתחילה ב-MicrosoftOffice.\n"
                "3. פתחו שוב את Outlook והתחברו עם הסיסמה החדשה.\n\n"
                "בטלפון, הסירו את חשבון העבודה מאפליקציית הדואר והוסיפו אותו מחדש. אם Outlook עדיין "
                "מבקש סיסמה, צרו פרופיל Outlook חדש דרך לוח הבקרה ← דואר.",
            ),
            "fa": (
                "Outlook مدام رمز عبور را می‌خواهد",
                "این معمولاً پس از تغییر رمز عبور رخ می‌دهد، وقتی Outlook هنوز رمز قدیمی را نگه "
                "داشته است:\n\n"
                "1. Outlook و Teams را ببندید.\n"
                "2. **Credential Manager** را از منوی Start باز کنید، **Windows Credentials** را "
                "برگزینید و همه مواردی را که با MicrosoftOffice آغاز می‌شوند پاک کنید.\n"
                "3. Outlook را دوباره باز کنید و با رمز تازه وارد شوید.\n\n"
                "در تلفن، حساب کاری را از برنامه ایمیل حذف و دوباره اضافه کنید. اگر Outlook باز هم "
                "رمز خواست، از Control Panel ← Mail یک نمایه تازه Outlook بسازید.",
            ),
            "fi": (
                "Outlook kysyy salasanaa yhä uudelleen",
                "Näin käy yleensä salasanan vaihdon jälkeen, kun Outlook muistaa vielä vanhan "
                "salasanan:\n\n"
                "1. Sulje Outlook ja Teams.\n"
                "2. Avaa Käynnistä-valikosta **Tunnistetietojen hallinta**, valitse "
                "**Windows-tunnistetiedot** ja poista kaikki MicrosoftOffice-alkuiset kohdat.\n"
                "3. Avaa Outlook uudelleen ja kirjaudu uudella salasanalla.\n\n"
                "Puhelimessa poista työtili sähköpostisovelluksesta ja lisää se uudelleen. Jos Outlook "
                "kysyy yhä salasanaa, luo uusi Outlook-profiili kohdasta Ohjauspaneeli → Sähköposti.",
            ),
        },
        views=176,
        feedback=(("pars.manager", True, ""), ("nwr.user", False, "Step 2 did not help on my Mac.")),
    ),
    ArticleSpec(
        "teams-no-sound",
        "troubleshooting",
        "Software/Office & Teams",
        "Desktop Support",
        "mikko",
        {
            "fi": (
                "Teams-puhelussa ei kuulu ääntä",
                "Jos et kuule muita tai he eivät kuule sinua Teams-puhelussa:\n\n"
                "1. Valitse puhelun aikana **Lisää → Laiteasetukset** ja tarkista, että oikea kaiutin "
                "ja mikrofoni on valittu.\n"
                "2. Irrota kuulokkeet ja kytke ne uudelleen; Bluetooth-kuulokkeissa poista laitepari "
                "ja muodosta se uudelleen.\n"
                "3. Tarkista Windowsin kohdasta **Tietosuoja → Mikrofoni**, että Teams saa käyttää "
                "mikrofonia.\n"
                "4. Käynnistä Teams uudelleen: napsauta ilmaisinalueen kuvaketta hiiren "
                "kakkospainikkeella → Lopeta.\n\n"
                "Jos ääni pätkii vain VPN-yhteydellä, kerro se pyynnössä.",
            ),
            "en": (
                "No sound in a Teams call",
                "If you cannot hear the others, or they cannot hear you, in a Teams call:\n\n"
                "1. During the call, choose **More → Device settings** and check that the right "
                "speaker and microphone are selected.\n"
                "2. Unplug your headset and plug it in again; for a Bluetooth headset, remove the "
                "pairing and pair it again.\n"
                "3. In Windows, check under **Privacy → Microphone** that Teams may use the microphone.\n"
                "4. Restart Teams: right-click its icon in the notification area → Quit.\n\n"
                "If the sound breaks up only over the VPN, say so in your request.",
            ),
            "he": (
                "אין קול בשיחת Teams",
                "אם אינכם שומעים את האחרים, או שהם לא שומעים אתכם, בשיחת Teams:\n\n"
                "1. במהלך השיחה בחרו **עוד ← הגדרות התקן** ובדקו שנבחרו הרמקול והמיקרופון הנכונים.\n"
                "2. נתקו את האוזניות וחברו אותן שוב; באוזניות Bluetooth הסירו את הצימוד וצמדו מחדש.\n"
                "3. ב-Windows בדקו תחת **פרטיות ← מיקרופון** ש-Teams רשאי להשתמש במיקרופון.\n"
                "4. הפעילו מחדש את Teams: לחיצה ימנית על הסמל שלו באזור ההודעות ← יציאה.\n\n"
                "אם הקול נקטע רק בחיבור VPN, ציינו זאת בפנייה.",
            ),
            "fa": (
                "در تماس Teams صدا شنیده نمی‌شود",
                "اگر در تماس Teams صدای دیگران را نمی‌شنوید یا آن‌ها صدای شما را نمی‌شنوند:\n\n"
                "1. در حین تماس **بیشتر ← تنظیمات دستگاه** را بزنید و بررسی کنید بلندگو و میکروفون "
                "درست انتخاب شده باشند.\n"
                "2. هدست را جدا کنید و دوباره وصل کنید؛ برای هدست بلوتوث، جفت‌سازی را حذف و دوباره "
                "جفت کنید.\n"
                "3. در Windows، در **Privacy ← Microphone** بررسی کنید که Teams اجازه استفاده از "
                "میکروفون را داشته باشد.\n"
                "4. Teams را دوباره راه‌اندازی کنید: روی نماد آن در ناحیه اعلان‌ها راست‌کلیک ← Quit.\n\n"
                "اگر صدا فقط با VPN قطع و وصل می‌شود، این را در درخواست بنویسید.",
            ),
        },
        views=121,
    ),
    ArticleSpec(
        "office-wifi",
        "how_to",
        "Network/Wi-Fi",
        "Network & VPN",
        "noa",
        {
            "he": (
                "התחברות לרשת ה-Wi-Fi במשרד",
                "במשרד יש שתי רשתות:\n\n"
                "- **Corp** – למחשבי העבודה ולטלפונים של העבודה. מתחברים עם חשבון העבודה, והמחשב "
                "זוכר את הרשת.\n"
                "- **Guest** – לאורחים ולטלפונים פרטיים. הסיסמה מתחלפת בכל יום ראשון ותלויה בקבלה.\n\n"
                "אם המחשב מחובר ל-Corp אבל אין אינטרנט, שכחו את הרשת בהגדרות ה-Wi-Fi והתחברו שוב. "
                "אם זה קורה רק בחדר מסוים, כתבו בפנייה את מספר החדר.",
            ),
            "en": (
                "Connect to the office Wi-Fi",
                "The office has two networks:\n\n"
                "- **Corp**, for work computers and work phones. Sign in with your work account; the "
                "computer remembers the network.\n"
                "- **Guest**, for visitors and private phones. Its password changes every Sunday and "
                "hangs at the reception.\n\n"
                "If your computer is on Corp but has no internet, forget the network in the Wi-Fi "
                "settings and connect again. If it happens only in one room, write the room number in "
                "your request.",
            ),
            "fa": (
                "اتصال به Wi-Fi اداره",
                "در اداره دو شبکه هست:\n\n"
                "- **Corp** برای رایانه‌ها و تلفن‌های کاری. با حساب کاری وارد شوید؛ رایانه شبکه را به "
                "یاد می‌سپارد.\n"
                "- **Guest** برای مهمانان و تلفن‌های شخصی. رمز آن هر یکشنبه عوض می‌شود و در پذیرش "
                "نصب شده است.\n\n"
                "اگر رایانه به Corp وصل است ولی اینترنت ندارد، شبکه را در تنظیمات Wi-Fi فراموش کنید "
                "و دوباره وصل شوید. اگر فقط در یک اتاق چنین است، شماره اتاق را در درخواست بنویسید.",
            ),
            "fi": (
                "Yhteys toimiston Wi-Fi-verkkoon",
                "Toimistossa on kaksi verkkoa:\n\n"
                "- **Corp** työtietokoneille ja työpuhelimille. Kirjaudu työtililläsi; tietokone "
                "muistaa verkon.\n"
                "- **Guest** vieraille ja omille puhelimille. Sen salasana vaihtuu joka sunnuntai ja "
                "on nähtävillä vastaanotossa.\n\n"
                "Jos tietokone on Corp-verkossa mutta internet ei toimi, unohda verkko "
                "Wi-Fi-asetuksista ja yhdistä uudelleen. Jos ongelma on vain yhdessä huoneessa, "
                "kirjoita huoneen numero pyyntöön.",
            ),
        },
        views=84,
    ),
    ArticleSpec(
        "new-laptop",
        "how_to",
        "Hardware/Laptop",
        "Desktop Support",
        "omar",
        {
            "en": (
                "Your new laptop: the first day",
                "A new laptop comes ready with Office, Teams and the VPN. On the first day:\n\n"
                "1. Sign in with your work account while connected to the office network (Corp Wi-Fi "
                "or a cable).\n"
                "2. Wait until **Company Portal** shows that every app is installed; this takes up to "
                "an hour.\n"
                "3. Set up two-step verification if you have not yet.\n"
                "4. Open OneDrive and let it bring back your files from the old laptop.\n\n"
                "Return the old laptop to the service desk within two weeks; we wipe it before it is "
                "used again. To ask for a laptop for a new colleague, open a service request a week "
                "before their first day.",
            ),
            "he": (
                "המחשב הנייד החדש: היום הראשון",
                "מחשב נייד חדש מגיע מוכן עם Office, ‏Teams וה-VPN. ביום הראשון:\n\n"
                "1. התחברו עם חשבון העבודה כשאתם מחוברים לרשת המשרד (Wi-Fi בשם Corp או כבל).\n"
                "2. המתינו עד ש-**Company Portal** יראה שכל היישומים הותקנו; זה לוקח עד שעה.\n"
                "3. הירשמו לאימות דו-שלבי אם עוד לא עשיתם זאת.\n"
                "4. פתחו את OneDrive ותנו לו להחזיר את הקבצים מהמחשב הישן.\n\n"
                "החזירו את המחשב הישן למוקד השירות בתוך שבועיים; אנחנו מוחקים אותו לפני שימוש חוזר. "
                "כדי לבקש מחשב לעובד חדש, פתחו בקשת שירות שבוע לפני יום העבודה הראשון שלו.",
            ),
            "fa": (
                "لپ‌تاپ تازه شما: روز نخست",
                "لپ‌تاپ تازه با Office و Teams و VPN آماده تحویل داده می‌شود. در روز نخست:\n\n"
                "1. هنگامی که به شبکه اداره وصل هستید (Wi-Fi به نام Corp یا کابل)، با حساب کاری وارد شوید.\n"
                "2. صبر کنید تا **Company Portal** نشان دهد همه برنامه‌ها نصب شده‌اند؛ این کار تا یک "
                "ساعت طول می‌کشد.\n"
                "3. اگر هنوز احراز هویت دومرحله‌ای را فعال نکرده‌اید، آن را فعال کنید.\n"
                "4. OneDrive را باز کنید تا فایل‌های لپ‌تاپ قبلی را برگرداند.\n\n"
                "لپ‌تاپ قدیمی را ظرف دو هفته به میز خدمت برگردانید؛ پیش از استفاده دوباره پاک می‌شود. "
                "برای درخواست لپ‌تاپ برای همکار تازه، یک هفته پیش از روز نخست کارش درخواست خدمت ثبت کنید.",
            ),
            "fi": (
                "Uusi kannettava: ensimmäinen päivä",
                "Uusi kannettava toimitetaan valmiina: Office, Teams ja VPN on asennettu. "
                "Ensimmäisenä päivänä:\n\n"
                "1. Kirjaudu työtililläsi, kun kone on toimiston verkossa (Corp-Wi-Fi tai kaapeli).\n"
                "2. Odota, kunnes **Company Portal** näyttää kaikki sovellukset asennetuiksi; siihen "
                "menee enintään tunti.\n"
                "3. Ota kaksivaiheinen tunnistautuminen käyttöön, jos et ole vielä tehnyt sitä.\n"
                "4. Avaa OneDrive ja anna sen palauttaa tiedostosi vanhalta koneelta.\n\n"
                "Palauta vanha kannettava palvelupisteeseen kahden viikon kuluessa; tyhjennämme sen "
                "ennen uutta käyttöä. Kannettavaa uudelle työntekijälle pyydetään palvelupyynnöllä "
                "viikkoa ennen hänen ensimmäistä työpäiväänsä.",
            ),
        },
        views=69,
    ),
    ArticleSpec(
        "outlook-search-known-error",
        "known_error",
        "Software/E-mail",
        "Infrastructure",
        "eitan",
        {
            "en": (
                "Known error: Outlook search finds nothing after the March update",
                "## Symptom\n\n"
                "After the March Office update, searching in Outlook returns no results, or only mail "
                "older than the update. Mail itself arrives and can be read.\n\n"
                "## Cause\n\n"
                "The update rebuilds the Windows search index, and the rebuild stops when the laptop "
                "sleeps before it has finished.\n\n"
                "## Workaround\n\n"
                "1. In Outlook, choose **File → Options → Search → Indexing Options**.\n"
                "2. Choose **Advanced → Rebuild** and leave the laptop on and plugged in for an hour.\n"
                "3. Until then, search in Outlook on the web (https://mail.example), which is not "
                "affected.\n\n"
                "A permanent fix is expected with the April update.",
            ),
            "he": (
                "תקלה ידועה: החיפוש ב-Outlook לא מוצא דבר אחרי עדכון מרץ",
                "## תסמין\n\n"
                "אחרי עדכון Office של מרץ, החיפוש ב-Outlook לא מחזיר תוצאות, או רק הודעות מלפני "
                "העדכון. הדואר עצמו מגיע ואפשר לקרוא אותו.\n\n"
                "## סיבה\n\n"
                "העדכון בונה מחדש את אינדקס החיפוש של Windows, והבנייה נעצרת כשהמחשב נכנס למצב "
                "שינה לפני שהסתיימה.\n\n"
                "## פתרון עוקף\n\n"
                "1. ב-Outlook בחרו **קובץ ← אפשרויות ← חיפוש ← אפשרויות אינדקס**.\n"
                "2. בחרו **מתקדם ← בנה מחדש**, והשאירו את המחשב דולק ומחובר לחשמל למשך שעה.\n"
                "3. עד אז חפשו ב-Outlook באינטרנט (https://mail.example), שאינו מושפע.\n\n"
                "תיקון קבוע צפוי בעדכון של אפריל.",
            ),
            "fa": (
                "خطای شناخته‌شده: جست‌وجوی Outlook پس از به‌روزرسانی مارس چیزی پیدا نمی‌کند",
                "## نشانه\n\n"
                "پس از به‌روزرسانی مارس Office، جست‌وجو در Outlook نتیجه‌ای نمی‌دهد یا فقط نامه‌های "
                "پیش از به‌روزرسانی را نشان می‌دهد. خود نامه‌ها می‌رسند و خوانده می‌شوند.\n\n"
                "## علت\n\n"
                "به‌روزرسانی فهرست جست‌وجوی Windows را از نو می‌سازد و اگر لپ‌تاپ پیش از پایان کار به "
                "خواب برود، ساخت فهرست متوقف می‌شود.\n\n"
                "## راه موقت\n\n"
                "1. در Outlook به **File ← Options ← Search ← Indexing Options** بروید.\n"
                "2. **Advanced ← Rebuild** را بزنید و لپ‌تاپ را یک ساعت روشن و به برق وصل نگه دارید.\n"
                "3. تا آن زمان در Outlook تحت وب (https://mail.example) جست‌وجو کنید که این مشکل را ندارد.\n\n"
                "رفع دائمی با به‌روزرسانی آوریل انتظار می‌رود.",
            ),
            "fi": (
                "Tunnettu vika: Outlookin haku ei löydä mitään maaliskuun päivityksen jälkeen",
                "## Oire\n\n"
                "Officen maaliskuun päivityksen jälkeen Outlookin haku ei palauta tuloksia tai löytää "
                "vain päivitystä vanhempia viestejä. Posti itse tulee perille ja sen voi lukea.\n\n"
                "## Syy\n\n"
                "Päivitys rakentaa Windowsin hakuindeksin uudelleen, ja rakentaminen keskeytyy, jos "
                "kone menee lepotilaan ennen kuin se on valmis.\n\n"
                "## Kiertotie\n\n"
                "1. Valitse Outlookissa **Tiedosto → Asetukset → Haku → Indeksointiasetukset**.\n"
                "2. Valitse **Lisäasetukset → Muodosta uudelleen** ja jätä kone päälle ja laturiin "
                "tunniksi.\n"
                "3. Siihen asti hae Outlookin verkkoversiossa (https://mail.example), jossa vikaa ei ole.\n\n"
                "Pysyvä korjaus on odotettavissa huhtikuun päivityksessä.",
            ),
        },
        views=203,
        feedback=(("sisu.user", True, ""), ("nwr.manager", True, "")),
    ),
    ArticleSpec(
        "report-phishing",
        "how_to",
        "Security/Phishing",
        "Security Operations",
        "eitan",
        {
            "en": (
                "Report a suspicious e-mail",
                "If an e-mail you did not expect asks you to open an attachment, click a link or give "
                "your password:\n\n"
                "1. Do not open the attachment or click the link.\n"
                "2. In Outlook, choose **Report → Phishing**. The message goes to our security team "
                "and leaves your inbox.\n"
                "3. If you already clicked or typed your password, change your password at once and "
                "call the service desk.\n\n"
                "We never ask for your password by e-mail.",
            ),
            "he": (
                "דיווח על הודעת דוא״ל חשודה",
                "אם הודעת דוא״ל שלא ציפיתם לה מבקשת לפתוח קובץ מצורף, ללחוץ על קישור או למסור סיסמה:\n\n"
                "1. אל תפתחו את הקובץ המצורף ואל תלחצו על הקישור.\n"
                "2. ב-Outlook בחרו **דיווח ← דיוג**. ההודעה תועבר לצוות אבטחת המידע ותוסר מתיבת הדואר.\n"
                "3. אם כבר לחצתם או הקלדתם סיסמה, החליפו את הסיסמה מיד והתקשרו למוקד השירות.\n\n"
                "אנחנו אף פעם לא מבקשים סיסמה בדוא״ל.",
            ),
            "fa": (
                "گزارش ایمیل مشکوک",
                "اگر ایمیلی که انتظارش را نداشتید از شما می‌خواهد پیوستی را باز کنید، روی پیوندی "
                "بزنید یا رمز عبورتان را بدهید:\n\n"
                "1. پیوست را باز نکنید و روی پیوند نزنید.\n"
                "2. در Outlook گزینه **Report ← Phishing** را بزنید. پیام به تیم امنیت ما می‌رود و از "
                "صندوق شما برداشته می‌شود.\n"
                "3. اگر روی پیوند زده‌اید یا رمزتان را وارد کرده‌اید، بی‌درنگ رمز را عوض کنید و با میز "
                "خدمت تماس بگیرید.\n\n"
                "ما هرگز رمز عبور را با ایمیل نمی‌خواهیم.",
            ),
            "fi": (
                "Epäilyttävän sähköpostin ilmoittaminen",
                "Jos odottamaton sähköposti pyytää avaamaan liitteen, napsauttamaan linkkiä tai "
                "antamaan salasanasi:\n\n"
                "1. Älä avaa liitettä äläkä napsauta linkkiä.\n"
                "2. Valitse Outlookissa **Ilmoita → Tietojenkalastelu**. Viesti menee "
                "tietoturvatiimillemme ja poistuu saapuneista.\n"
                "3. Jos jo napsautit linkkiä tai kirjoitit salasanasi, vaihda salasana heti ja soita "
                "palvelupisteeseen.\n\n"
                "Emme koskaan pyydä salasanaa sähköpostilla.",
            ),
        },
        state=IN_REVIEW,
    ),
    ArticleSpec(
        "dock-second-screen",
        "troubleshooting",
        "Hardware/Peripherals",
        "Desktop Support",
        "dana",
        {
            "he": (
                "המסך השני לא מזוהה בתחנת העגינה",
                "1. נתקו את המחשב מתחנת העגינה, המתינו עשר שניות וחברו שוב.\n"
                "2. ודאו שכבל המסך מחובר לתחנה ולא למחשב עצמו.\n"
                "3. לחצו Windows+P ובחרו **הרחב**.\n"
                "4. עדכנו את הקושחה של תחנת העגינה דרך Company Portal.",
            ),
            "en": (
                "The second screen is not found on the docking station",
                "1. Undock the laptop, wait ten seconds and dock it again.\n"
                "2. Check that the screen's cable goes into the dock, not into the laptop itself.\n"
                "3. Press Windows+P and choose **Extend**.\n"
                "4. Update the docking station's firmware from Company Portal.",
            ),
            "fa": (
                "نمایشگر دوم روی داک شناخته نمی‌شود",
                "1. لپ‌تاپ را از داک جدا کنید، ده ثانیه صبر کنید و دوباره وصل کنید.\n"
                "2. بررسی کنید کابل نمایشگر به داک وصل باشد نه به خود لپ‌تاپ.\n"
                "3. کلیدهای Windows+P را بزنید و **Extend** را برگزینید.\n"
                "4. میان‌افزار داک را از Company Portal به‌روز کنید.",
            ),
            "fi": (
                "Toista näyttöä ei tunnisteta telakassa",
                "1. Irrota kannettava telakasta, odota kymmenen sekuntia ja telakoi se uudelleen.\n"
                "2. Varmista, että näytön kaapeli on kytketty telakkaan eikä suoraan kannettavaan.\n"
                "3. Paina Windows+P ja valitse **Laajenna**.\n"
                "4. Päivitä telakan laiteohjelmisto Company Portalista.",
            ),
        },
        state=DRAFT,
    ),
)

# How many of the tickets of an article's category are linked to it, at most (its use count).
LINKED_TICKETS_PER_ARTICLE = 3
