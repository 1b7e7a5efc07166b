#include "deepspeed_config.h"

#include "message_text.h"
#include "strict_json.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>

namespace lgm {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("DeepSpeedConfig", text);
}

struct Failure {
    DeepSpeedConfigError error;
};

// `message` has the key as %1 and `extra`, when given, as %2.
[[noreturn]] void fail(const QString& key, const QString& message, const QString& extra = {}) {
    const QString text = message.arg(key);
    throw Failure{{key, extra.isEmpty() ? text : text.arg(extra)}};
}

bool isAuto(const QJsonValue& v) {
    return v.isString() && v.toString() == QLatin1String("auto");
}

// Reads one object's keys: those asked for are taken, the rest go to the ignored list.
class Section {
public:
    Section(const QJsonObject& object, QString path, QStringList& ignored)
        : m_object(object), m_path(std::move(path)), m_ignored(ignored) {}
    ~Section() {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!m_read.contains(it.key())) {
                m_ignored.append(m_path + it.key());
            }
        }
    }
    Section(const Section&) = delete;
    Section& operator=(const Section&) = delete;

    // The value under `key`, or undefined when absent (null counts as absent, as in DeepSpeed).
    QJsonValue take(const QString& key) {
        m_read.append(key);
        const QJsonValue v = m_object.value(key);
        return v.isNull() ? QJsonValue(QJsonValue::Undefined) : v;
    }
    QString path(const QString& key) const { return m_path + key; }
    QJsonObject object(const QString& key) {
        const QJsonValue v = take(key);
        if (v.isUndefined()) {
            return {};
        }
        if (!v.isObject()) {
            fail(path(key), tr("DeepSpeed config: \"%1\" must be an object"));
        }
        return v.toObject();
    }
    bool has(const QString& key) const { return m_object.contains(key); }

private:
    QJsonObject m_object;
    QString m_path;
    QStringList& m_ignored;
    QStringList m_read;
};

std::optional<std::int64_t> wholeNumber(Section& s, const QString& key, std::int64_t most) {
    const QJsonValue v = s.take(key);
    if (v.isUndefined() || isAuto(v)) {
        return std::nullopt;
    }
    const double x = v.toDouble(-1);
    if (!v.isDouble() || !(x >= 1) || x > double(most) || std::floor(x) != x) {
        fail(s.path(key),
             tr("DeepSpeed config: \"%1\" must be a whole number from 1 to %2, or \"auto\""),
             QString::number(most));
    }
    return std::int64_t(x);
}

std::optional<bool> flag(Section& s, const QString& key) {
    const QJsonValue v = s.take(key);
    if (v.isUndefined() || isAuto(v)) {
        return std::nullopt;
    }
    if (!v.isBool()) {
        fail(s.path(key), tr("DeepSpeed config: \"%1\" must be true, false or \"auto\""));
    }
    return v.toBool();
}

// offload_optimizer.device / offload_param.device: true for "cpu", false for "none".
std::optional<bool> offloadDevice(Section& zero, const QString& name, QStringList& ignored) {
    if (!zero.has(name)) {
        return std::nullopt;
    }
    Section offload(zero.object(name), zero.path(name) + '.', ignored);
    const QJsonValue v = offload.take(QStringLiteral("device"));
    if (v.isUndefined() || isAuto(v)) {
        return std::nullopt;
    }
    const QString device = v.toString();
    if (!v.isString() || (device != QLatin1String("cpu") && device != QLatin1String("none"))) {
        fail(offload.path(QStringLiteral("device")),
             tr("DeepSpeed config: \"%1\" must be \"none\" or \"cpu\""));
    }
    return device == QLatin1String("cpu");
}

