#include "translation_loader.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QTest>
#include <QXmlStreamReader>

using namespace lgm;

// The Chinese translation as the application loads it: switching at run time, the terms of the
// field, and every finished entry of the .ts present in the embedded .qm.
class TestTranslationLoader : public QObject {
    Q_OBJECT

private slots:
    void canonicalNames_data();
    void canonicalNames();
    void keyTermsInChinese_data();
    void keyTermsInChinese();
    void switchingSendsLanguageChange();
    void unknownLanguageChangesNothing();
    void destroyingRemovesTheTranslators();
    void qtsOwnTranslationIsLoadedWhenInstalled();
    void everyEntryOfTheTsIsFinishedAndCompiled();
};

namespace {

// Counts the QEvent::LanguageChange events the application receives.
class LanguageChangeCounter : public QObject {
public:
    int count = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::LanguageChange) {
            ++count;
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void TestTranslationLoader::canonicalNames_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("en") << "en"
                        << "en";
    QTest::newRow("en_US") << "en_US"
                           << "en";
    QTest::newRow("zh_CN") << "zh_CN"
                           << "zh_CN";
    QTest::newRow("zh-CN") << "zh-CN"
                           << "zh_CN";
    QTest::newRow("zh") << "zh"
                        << "zh_CN";
    QTest::newRow("ZH_cn") << "ZH_cn"
                           << "zh_CN";
    QTest::newRow("fr") << "fr"
                        << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestTranslationLoader::canonicalNames() {
    QFETCH(QString, name);
    QFETCH(QString, canonical);
    QCOMPARE(TranslationLoader::canonicalName(name), canonical);
}

void TestTranslationLoader::keyTermsInChinese_data() {
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("chinese");
    // The spec's own terms (llm-gpu-memory.md) for the quantities the app is about.
    const auto row = [](const char* context, const char* source, const char* chinese) {
        QTest::newRow(source) << QString::fromUtf8(context) << QString::fromUtf8(source)
                              << QString::fromUtf8(chinese);
    };
    row("TextReport", "Model states", "模型状态");
    row("TextReport", "gradients", "梯度");
    row("TextReport", "parameters", "参数");
    row("TextReport", "Crossovers", "交叉点");
    row("Derivation", "3. Activations", "3. 激活值");
    row("Derivation", "Adam: fp32 master copy, momentum and variance",
        "Adam：fp32 主权重副本、动量和方差");
    row("Inputs", "Vocabulary size v", "词表大小 v");
    row("InputRules", "%1 (%3) must divide %2 (%4)", "%1（%3）必须整除 %2（%4）");
    row("InputError", "per-GPU memory", "每个 GPU 的显存");
    row("Inputs", "Embedding dimension d", "嵌入维度 d");
    row("Inputs", "Transformer layers L", "Transformer 层数 L");
    row("Inputs", "Attention heads h", "注意力头数 h");
    row("Inputs", "Feed-forward dimension f", "前馈网络隐藏层维度 f");
    row("Inputs", "Context length s", "上下文长度 s");
    row("CommandLine", "Prints how much GPU memory training a GPT-style model takes.",
        "输出训练 GPT 类模型所需的显存。");
    row("lgm::ui::BreakdownChart", "Breakdown: fp32 vs fp16 mixed precision",
        "分解：fp32 与 fp16 混合精度对比");
    row("lgm::ui::ControlPanel", "&b batch", "&b 批大小");
    row("lgm::ui::SummaryPanel", "global batch N·b", "全局批大小 N·b");
    row("StrategyHelp", "Training on N GPUs", "在 N 个 GPU 上训练");
    row("TextReport", "optimizer", "优化器状态");
    row("Scenario", "Cannot use the scenario file %1: %2", "无法使用场景文件 %1：%2");
    row("lgm::ui::RatioChart", "Ratio of activations to model states", "激活值与模型状态之比");
}

void TestTranslationLoader::keyTermsInChinese() {
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(QString, chinese);
    const QByteArray c = context.toUtf8();
    const QByteArray s = source.toUtf8();
    TranslationLoader loader;
    QVERIFY(loader.setLanguage(QStringLiteral("zh_CN")));
    QCOMPARE(loader.language(), QStringLiteral("zh_CN"));
    QCOMPARE(QCoreApplication::translate(c.constData(), s.constData()), chinese);
    QVERIFY(loader.setLanguage(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate(c.constData(), s.constData()), source);
}

void TestTranslationLoader::switchingSendsLanguageChange() {
    LanguageChangeCounter counter;
    qApp->installEventFilter(&counter);
    TranslationLoader loader;
    QVERIFY(loader.setLanguage(QStringLiteral("zh_CN")));
    QVERIFY(counter.count >= 1);
    const int afterChinese = counter.count;
    QVERIFY(loader.setLanguage(QStringLiteral("zh-CN"))); // the same language: nothing to do
    QCOMPARE(counter.count, afterChinese);
    QVERIFY(loader.setLanguage(QStringLiteral("en")));
    QVERIFY(counter.count > afterChinese);
    qApp->removeEventFilter(&counter);
}

void TestTranslationLoader::unknownLanguageChangesNothing() {
    TranslationLoader loader;
    QVERIFY(loader.setLanguage(QStringLiteral("zh_CN")));
    QVERIFY(!loader.setLanguage(QStringLiteral("tlh")));
    QCOMPARE(loader.language(), QStringLiteral("zh_CN"));
    QCOMPARE(QCoreApplication::translate("TextReport", "Model states"),
             QString::fromUtf8("模型状态"));
}

void TestTranslationLoader::destroyingRemovesTheTranslators() {
    {
        TranslationLoader loader;
        QVERIFY(loader.setLanguage(QStringLiteral("zh_CN")));
        QCOMPARE(QCoreApplication::translate("TextReport", "Model states"),
                 QString::fromUtf8("模型状态"));
    }
    QCOMPARE(QCoreApplication::translate("TextReport", "Model states"),
             QStringLiteral("Model states"));
}

void TestTranslationLoader::qtsOwnTranslationIsLoadedWhenInstalled() {
    const QString qtbase =
        QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_zh_CN.qm");
    TranslationLoader loader;
    QVERIFY(!loader.hasQtTranslation());
    QVERIFY(loader.setLanguage(QStringLiteral("zh_CN")));
    QCOMPARE(loader.hasQtTranslation(), QFile::exists(qtbase));
    if (loader.hasQtTranslation()) {
        // A string of QtWidgets' own dialogs, translated by Qt.
        QVERIFY(QCoreApplication::translate("QPlatformTheme", "Cancel") !=
                QStringLiteral("Cancel"));
    }
    QVERIFY(loader.setLanguage(QStringLiteral("en")));
    QVERIFY(!loader.hasQtTranslation());
}

void TestTranslationLoader::everyEntryOfTheTsIsFinishedAndCompiled() {
    QFile ts(QStringLiteral(LGM_TS_FILE));
    QVERIFY(ts.open(QIODevice::ReadOnly));
    TranslationLoader loader;
    QVERIFY(loader.setLanguage(QStringLiteral("zh_CN")));
    QXmlStreamReader xml(&ts);
    QString context;
    QString source;
    int entries = 0;
    int differing = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) {
            continue;
        }
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            QVERIFY2(xml.attributes().value(QLatin1String("type")).isEmpty(),
                     qPrintable(context + ": " + source));
            const QString translation = xml.readElementText();
            QVERIFY2(!translation.isEmpty(), qPrintable(context + ": " + source));
            const QByteArray c = context.toUtf8();
            const QByteArray s = source.toUtf8();
            QCOMPARE(QCoreApplication::translate(c.constData(), s.constData()), translation);
            ++entries;
            differing += translation != source ? 1 : 0;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    // A few hundred strings; only symbols, units and product names read the same in Chinese.
    QVERIFY2(entries > 300, qPrintable(QString::number(entries)));
    QVERIFY2(differing > entries * 9 / 10, qPrintable(QString::number(differing)));
}

QTEST_GUILESS_MAIN(TestTranslationLoader)
#include "tst_translation_loader.moc"
