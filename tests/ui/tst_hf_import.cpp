// A Hugging Face config.json in the desktop app: File → Import, a dropped file and the
// --hf-config start option set the model inputs; a bad file is one line and changes nothing.
#include "control_panel.h"
#include "hf_config_file.h"
#include "main_window.h"
#include "parameter_groups.h"
#include "scenario_actions.h"
#include "start_options.h"

#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

namespace {

QString dataFile(const QString& name) {
    return QStringLiteral(LGM_HF_DATA_DIR "/") + name;
}

} // namespace

class TestHfImport : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            return {};
        }
        file.write(bytes);
        return path;
    }

private slots:
    // Published shapes and exact counts (the model cards; the table of check values).
    void importSetsTheModelInputs_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("d");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("ffn");
        QTest::addColumn<int>("vocab");
        QTest::addColumn<int>("experts");
        QTest::addColumn<qint64>("exact");
        QTest::newRow("Llama-2-7B") << "meta-llama__Llama-2-7b-hf.json" << 4096 << 32 << 32 << 32
                                    << 11008 << 32000 << 1 << qint64(6'738'415'616);
        QTest::newRow("Llama-3-8B") << "meta-llama__Meta-Llama-3-8B-Instruct.json" << 4096 << 32
                                    << 32 << 8 << 14336 << 128256 << 1 << qint64(8'030'261'248);
        QTest::newRow("Mistral-7B") << "mistralai__Mistral-7B-v0.1.json" << 4096 << 32 << 32 << 8
                                    << 14336 << 32000 << 1 << qint64(7'241'732'096);
        QTest::newRow("Qwen2.5-7B") << "Qwen__Qwen2.5-7B.json" << 3584 << 28 << 28 << 4 << 18944
                                    << 152064 << 1 << qint64(7'615'616'512);
        QTest::newRow("Gemma-2-9B") << "google__gemma-2-9b.json" << 3584 << 42 << 16 << 8 << 14336
                                    << 256000 << 1 << qint64(9'241'705'984);
        QTest::newRow("Mixtral-8x7B") << "mistralai__Mixtral-8x7B-v0.1.json" << 4096 << 32 << 32
                                      << 8 << 14336 << 32000 << 8 << qint64(46'702'792'704);
    }
    void importSetsTheModelInputs() {
        QFETCH(QString, file);
        QFETCH(int, d);
        QFETCH(int, layers);
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, ffn);
        QFETCH(int, vocab);
        QFETCH(int, experts);
        QFETCH(qint64, exact);
        MainWindow w;
        ControlPanel* panel = w.controlPanel();
        panel->spinBox(InputId::Batch)->setValue(3);
        QStringList told;
        w.scenarioActions()->setMessageSink(
            [&told](const QString&, const QString& text) { told << text; });
        QVERIFY(w.scenarioActions()->importHfConfig(dataFile(file)));
        QVERIFY2(told.isEmpty(), qPrintable(told.join(u'\n')));
        QCOMPARE(panel->spinBox(InputId::DModel)->value(), d);
        QCOMPARE(panel->spinBox(InputId::Layers)->value(), layers);
        QCOMPARE(panel->spinBox(InputId::Heads)->value(), heads);
        QCOMPARE(panel->spinBox(InputId::KvHeads)->value(), kvHeads);
        QCOMPARE(panel->spinBox(InputId::Vocab)->value(), vocab);
        QCOMPARE(panel->spinBox(InputId::Experts)->value(), experts);
        QCOMPARE(panel->inputActive(InputId::TopK), experts > 1);
        const Scenario s = panel->scenario();
        QCOMPARE(experts > 1 ? s.model.moe.expertFfn : s.model.ffn, std::int64_t(ffn));
        QCOMPARE(s.training.batch, std::int64_t(3)); // training inputs are kept
        // The widgets hold the whole architecture: its count is the published one.
        const auto count = countParameters(s.model, CountMode::Exact);
        QVERIFY(count);
        QCOMPARE(qint64(count->total), exact);
        QVERIFY(w.isWindowModified());
    }

    void damagedFileLeavesTheInputs_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("names"); // what the message must name
        QTest::newRow("not JSON") << "config.json" << QByteArray("{\"model_type\": \"llama\",")
                                  << QString();
        QTest::newRow("unknown type")
            << "bert.json" << QByteArray("{\"model_type\": \"bert\", \"hidden_size\": 768}")
            << "bert";
        QTest::newRow("missing key")
            << "llama.json"
            << QByteArray("{\"model_type\": \"llama\", \"num_hidden_layers\": 2, "
                          "\"num_attention_heads\": 4, \"intermediate_size\": 64, "
                          "\"vocab_size\": 100}")
            << "hidden_size";
        QTest::newRow("wrong type")
            << "llama2.json"
            << QByteArray("{\"model_type\": \"llama\", \"hidden_size\": \"4096\", "
                          "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
                          "\"intermediate_size\": 64, \"vocab_size\": 100}")
            << "hidden_size";
        QTest::newRow("over 1 MiB") << "big.json" << QByteArray((1 << 20) + 10, ' ') << QString();
        QTest::newRow("a folder") << "" << QByteArray() << QString();
        QTest::newRow("missing file") << "absent.json" << QByteArray() << "absent.json";
    }
    void damagedFileLeavesTheInputs() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, names);
        QString path = name.isEmpty() ? m_dir.path() : m_dir.filePath(name);
        if (!bytes.isEmpty()) {
            path = write(name, bytes);
        }
        MainWindow w;
        ControlPanel* panel = w.controlPanel();
        panel->spinBox(InputId::Layers)->setValue(7);
        const Scenario before = panel->scenario();
        QStringList told;
        w.scenarioActions()->setMessageSink(
            [&told](const QString&, const QString& text) { told << text; });
        QVERIFY(!w.scenarioActions()->importHfConfig(path));
        QCOMPARE(panel->scenario(), before);
        QCOMPARE(told.size(), 1);
        QVERIFY2(!told.front().contains(u'\n'), qPrintable(told.front()));
        QVERIFY2(told.front().contains(names), qPrintable(told.front()));
        // The message the command line prints for the same file.
        QCOMPARE(told.front(), loadHfConfig(path).error().message);
        // And the app refuses to start with it, in one line naming the option.
        const auto start = parseStartOptions(
            {QStringLiteral("llm-gpu-memory"), QStringLiteral("--hf-config"), path});
        QVERIFY(!start);
        QVERIFY2(start.error().startsWith(QStringLiteral("--hf-config: ")),
                 qPrintable(start.error()));
        QVERIFY(!start.error().contains(u'\n'));
    }

    // A config.json dropped on the window is imported, not opened as a scenario.
    void droppedConfigIsImported() {
        QFile source(dataFile(QStringLiteral("meta-llama__Llama-3.2-1B.json")));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QString path = write(QStringLiteral("config.json"), source.readAll());
        MainWindow w;
        QStringList told;
        w.scenarioActions()->setMessageSink(
            [&told](const QString&, const QString& text) { told << text; });
        QSignalSpy imported(w.scenarioActions(), &ScenarioActions::hfConfigImported);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
        QCOMPARE(imported.count(), 1);
        QVERIFY2(told.isEmpty(), qPrintable(told.join(u'\n')));
        QCOMPARE(w.controlPanel()->spinBox(InputId::DModel)->value(), 2048); // Llama-3.2-1B
        QCOMPARE(w.controlPanel()->spinBox(InputId::KvHeads)->value(), 8);
    }

    void startOptionTakesAConfig() {
        const QString path = dataFile(QStringLiteral("Qwen__Qwen2.5-0.5B.json"));
        const auto start = parseStartOptions(
            {QStringLiteral("llm-gpu-memory"), QStringLiteral("--hf-config"), path});
        QVERIFY2(start, start ? "" : qPrintable(start.error()));
        QCOMPARE(start->hfConfigPath, path);
    }
};

QTEST_MAIN(TestHfImport)
#include "tst_hf_import.moc"