void readZero(Section& root, DeepSpeedSettings& out, QStringList& ignored) {
    if (!root.has(QStringLiteral("zero_optimization"))) {
        return;
    }
    Section zero(root.object(QStringLiteral("zero_optimization")), "zero_optimization.", ignored);
    const QJsonValue stage = zero.take(QStringLiteral("stage"));
    if (!stage.isUndefined() && !isAuto(stage)) {
        const double x = stage.toDouble(-1);
        if (!stage.isDouble() || (x != 0 && x != 1 && x != 2 && x != 3)) {
            fail(zero.path(QStringLiteral("stage")),
                 tr("DeepSpeed config: \"%1\" must be 0, 1, 2 or 3"));
        }
        out.zeroStage = int(x);
    }
    const auto optimizer = offloadDevice(zero, QStringLiteral("offload_optimizer"), ignored);
    const auto params = offloadDevice(zero, QStringLiteral("offload_param"), ignored);
    if (params.value_or(false) && !optimizer.value_or(false)) {
        fail(zero.path(QStringLiteral("offload_param.device")),
             tr("DeepSpeed config: \"%1\" needs offload_optimizer on the CPU as well"));
    }
    if (params.value_or(false)) {
        out.offload = Offload::OptimizerParams;
    } else if (optimizer) {
        out.offload = *optimizer ? Offload::Optimizer : Offload::None;
    }
}

std::optional<bool> enabled(Section& root, const QString& name, QStringList& ignored) {
    if (!root.has(name)) {
        return std::nullopt;
    }
    Section section(root.object(name), name + '.', ignored);
    return flag(section, QStringLiteral("enabled"));
}

void readPrecision(Section& root, DeepSpeedSettings& out, QStringList& ignored) {
    const auto bf16 = enabled(root, QStringLiteral("bf16"), ignored);
    const auto fp16 = enabled(root, QStringLiteral("fp16"), ignored);
    if (bf16.value_or(false) && fp16.value_or(false)) {
        fail(QStringLiteral("bf16.enabled"),
             tr("DeepSpeed config: \"%1\" and fp16.enabled are both true"));
    }
    if (bf16.value_or(false)) {
        out.precision = Precision::Bf16Mixed;
    } else if (fp16.value_or(false)) {
        out.precision = Precision::Fp16Mixed;
    } else if (bf16 || fp16) { // switched off explicitly: DeepSpeed trains in fp32
        out.precision = Precision::Fp32;
    }
}

void readOptimizer(Section& root, DeepSpeedSettings& out, QStringList& ignored) {
    if (!root.has(QStringLiteral("optimizer"))) {
        return;
    }
    Section section(root.object(QStringLiteral("optimizer")), "optimizer.", ignored);
    const QJsonValue type = section.take(QStringLiteral("type"));
    QJsonObject params = section.object(QStringLiteral("params"));
    if (type.isUndefined() || isAuto(type)) {
        return;
    }
    const QString name = type.toString().toLower();
    if (name == QLatin1String("adam") || name == QLatin1String("adamw")) {
        out.optimizer = Optimizer::AdamW; // both keep fp32 exp_avg and exp_avg_sq
    } else if (name == QLatin1String("lion")) {
        out.optimizer = Optimizer::Lion;
    } else if (name == QLatin1String("adafactor")) {
        out.optimizer = Optimizer::Adafactor;
    } else if (name == QLatin1String("sgd")) {
        const bool momentum = params.value(QStringLiteral("momentum")).toDouble(0) != 0;
        out.optimizer = momentum ? Optimizer::SgdMomentum : Optimizer::Sgd;
    } else {
        fail(section.path(QStringLiteral("type")),
             tr("DeepSpeed config: \"%1\" names an optimizer the estimate does not model (valid: "
                "Adam, AdamW, Lion, SGD, Adafactor)"));
    }
}

DeepSpeedSettings read(const QJsonObject& object) {
    DeepSpeedSettings out;
    Section root(object, QString(), out.ignored);
    readZero(root, out, out.ignored);
    readPrecision(root, out, out.ignored);
    out.microBatch = wholeNumber(root, QStringLiteral("train_micro_batch_size_per_gpu"), 1000000);
    out.gradAccumulation =
        wholeNumber(root, QStringLiteral("gradient_accumulation_steps"), 1000000);
    out.trainBatch = wholeNumber(root, QStringLiteral("train_batch_size"), 1000000000000);
    readOptimizer(root, out, out.ignored);
    if (root.has(QStringLiteral("activation_checkpointing"))) {
        // The section configures deepspeed.checkpointing, which a model that calls it recomputes
        // through; its keys only tune where the saved inputs go.
        Section ckpt(root.object(QStringLiteral("activation_checkpointing")),
                     "activation_checkpointing.", out.ignored);
        out.activationCheckpointing = true;
    }
    return out;
}

} // namespace

