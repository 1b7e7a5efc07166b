#include "scenario.h"
#include "start_options.h"
#include "translation_loader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

class TestStartOptions : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static Expected<StartOptions, QString> parse(const QStringList& args) {
        return parseStartOptions(QStringList{QStringLiteral("llm-gpu-memory")} + args);
    }

private slots:
    void noOptions() {
        const auto options = parse({});
        QVERIFY(options);
        QVERIFY(options->language.isEmpty());
        QVERIFY(options->preset.isEmpty());
        QVERIFY(!options->scenario);
    }

    void languagePresetAndScenario() {
        Config config;
        config.batch = 3;
        const QString file = m_dir.filePath(QStringLiteral("b3.json"));
        QVERIFY(!writeScenario(file, config));
        const auto options = parse({"--lang", "zh-CN", "--preset=GPT2-Medium", "--scenario", file});
        QVERIFY2(options, qPrintable(options ? QString() : options.error()));
        QCOMPARE(options->language, QStringLiteral("zh_CN"));
        QCOMPARE(options->preset, QStringLiteral("gpt2-medium"));
        QCOMPARE(options->scenarioPath, file);
        QCOMPARE(options->scenario->batch, 3);
        QCOMPARE(parse({"--lang=en"})->language, QStringLiteral("en"));
    }

    void badValues_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("language") << QStringList{"--lang", "fr"} << "--lang";
        QTest::newRow("preset") << QStringList{"--preset", "gpt5"} << "gpt2-medium";
        QTest::newRow("missing value") << QStringList{"--preset"} << "--preset";
        QTest::newRow("empty value") << QStringList{"--lang="} << "--lang";
        QTest::newRow("unknown option") << QStringList{"--colour", "red"} << "--colour";
        QTest::newRow("positional") << QStringList{"file.json"} << "file.json";
        QTest::newRow("missing scenario")
            << QStringList{"--scenario", "/nonexistent/x.json"} << "x.json";
    }

    void badValues() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const auto options = parse(args);
        QVERIFY(!options);
        QVERIFY2(options.error().contains(mentions), qPrintable(options.error()));
        QVERIFY(!options.error().contains(u'\n'));
    }

    // The messages are looked up under the context lupdate files them in, so Chinese ones show.
    void errorsComeInTheInstalledLanguage() {
        TranslationLoader translations;
        QVERIFY(translations.setLanguage(QStringLiteral("zh_CN")));
        const auto preset = parse({"--preset", "gpt5"});
        QVERIFY(!preset);
        QVERIFY2(preset.error().contains(QStringLiteral("未知预设")), qPrintable(preset.error()));
        const auto option = parse({"--colour", "red"});
        QVERIFY(!option);
        QVERIFY2(option.error().contains(QStringLiteral("未知选项")), qPrintable(option.error()));
        QVERIFY(translations.setLanguage(QStringLiteral("en")));
        QVERIFY(parse({"--preset", "gpt5"}).error().contains(QStringLiteral("unknown preset")));
    }

    void damagedScenarioIsRefusedUntouched() {
        const QString file = m_dir.filePath(QStringLiteral("bad.json"));
        const QByteArray bytes = R"({"version": 7})";
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        const auto options = parse({"--scenario", file});
        QVERIFY(!options);
        QVERIFY(options.error().startsWith(QStringLiteral("--scenario")));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes);
    }
};

QTEST_MAIN(TestStartOptions)
#include "tst_start_options.moc"
