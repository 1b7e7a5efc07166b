"""One row of the validation table: a set-up, what is predicted, what was measured."""

PASS, FAIL, DEVIATION, NOT_PREDICTED, SKIPPED = (
    "pass", "FAIL", "known deviation", "not yet predicted by the tool", "skipped")


def compare(section, setup, quantity, predicted, measured, source, deviation=None):
    """Exact comparison: one byte (or one parameter) of difference fails, unless the row names
    a listed deviation that explains it."""
    diff = measured - predicted
    status = PASS if diff == 0 else (DEVIATION if deviation else FAIL)
    return {"section": section, "setup": setup, "quantity": quantity, "predicted": predicted,
            "measured": measured, "difference": diff, "status": status, "source": source,
            "deviation": deviation}


def relative(section, setup, quantity, predicted, measured, source, limit, deviation=None):
    """For a peak: the error in percent, failing above `limit` percent."""
    diff = measured - predicted
    pct = 100.0 * diff / measured if measured else 0.0
    ok = abs(pct) <= limit
    status = PASS if ok else (DEVIATION if deviation else FAIL)
    row = compare(section, setup, quantity, predicted, measured, source, deviation)
    row.update(status=status, percent=pct)
    return row


def measured_only(section, setup, quantity, measured, source=""):
    return {"section": section, "setup": setup, "quantity": quantity, "predicted": None,
            "measured": measured, "difference": None, "status": NOT_PREDICTED,
            "source": source, "deviation": None}


def skipped(section, setup, quantity, why):
    return {"section": section, "setup": setup, "quantity": quantity, "predicted": None,
            "measured": None, "difference": None, "status": SKIPPED, "source": why,
            "deviation": None}
