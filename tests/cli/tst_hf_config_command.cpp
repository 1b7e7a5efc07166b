#include "core_commands.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

// `estimate --hf-config FILE` and the model presets, run as the executable runs a command: the
// published
// counts from the real config.json files, the precedence of the sources, the warning for an s
// beyond the model's maximum, and one line with exit code 2 for every bad file.
class TestHfConfigCommand : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void publishedCounts_data();
    void publishedCounts();
    void precedence_data();
    void precedence();
    void sequenceAboveTheMaximumWarns();
    void badFileIsOneLine_data();
    void badFileIsOneLine();
    void presetsListTheFamilies();

private:
    QTemporaryDir m_dir;
};

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// The command as main() runs it, in English, with both streams captured.
Run run(const QStringList& args) {
    QString out, err;
    QTextStream outStream(&out), errStream(&err);
    Run r;
    r.exitCode = lgm::cli::runCoreCommand(
        QStringList{"llm-gpu-memory"} + args + QStringList{"--lang", "en"}, outStream, errStream);
    outStream.flush();
    errStream.flush();
    r.out = out.toUtf8();
    r.err = err.toUtf8();
    return r;
}

QString data(const QString& file) {
    return QStringLiteral(LGM_HF_DATA_DIR "/") + file;
}

qint64 valueAt(const QByteArray& json, const QString& group, const QString& key) {
    return QJsonDocument::fromJson(json).object().value(group).toObject().value(key).toInteger(-1);
}

} // namespace

void TestHfConfigCommand::initTestCase() {
    QVERIFY(m_dir.isValid());
}

// The check values of issue 11, through the whole process; the presets give the same.
void TestHfConfigCommand::publishedCounts_data() {
    QTest::addColumn<QStringList>("source");
    QTest::addColumn<qint64>("exact");
    QTest::addColumn<qint64>("active");
    const auto hf = [](const char* file) {
        return QStringList{"--hf-config", data(QString::fromLatin1(file))};
    };
    QTest::newRow("Llama-3-8B config") << hf("meta-llama__Meta-Llama-3-8B-Instruct.json")
                                       << qint64{8'030'261'248} << qint64{8'030'261'248};
    QTest::newRow("Mixtral-8x7B config") << hf("mistralai__Mixtral-8x7B-v0.1.json")
                                         << qint64{46'702'792'704} << qint64{12'879'925'248};
    QTest::newRow("Gemma-2-9B config")
        << hf("google__gemma-2-9b.json") << qint64{9'241'705'984} << qint64{9'241'705'984};
    QTest::newRow("llama-3-8b preset")
        << QStringList{"--preset", "llama-3-8b"} << qint64{8'030'261'248} << qint64{8'030'261'248};
    QTest::newRow("mixtral-8x7b preset") << QStringList{"--preset", "mixtral-8x7b"}
                                         << qint64{46'702'792'704} << qint64{12'879'925'248};
    QTest::newRow("gpt2 preset") << QStringList{"--preset", "gpt2"} << qint64{124'439'808}
                                 << qint64{124'439'808};
}

void TestHfConfigCommand::publishedCounts() {
    QFETCH(QStringList, source);
    QFETCH(qint64, exact);
    QFETCH(qint64, active);
    const Run r = run(QStringList{"estimate", "--format", "json"} + source);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err, QByteArray());
    QCOMPARE(valueAt(r.out, "parameters", "exact"), exact);
    QCOMPARE(valueAt(r.out, "parameters", "active"), active);
}

// defaults < scenario < preset or HF config < explicit options.
void TestHfConfigCommand::precedence_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("key"); // under inputs
    QTest::addColumn<qint64>("value");
    const QString llama = data(QStringLiteral("meta-llama__Meta-Llama-3-8B-Instruct.json"));
    QTest::newRow("config sets d")
        << QStringList{"--hf-config", llama} << "d_model" << qint64{4096};
    QTest::newRow("explicit d wins")
        << QStringList{"--hf-config", llama, "--d-model", "2048"} << "d_model" << qint64{2048};
    QTest::newRow("config keeps s") << QStringList{"--hf-config", llama} << "seq" << qint64{1024};
    QTest::newRow("explicit g wins")
        << QStringList{"--hf-config", llama, "--kv-heads", "4"} << "kv_heads" << qint64{4};
}

void TestHfConfigCommand::precedence() {
    QFETCH(QStringList, options);
    QFETCH(QString, key);
    QFETCH(qint64, value);
    const Run r = run(QStringList{"estimate", "--format", "json"} + options);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(valueAt(r.out, "inputs", key), value);
}

