"""Small synthetic ticket sets whose classes are told apart by their words, in several languages."""

import random

PHRASES = {
    "access": [
        "reset my password please",
        "account locked after login attempts",
        "שכחתי את הסיסמה לחשבון",
        "salasana unohtui, tili lukittu",
        "رمز عبور حساب کاربری را فراموش کردم",
    ],
    "printing": [
        "the printer on floor two jams",
        "toner empty in printer",
        "המדפסת לא מדפיסה",
        "tulostin ei tulosta, väriaine loppu",
        "چاپگر کاغذ را گیر می‌دهد",
    ],
    "network": [
        "wifi keeps disconnecting",
        "no network cable connection in room",
        "אין חיבור לרשת האלחוטית",
        "verkkoyhteys katkeilee, wlan ei toimi",
        "اینترنت و شبکه بی‌سیم قطع است",
    ],
}
FILLER = ["hello", "thanks", "urgent", "today", "kiitos", "תודה", "ممنون", "regards"]


def tickets(per_class: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """`per_class` texts of each class: one of its phrases amid filler words common to all."""
    chosen = random.Random(seed)
    texts: list[str] = []
    labels: list[str] = []
    for _ in range(per_class):
        for label, phrases in PHRASES.items():
            words = [chosen.choice(FILLER), chosen.choice(phrases), chosen.choice(FILLER)]
            texts.append(" ".join(words))
            labels.append(label)
    return texts, labels
