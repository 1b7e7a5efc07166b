#include "input_error.h"

#include "input_rules.h"

#include <QCoreApplication>

namespace lgm {

namespace {

using Translate = QString (*)(const char* context, const char* text);

QString translated(const char* context, const char* text) {
    return QCoreApplication::translate(context, text);
}
QString english(const char*, const char* text) {
    return QString::fromUtf8(text);
}

QString nameOf(Field field, NameStyle style) {
    const InputSpec& r = inputSpec(field);
    const auto q = [](std::string_view s) {
        return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    };
    switch (style) {
    case NameStyle::Option:
        return QStringLiteral("--") + q(r.option);
    case NameStyle::Key:
        return QLatin1Char('"') + q(r.key) + QLatin1Char('"');
    case NameStyle::Symbol:
        break;
    }
    return q(r.symbol.empty() ? r.key : r.symbol);
}

QString rangeText(Field field, Translate translate) {
    const InputSpec& r = inputSpec(field);
    if (r.kind == InputKind::Fraction) {
        return translate("InputError", "a probability P with 0 ≤ P < 1, at most 3 decimals");
    }
    return translate("InputError", "a whole number from %1 to %2").arg(r.min).arg(r.max);
}

QString message(const InputError& error, NameStyle style, const Scenario* scenario,
                Translate translate) {
    const QString name = nameOf(error.field, style);
    switch (error.kind) {
    case ErrorKind::OutOfRange:
        return translate("InputError", "%1 must be %2")
            .arg(name, rangeText(error.field, translate));
    case ErrorKind::NotDivisible: {
        const InputRule& rule = inputRules()[static_cast<std::size_t>(error.rule)];
        const auto value = [scenario](Field f) {
            return scenario ? QString::number(inputValue(*scenario, f)) : QStringLiteral("…");
        };
        // Rules quote only the placeholders they need, so they are filled by name.
        QString text = translate("InputRules", rule.message);
        text.replace(QLatin1String("%1"), name)
            .replace(QLatin1String("%2"), nameOf(rule.other, style))
            .replace(QLatin1String("%3"), value(rule.blame))
            .replace(QLatin1String("%4"), value(rule.other));
        if (inputSpec(error.field).kind == InputKind::Integer) {
            text +=
                translate("InputError", " (%1: %2)").arg(name, rangeText(error.field, translate));
        }
        return text;
    }
    case ErrorKind::Layout:
        return translate("InputError", "the parallel layout does not fit: %1")
            .arg(QString::fromStdString(error.quantity));
    case ErrorKind::Unrepresentable: {
        QString text = translate("InputError", "the %1 of this configuration exceed 2^63 bytes and "
                                               "cannot be represented; lower %2 (%3)")
                           .arg(translate("InputError", error.quantity.c_str()), name,
                                rangeText(error.field, translate));
        for (Field f : error.related) {
            text += QStringLiteral(", ") + nameOf(f, style);
        }
        return text;
    }
    }
    return name;
}

// The sentences above and the quantities estimate() names, listed for the translation tools.
[[maybe_unused]] constexpr const char* kTranslated[] = {
    QT_TRANSLATE_NOOP("InputError", "a whole number from %1 to %2"),
    QT_TRANSLATE_NOOP("InputError", "a probability P with 0 ≤ P < 1, at most 3 decimals"),
    QT_TRANSLATE_NOOP("InputError", "%1 must be %2"),
    QT_TRANSLATE_NOOP("InputError", " (%1: %2)"),
    QT_TRANSLATE_NOOP("InputError", "the %1 of this configuration exceed 2^63 bytes and "
                                    "cannot be represented; lower %2 (%3)"),
    QT_TRANSLATE_NOOP("InputError", "the parallel layout does not fit: %1"),
    QT_TRANSLATE_NOOP("InputError", "model states"),
    QT_TRANSLATE_NOOP("InputError", "activations"),
    QT_TRANSLATE_NOOP("InputError", "total memory"),
    QT_TRANSLATE_NOOP("InputError", "per-GPU memory"),
};

} // namespace

QString errorMessage(const InputError& error, NameStyle style, const Scenario& scenario) {
    return message(error, style, &scenario, &translated);
}

std::string describe(const InputError& error, NameStyle style) {
    return message(error, style, nullptr, &english).toStdString();
}

} // namespace lgm