// Llama-3-8B's max_position_embeddings is 8192: s = 16384 is estimated, with a warning.
void TestHfConfigCommand::sequenceAboveTheMaximumWarns() {
    const QString llama = data(QStringLiteral("meta-llama__Meta-Llama-3-8B-Instruct.json"));
    const Run r = run({"estimate", "--format", "json", "--hf-config", llama, "--seq", "16384"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains("warning") && r.err.contains("8192"), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QCOMPARE(valueAt(r.out, "inputs", "seq"), qint64{16384});
    const Run within = run({"estimate", "--hf-config", llama, "--seq", "8192"});
    QCOMPARE(within.exitCode, 0);
    QCOMPARE(within.err, QByteArray());
}

void TestHfConfigCommand::badFileIsOneLine_data() {
    QTest::addColumn<QByteArray>("content"); // written to a file first; empty: `path` as given
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("unknown model_type")
        << QByteArray(R"({"model_type": "bloom", "hidden_size": 64})") << QString()
        << QStringList{"bloom", "llama", "mixtral", "gemma2"};
    QTest::newRow("missing key")
        << QByteArray(R"({"model_type": "llama", "vocab_size": 32000, "num_hidden_layers": 2,
                         "num_attention_heads": 4, "intermediate_size": 64})")
        << QString() << QStringList{"hidden_size"};
    QTest::newRow("wrong type")
        << QByteArray(R"({"model_type": "llama", "vocab_size": "many", "hidden_size": 64,
                         "num_hidden_layers": 2, "num_attention_heads": 4,
                         "intermediate_size": 64})")
        << QString() << QStringList{"vocab_size"};
    QTest::newRow("not JSON") << QByteArray("model_type = llama") << QString()
                              << QStringList{"JSON"};
    QTest::newRow("over 1 MiB") << QByteArray((1 << 20) + 10, ' ') << QString()
                                << QStringList{"--hf-config"};
    QTest::newRow("a folder") << QByteArray() << QStringLiteral(LGM_HF_DATA_DIR)
                              << QStringList{"--hf-config", "regular"};
    QTest::newRow("a device") << QByteArray() << QStringLiteral("/dev/zero")
                              << QStringList{"--hf-config", "regular"};
    QTest::newRow("missing file") << QByteArray() << QStringLiteral("/nonexistent/config.json")
                                  << QStringList{"--hf-config", "/nonexistent/config.json"};
}

void TestHfConfigCommand::badFileIsOneLine() {
    QFETCH(QByteArray, content);
    QFETCH(QString, path);
    QFETCH(QStringList, mentions);
    if (path.isEmpty()) {
        path = m_dir.filePath(QStringLiteral("config.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
    }
    const QString saved = m_dir.filePath(QStringLiteral("never.json"));
    const Run r = run({"estimate", "--hf-config", path, "--save-scenario", saved});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QByteArray());
    QCOMPARE(r.err.count('\n'), 1);
    for (const QString& word : mentions) {
        QVERIFY2(QString::fromUtf8(r.err).contains(word), r.err.constData());
    }
    QVERIFY(!QFileInfo::exists(saved));
}

// `presets` lists today's families after the GPT-2-layout table, with counts and sources; JSON
// gives them as "models" (the "presets" array keeps the GPT-2-layout rows).
void TestHfConfigCommand::presetsListTheFamilies() {
    const Run text = run({"presets"});
    QCOMPARE(text.exitCode, 0);
    const QString out = QString::fromUtf8(text.out);
    QVERIFY(out.contains(QStringLiteral("llama-3-8b")));
    QVERIFY(out.contains(QStringLiteral("8,030,261,248")));
    QVERIFY(out.contains(QStringLiteral("active 12.9B (12,879,925,248)")));
    QVERIFY(out.contains(QStringLiteral("Touvron et al. 2023")));
    const Run json = run({"presets", "--format", "json"});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject root = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(root.value(u"presets").toArray().size(), 20);
    const QJsonArray models = root.value(u"models").toArray();
    QCOMPARE(models.size(), 34);
    int checked = 0;
    for (const QJsonValue& row : models) {
        const QJsonObject o = row.toObject();
        QVERIFY(!o.value(u"source").toString().isEmpty());
        // The exact count is the published one for every family preset.
        QCOMPARE(o.value(u"parameters").toInteger(), o.value(u"published_parameters").toInteger());
        if (o.value(u"name").toString() == u"mixtral-8x7b") {
            QCOMPARE(o.value(u"active_parameters").toInteger(), 12'879'925'248);
            ++checked;
        }
    }
    QCOMPARE(checked, 1);
}

QTEST_GUILESS_MAIN(TestHfConfigCommand)
#include "tst_hf_config_command.moc"
