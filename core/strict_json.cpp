#include "strict_json.h"

#include <QCoreApplication>
#include <QJsonParseError>
#include <QSet>

#include <cstring>

#include <optional>

namespace lgm {

namespace {

// A class context, so that lupdate files the messages under the name they are looked up by.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(StrictJson)
};

// A recursive-descent check of the RFC 8259 grammar that keeps each object's keys.
class Checker {
public:
    explicit Checker(const QByteArray& json) : m_s(json) {}

    std::optional<JsonSyntaxError> run() {
        skipSpace();
        if (!value(0)) {
            return m_error;
        }
        skipSpace();
        if (m_i != m_s.size()) {
            return fail(Text::tr("unexpected text after the end of the document"));
        }
        return std::nullopt;
    }

private:
    const QByteArray& m_s;
    qsizetype m_i = 0;
    JsonSyntaxError m_error;

    char peek() const { return m_i < m_s.size() ? m_s.at(m_i) : '\0'; }
    bool atEnd() const { return m_i >= m_s.size(); }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    JsonSyntaxError fail(const QString& reason, qsizetype at = -1) {
        m_error = {at < 0 ? m_i : at, reason, {}};
        return m_error;
    }

    void skipSpace() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
            ++m_i;
        }
    }

    bool literal(const char* word) {
        const qsizetype n = qsizetype(std::strlen(word));
        if (m_s.mid(m_i, n) != word) {
            fail(Text::tr("unexpected character"));
            return false;
        }
        m_i += n;
        return true;
    }

    bool digits() {
        if (!isDigit(peek())) {
            fail(Text::tr("a digit is missing"));
            return false;
        }
        while (isDigit(peek())) {
            ++m_i;
        }
        return true;
    }

    bool number() {
        if (peek() == '-') {
            ++m_i;
        }
        if (peek() == '0') {
            ++m_i;
            if (isDigit(peek())) {
                fail(Text::tr("a number cannot start with 0"));
                return false;
            }
        } else if (!digits()) {
            return false;
        }
        if (peek() == '.') {
            ++m_i;
            if (!isDigit(peek())) {
                fail(Text::tr("a number needs digits after its \".\""));
                return false;
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_i;
            if (peek() == '+' || peek() == '-') {
                ++m_i;
            }
            return digits();
        }
        return true;
    }

    static int hexValue(char c) {
        if (isDigit(c)) {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    bool escape(QString& out) {
        static const QByteArray simple = "\"\\/bfnrt";
        static const char16_t meaning[] = u"\"\\/\b\f\n\r\t";
        const char c = peek();
        if (const qsizetype k = simple.indexOf(c); k >= 0 && !atEnd()) {
            out += QChar(meaning[k]);
            ++m_i;
            return true;
        }
        if (c != 'u') {
            fail(Text::tr("unknown escape in a string"));
            return false;
        }
        char16_t unit = 0;
        for (int k = 1; k <= 4; ++k) {
            const int h = hexValue(m_i + k < m_s.size() ? m_s.at(m_i + k) : '\0');
            if (h < 0) {
                fail(Text::tr("\\u must be followed by four hex digits"));
                return false;
            }
            unit = char16_t(unit * 16 + h);
        }
        out += QChar(unit);
        m_i += 5;
        return true;
    }

    bool string(QString* decoded) {
        ++m_i; // the opening quote
        QString out;
        qsizetype runStart = m_i;
        const auto flush = [&] {
            if (decoded) {
                out += QString::fromUtf8(m_s.constData() + runStart, m_i - runStart);
            }
        };
        while (!atEnd() && peek() != '"') {
            const auto c = static_cast<unsigned char>(peek());
            if (c < 0x20) {
                fail(Text::tr("a control character inside a string must be escaped"));
                return false;
            }
            if (c == '\\') {
                flush();
                ++m_i;
                if (!escape(out)) {
                    return false;
                }
                runStart = m_i;
                continue;
            }
            ++m_i;
        }
        if (atEnd()) {
            fail(Text::tr("a string is not closed"));
            return false;
        }
        flush();
        ++m_i;
        if (decoded) {
            *decoded = out;
        }
        return true;
    }

    bool object(int depth) {
        ++m_i;
        QSet<QString> keys;
        skipSpace();
        if (peek() == '}') {
            ++m_i;
            return true;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                fail(Text::tr("a key in quotes is expected"));
                return false;
            }
            const qsizetype keyAt = m_i;
            QString key;
            if (!string(&key)) {
                return false;
            }
            if (keys.contains(key)) {
                fail(Text::tr("a key is given twice"), keyAt);
                m_error.repeatedKey = key;
                return false;
            }
            keys.insert(key);
            skipSpace();
            if (peek() != ':') {
                fail(Text::tr("\":\" is expected after a key"));
                return false;
            }
            ++m_i;
            skipSpace();
            if (!value(depth + 1)) {
                return false;
            }
            skipSpace();
            if (peek() == '}') {
                ++m_i;
                return true;
            }
            if (peek() != ',') {
                fail(Text::tr("\",\" or \"}\" is expected"));
                return false;
            }
            ++m_i;
        }
    }

    bool array(int depth) {
        ++m_i;
        skipSpace();
        if (peek() == ']') {
            ++m_i;
            return true;
        }
        while (true) {
            skipSpace();
            if (!value(depth + 1)) {
                return false;
            }
            skipSpace();
            if (peek() == ']') {
                ++m_i;
                return true;
            }
            if (peek() != ',') {
                fail(Text::tr("\",\" or \"]\" is expected"));
                return false;
            }
            ++m_i;
        }
    }

    bool value(int depth) {
        if (depth >= kMaxJsonDepth) {
            fail(Text::tr("nested more than %1 levels deep").arg(kMaxJsonDepth));
            return false;
        }
        switch (peek()) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"':
            return string(nullptr);
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        case '\0':
            if (atEnd()) {
                fail(Text::tr("the document ends early"));
                return false;
            }
            break;
        default:
            if (peek() == '-' || isDigit(peek())) {
                return number();
            }
            break;
        }
        fail(Text::tr("unexpected character"));
        return false;
    }
};

} // namespace

Expected<QJsonDocument, JsonSyntaxError> parseStrictJson(const QByteArray& json) {
    if (auto error = Checker(json).run()) {
        return *error;
    }
    QJsonParseError parseError;
    QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // What the grammar check leaves to Qt: invalid UTF-8 and Qt's own size limits.
        return JsonSyntaxError{parseError.offset, parseError.errorString(), {}};
    }
    return document;
}

} // namespace lgm
