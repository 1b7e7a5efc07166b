#pragma once

#include "expected.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

namespace lgm {

// Qt's JSON parser is lenient where a file meant for other tools must not be: it accepts "5."
// and lets a repeated key silently replace the first. Files the product reads are held to
// RFC 8259 first, and a key given twice is refused by name.
struct JsonSyntaxError {
    qsizetype offset = 0; // byte where the fault was found
    QString reason;       // translated phrase, without the offset
    QString repeatedKey;  // set when the fault is a key given twice in one object
};

inline constexpr int kMaxJsonDepth = 64; // nested arrays and objects; input files need 3

// The document, or the first place where the bytes are not strict JSON.
Expected<QJsonDocument, JsonSyntaxError> parseStrictJson(const QByteArray& json);

} // namespace lgm
