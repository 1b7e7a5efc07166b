#include "message_text.h"

#include <algorithm>

namespace lgm {

namespace {

QString escapeOf(QChar c) {
    switch (c.unicode()) {
    case u'\n':
        return QStringLiteral("\\n");
    case u'\t':
        return QStringLiteral("\\t");
    case u'\r':
        return QStringLiteral("\\r");
    default:
        return QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
    }
}

// Escaped text, stopping once it would pass maxChars (negative: never); `cut` tells whether
// anything was left out.
QString escaped(const QString& text, qsizetype maxChars, bool& cut) {
    QString out;
    out.reserve(maxChars < 0 ? text.size() : std::min(text.size(), maxChars) + 1);
    cut = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        // A valid surrogate pair is one character; escaping only lone halves keeps emoji intact.
        const bool pair =
            c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate();
        QString piece;
        if (pair) {
            // Outside the BMP are invisible format characters too (tags, U+E0001…E007F).
            const QChar low = text.at(i + 1);
            piece = needsEscape(QChar::surrogateToUcs4(c, low)) ? escapeOf(c) + escapeOf(low)
                                                                : text.mid(i, 2);
        } else {
            piece = needsEscape(c) ? escapeOf(c) : QString(c);
        }
        if (maxChars >= 0 && out.size() + piece.size() > maxChars) {
            cut = true;
            break;
        }
        out += piece;
        i += pair ? 1 : 0;
    }
    return out;
}

} // namespace

bool needsEscape(QChar c) {
    return needsEscape(char32_t(c.unicode()));
}

bool needsEscape(char32_t codePoint) {
    switch (QChar::category(codePoint)) {
    case QChar::Other_Control:       // C0, DEL, C1: terminal escape sequences and line breaks
    case QChar::Other_Format:        // bidi overrides and isolates, zero-width characters, BOM
    case QChar::Other_Surrogate:     // a lone half: a valid pair is asked as one code point
    case QChar::Separator_Line:      // U+2028
    case QChar::Separator_Paragraph: // U+2029
        return true;
    default:
        return false;
    }
}

QString shownValue(const QString& text, qsizetype maxChars) {
    bool cut = false;
    const QString out = escaped(text, std::max<qsizetype>(maxChars, 1), cut);
    return cut ? out + QChar(0x2026) : out;
}

QString oneLine(const QString& message) {
    bool cut = false;
    return escaped(message, -1, cut);
}

bool containsUnescaped(const QString& text) {
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            if (needsEscape(QChar::surrogateToUcs4(c, text.at(++i)))) {
                return true;
            }
        } else if (needsEscape(c)) {
            return true;
        }
    }
    return false;
}

} // namespace lgm
