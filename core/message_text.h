#pragma once

#include <QString>

namespace lgm {

// Text from a user or a file, quoted in a message, must not drive the terminal (escape
// sequences), reorder what is printed (bidi overrides), hide characters (zero-width characters,
// BOMs) or break the message's single line. Such characters are shown as escapes: "\n", "\t",
// "\r" for the usual three, otherwise "\u202e"-style (UTF-16 code units, so a lone surrogate
// shows too). A backslash stays as it is, which keeps the escaping idempotent.

inline constexpr qsizetype kShownValueChars = 80; // a value longer than this is cut

// One value for quoting in a message: escaped, and cut with "…" after maxChars characters of
// output (an escape is never split).
QString shownValue(const QString& text, qsizetype maxChars = kShownValueChars);

// A whole message made safe and single-line: escaped as above, never cut.
QString oneLine(const QString& message);

// Whether a UTF-16 unit (a lone surrogate half included) or a whole code point is shown escaped.
bool needsEscape(QChar c);
bool needsEscape(char32_t codePoint);

// Whether text still holds a character that needsEscape(): what a finished message never does.
bool containsUnescaped(const QString& text);

} // namespace lgm
