#pragma once

// The key reader behind parseHfConfig(): typed reads of one config.json object that keep the
// first fault as a one-line message naming the key. Internal to core/hf_config*.cpp.

#include "hf_config.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <cstdint>
#include <optional>
#include <set>

namespace lgm::hf {

inline QString tr(const char* text) {
    return QCoreApplication::translate("HfConfig", text);
}

// Integers above 2^53 are not exact in JSON's doubles; no model dimension comes near.
inline constexpr double kLargestInteger = 9007199254740992.0;

// Reads keys of one config object. The first fault is kept and later reads return fallbacks, so
// a type's reader is a straight list of keys and the caller checks error() once.
class Reader {
public:
    explicit Reader(const QJsonObject& object) : m_object(object) {}

    const std::optional<HfConfigError>& error() const { return m_error; }

    // A required positive integer.
    std::int64_t integer(const char* key) {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            fail(HfConfigError::Kind::MissingKey, key, tr("config.json: missing key \"%1\""));
            return 1;
        }
        return checkedInteger(key, v, 1);
    }

    // An optional integer of at least `least`; absent or null gives the type's default.
    std::int64_t integer(const char* key, std::int64_t fallback, std::int64_t least = 1) {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return fallback;
        }
        return checkedInteger(key, v, least);
    }

    // An optional integer where null means "none" (0), unlike an absent key, which gets the
    // type's default: DeepSeek's q_lora_rank.
    std::int64_t integerOrNone(const char* key, std::int64_t absent) {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isNull()) {
            return 0;
        }
        return v.isUndefined() ? absent : checkedInteger(key, v, 1);
    }

    bool flag(const char* key, bool fallback) {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return fallback;
        }
        if (!v.isBool()) {
            fail(HfConfigError::Kind::WrongType, key,
                 tr("config.json: \"%1\" must be true or false"));
            return fallback;
        }
        return v.toBool();
    }

    // An optional list of layer indices (mlp_only_layers); absent or null is empty.
    std::set<std::int64_t> indices(const char* key) {
        std::set<std::int64_t> out;
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            fail(HfConfigError::Kind::WrongType, key,
                 tr("config.json: \"%1\" must be a list of layer indices"));
            return out;
        }
        for (const QJsonValue& item : v.toArray()) {
            const double n = item.toDouble(-1.0);
            if (!item.isDouble() || n < 0 || n > kLargestInteger || n != std::floor(n)) {
                fail(HfConfigError::Kind::WrongType, key,
                     tr("config.json: \"%1\" must be a list of layer indices"));
                return {};
            }
            out.insert(static_cast<std::int64_t>(n));
        }
        return out;
    }

    // A variant of a supported type that the architecture description does not cover.
    void unsupported(const char* key, const QString& type) {
        if (!m_error) {
            m_error = HfConfigError{
                HfConfigError::Kind::Unsupported, QString::fromLatin1(key),
                tr("config.json: this value of \"%1\" is not supported for model_type \"%2\"")
                    .arg(QLatin1String(key), type)};
        }
    }

private:
    std::int64_t checkedInteger(const char* key, const QJsonValue& v, std::int64_t least) {
        const double n = v.toDouble();
        if (!v.isDouble() || n != std::floor(n) || n < double(least) || n > kLargestInteger) {
            fail(HfConfigError::Kind::WrongType, key,
                 least > 0 ? tr("config.json: \"%1\" must be a whole number of at least 1")
                           : tr("config.json: \"%1\" must be a whole number of at least 0"));
            return least > 0 ? least : 0;
        }
        return static_cast<std::int64_t>(n);
    }

    void fail(HfConfigError::Kind kind, const char* key, const QString& pattern) {
        if (!m_error) {
            m_error = HfConfigError{kind, QString::fromLatin1(key),
                                    pattern.arg(QString::fromLatin1(key))};
        }
    }

    QJsonObject m_object;
    std::optional<HfConfigError> m_error;
};

} // namespace lgm::hf
