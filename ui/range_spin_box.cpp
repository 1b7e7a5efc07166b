#include "range_spin_box.h"

#include <algorithm>

namespace lgm::ui {

RangeSpinBox::RangeSpinBox(QWidget* parent) : QSpinBox(parent) {
    setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
}

QString RangeSpinBox::rangeText() const {
    return QStringLiteral("%1 – %2").arg(locale().toString(minimum()),
                                         locale().toString(maximum()));
}

std::optional<qlonglong> RangeSpinBox::parse(const QString& text) const {
    QString digits = text.trimmed();
    if (!prefix().isEmpty() && digits.startsWith(prefix())) {
        digits.remove(0, prefix().size());
    }
    if (!suffix().isEmpty() && digits.endsWith(suffix())) {
        digits.chop(suffix().size());
    }
    digits.remove(locale().groupSeparator());
    digits.remove(QLatin1Char(','));
    digits.remove(QLatin1Char(' '));
    bool ok = false;
    const qlonglong value = digits.toLongLong(&ok);
    if (!ok) {
        return std::nullopt;
    }
    return value;
}

QValidator::State RangeSpinBox::validate(QString& text, int& pos) const {
    const QValidator::State state = QSpinBox::validate(text, pos);
    if (state != QValidator::Invalid) {
        return state;
    }
    // A well-formed number past either end: let the typing go on, corrected (and reported)
    // when the edit ends.
    return parse(text) ? QValidator::Intermediate : QValidator::Invalid;
}

void RangeSpinBox::fixup(QString& input) const {
    if (const auto typed = parse(input); typed && (*typed < minimum() || *typed > maximum())) {
        const qlonglong nearest = std::clamp<qlonglong>(*typed, minimum(), maximum());
        input = locale().toString(nearest);
        // fixup() is const in QAbstractSpinBox; the signal changes nothing in this object.
        emit const_cast<RangeSpinBox*>(this)->outOfRange(*typed);
        return;
    }
    QSpinBox::fixup(input);
}

void RangeSpinBox::focusInEvent(QFocusEvent* event) {
    QSpinBox::focusInEvent(event);
    emit editingStarted();
}

} // namespace lgm::ui
