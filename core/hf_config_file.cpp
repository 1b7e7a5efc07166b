#include "hf_config_file.h"

#include "bounded_file_reader.h"
#include "message_text.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace lgm {

Expected<HfModel, HfConfigError> loadHfConfig(const QString& path) {
    const auto bytes = readBoundedFile(path);
    if (!bytes) {
        return HfConfigError{HfConfigError::Kind::NotJson, QString(),
                             QCoreApplication::translate("HfConfig", "%1: %2")
                                 .arg(shownValue(path, 240), oneLine(bytes.error().reason))};
    }
    return parseHfConfig(bytes.value());
}

bool looksLikeHfConfig(const QByteArray& bytes) {
    const QJsonObject object = QJsonDocument::fromJson(bytes).object();
    return object.contains(u"model_type") && !object.contains(u"version");
}

} // namespace lgm
