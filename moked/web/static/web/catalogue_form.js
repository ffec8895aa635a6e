// A catalogue request form's conditions, applied as the person fills it in: the form's field
// definitions (key, type, show_when) are on the page as JSON (#catalogue-fields); a field whose
// conditions do not hold is hidden and its controls disabled, so its value is not sent. The server
// applies the same rules (moked.catalog.request_forms.visible_keys), and drops a hidden field's
// value whatever is sent: this script only spares the person questions that do not apply.
(function () {
  "use strict";
  const form = document.querySelector("form[data-catalogue-form]");
  const data = document.getElementById("catalogue-fields");
  if (!form || !data) {
    return;
  }
  const fields = JSON.parse(data.textContent);
  const PREFIX = "answer-";
  // Persian and Arabic-Indic digits, read as the server reads them (Python's Decimal does)
  const DIGITS = { "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
                   "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9" };

  function number(text) {
    const latin = String(text).trim().replace(/[۰-۹٠-٩]/g, function (digit) { return DIGITS[digit]; });
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(latin)) {
      return null;
    }
    const value = Number(latin);
    return Number.isFinite(value) ? value : null;
  }

  // The value of a field as the server's clean_answers would read it; null when not given.
  function valueOf(field) {
    const controls = form.querySelectorAll("[name='" + PREFIX + field.key + "']");
    if (field.type === "multiple_choice") {
      const chosen = Array.from(controls).filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      return chosen.length ? chosen : null;
    }
    if (field.type === "yes_no") {
      const checked = Array.from(controls).find(function (radio) { return radio.checked; });
      return checked ? checked.value === "true" : null;
    }
    const control = controls[0];
    if (!control) {
      return null;
    }
    if (field.type === "attachment") {
      return control.files && control.files.length ? control.files[0].name : null;
    }
    const text = control.value.trim();
    if (!text) {
      return null;
    }
    return field.type === "number" ? number(text) : text;
  }

  function same(value, expected) {
    if (typeof value === "string" && typeof expected === "string") {
      return value === expected;
    }
    const left = number(value), right = number(expected);
    return left !== null && left === right;
  }

  function holds(condition, values, shown) {
    const value = shown.has(condition.field) ? values[condition.field] : null;
    const given = value !== null && value !== undefined && value !== "";
    const expected = condition.value;
    switch (condition.operator) {
      case "is_set": return given;
      case "is_not_set": return !given;
      case "is":
        if (typeof expected === "boolean" || typeof value === "boolean") {
          return value === expected;
        }
        return given && same(value, expected);
      case "is_not": return !(given && same(value, expected));
      case "in": return given && expected.indexOf(value) >= 0;
      case "not_in": return !(given && expected.indexOf(value) >= 0);
      case "contains": return given && value.indexOf(expected) >= 0;
      case "not_contains": return !(given && value.indexOf(expected) >= 0);
      case "lt": return given && value < Number(expected);
      case "lte": return given && value <= Number(expected);
      case "gt": return given && value > Number(expected);
      case "gte": return given && value >= Number(expected);
      default: return true;
    }
  }

  function apply() {
    const values = {};
    fields.forEach(function (field) { values[field.key] = valueOf(field); });
    const shown = new Set();
    fields.forEach(function (field) {
      const visible = (field.show_when || []).every(function (condition) { return holds(condition, values, shown); });
      if (visible) {
        shown.add(field.key);
      }
      const wrapper = form.querySelector("[data-answer='" + field.key + "']");
      if (!wrapper) {
        return;
      }
      wrapper.hidden = !visible;
      wrapper.querySelectorAll("input, select, textarea").forEach(function (control) { control.disabled = !visible; });
    });
  }

  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  apply();
})();