Expected<DeepSpeedSettings, DeepSpeedConfigError> parseDeepSpeedConfig(const QByteArray& json) {
    // Held to strict JSON like every file the product reads: no "5.", no key given twice.
    const auto parsed = parseStrictJson(json);
    if (!parsed) {
        const JsonSyntaxError& e = parsed.error();
        if (!e.repeatedKey.isEmpty()) {
            // The key as shown: escaped and cut like every value in a message.
            const QString key = shownValue(e.repeatedKey);
            return DeepSpeedConfigError{key,
                                        tr("DeepSpeed config: key \"%1\" is given twice").arg(key)};
        }
        return DeepSpeedConfigError{QString(), tr("DeepSpeed config: not a JSON object")};
    }
    const QJsonDocument& doc = *parsed;
    if (!doc.isObject()) {
        return DeepSpeedConfigError{QString(), tr("DeepSpeed config: not a JSON object")};
    }
    try {
        DeepSpeedSettings out;
        out = read(doc.object());
        out.ignored.sort(); // QJsonObject iterates in key order, not file order
        return out;
    } catch (const Failure& f) {
        return f.error;
    }
}

Expected<DeepSpeedTarget, DeepSpeedConfigError> applyDeepSpeedConfig(const DeepSpeedSettings& s,
                                                                     DeepSpeedTarget t) {
    t.zeroStage = s.zeroStage.value_or(t.zeroStage);
    t.offload = s.offload.value_or(t.offload);
    t.precision = s.precision.value_or(t.precision);
    t.optimizer = s.optimizer.value_or(t.optimizer);
    t.activationCheckpointing = s.activationCheckpointing.value_or(t.activationCheckpointing);
    if (t.offload == Offload::OptimizerParams && t.zeroStage != 3) {
        return DeepSpeedConfigError{"zero_optimization.offload_param.device",
                                    tr("DeepSpeed config: \"%1\" needs zero_optimization.stage 3")
                                        .arg("zero_optimization.offload_param.device")};
    }
    if (t.offload == Offload::Optimizer && t.zeroStage < 1) {
        return DeepSpeedConfigError{"zero_optimization.offload_optimizer.device",
                                    tr("DeepSpeed config: \"%1\" needs a ZeRO stage of at least 1")
                                        .arg("zero_optimization.offload_optimizer.device")};
    }
    // DeepSpeed's _set_batch_related_parameters: derive what the file leaves out.
    const std::int64_t n = std::max<std::int64_t>(t.dataParallel, 1);
    auto micro = s.microBatch, acc = s.gradAccumulation, train = s.trainBatch;
    if (train && micro && !acc) {
        acc = *train / *micro / n;
    } else if (train && acc && !micro) {
        micro = *train / n / *acc;
    } else if (train && !micro && !acc) {
        acc = 1;
        micro = *train / n;
    } else if (!train && micro && !acc) {
        acc = 1;
    }
    t.microBatch = micro.value_or(t.microBatch);
    t.gradAccumulation = acc.value_or(t.gradAccumulation);
    __extension__ const __int128 product = __int128(t.microBatch) * t.gradAccumulation * n;
    if (train && (t.microBatch < 1 || t.gradAccumulation < 1 || product != *train)) {
        return DeepSpeedConfigError{
            "train_batch_size",
            tr("DeepSpeed config: \"%1\" (%2) is not micro-batch %3 × accumulation %4 × %5 GPUs")
                .arg("train_batch_size", QString::number(*train), QString::number(t.microBatch),
                     QString::number(t.gradAccumulation), QString::number(n))};
    }
    return t;
}

} // namespace lgm
