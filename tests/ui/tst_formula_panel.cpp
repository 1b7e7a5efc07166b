#include "formula_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QPushButton>
#include <QTest>
#include <QTextBrowser>

using namespace lgm;

// GPT-2 small, fp32, b = 8, s = 1024 (the Config defaults); the numbers are computed by hand in
// tst_derivation.
class TestFormulaPanel : public QObject {
    Q_OBJECT

private slots:
    void showsTheSubstitutedNumbers_data();
    void showsTheSubstitutedNumbers();
    void followsTheEstimate();
    void copiesMarkdownToTheClipboard();
    void fontScaleEnlargesAndRestores();

private:
    static Estimate gpt2Small() { return *estimate(Config{}); }
};

void TestFormulaPanel::showsTheSubstitutedNumbers_data() {
    QTest::addColumn<QString>("shown");
    QTest::newRow("12Ld²") << "12·12·768²";
    QTest::newRow("exact count") << "124,439,808";
    QTest::newRow("16Ψ") << "16·124,439,808 B";
    QTest::newRow("model states") << "1,991,036,928 B (1.85 GiB)";
    QTest::newRow("2bhs²") << "2·8·12·1,024²";
    QTest::newRow("activations") << "14,495,514,624 B (13.5 GiB)";
    QTest::newRow("8d/h") << "8·768/12";
}

void TestFormulaPanel::showsTheSubstitutedNumbers() {
    QFETCH(QString, shown);
    FormulaPanel panel;
    panel.setEstimate(gpt2Small());
    auto* browser = panel.findChild<QTextBrowser*>(QStringLiteral("formulaBrowser"));
    QVERIFY(browser);
    // The document's plain text flattens <sup>2</sup> to "2"; compare with superscripts spelled
    // as the characters the reader sees.
    QString text = browser->toPlainText();
    QString expected = shown;
    expected.replace(QStringLiteral("²"), QStringLiteral("2"));
    QVERIFY2(text.contains(expected), qPrintable(expected));
    QVERIFY(!text.contains(QStringLiteral("^{")));
    QVERIFY(!text.contains(QStringLiteral("\\cdot")));
    QVERIFY(panel.html().contains(QStringLiteral("768<sup>2</sup>")));
}

void TestFormulaPanel::followsTheEstimate() {
    FormulaPanel panel;
    panel.setEstimate(gpt2Small());
    Config c;
    c.batch = 1;
    panel.setEstimate(*estimate(c));
    // 6bsd with b = 1: 6·1·1024·768 = 4,718,592 elements.
    const QString text = panel.findChild<QTextBrowser*>()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("6·1·1,024·768")));
    QVERIFY(text.contains(QStringLiteral("4,718,592")));
    panel.setUnitSystem(UnitSystem::Decimal);
    // 16Ψ = 1,991,036,928 B = 1.99 GB.
    QVERIFY(panel.findChild<QTextBrowser*>()->toPlainText().contains(QStringLiteral("(1.99 GB)")));
}

void TestFormulaPanel::copiesMarkdownToTheClipboard() {
    FormulaPanel panel;
    panel.setEstimate(gpt2Small());
    QApplication::clipboard()->clear();
    auto* button = panel.findChild<QPushButton*>(QStringLiteral("copyMarkdownButton"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    const QString copied = QApplication::clipboard()->text();
    QCOMPARE(copied, panel.markdown());
    QVERIFY(copied.startsWith(QStringLiteral("### 1.")));
    QVERIFY(
        copied.contains(QStringLiteral("$\\Psi _{\\mathrm{approx}} = 12 \\cdot L \\cdot d^{2}")));
    QVERIFY(copied.contains(QStringLiteral("124{,}439{,}808")));
    QVERIFY(!copied.contains(QStringLiteral("<sup>")));
    const QMimeData* data = QApplication::clipboard()->mimeData();
    QVERIFY(data && data->hasFormat(QStringLiteral("text/markdown")));
}

void TestFormulaPanel::fontScaleEnlargesAndRestores() {
    FormulaPanel panel;
    panel.setEstimate(gpt2Small());
    auto* browser = panel.findChild<QTextBrowser*>();
    const QFont normal = browser->font();
    const qreal normalSize = normal.pointSizeF() > 0 ? normal.pointSizeF() : normal.pixelSize();
    panel.setFontScale(1.5);
    const QFont big = browser->font();
    const qreal bigSize = big.pointSizeF() > 0 ? big.pointSizeF() : big.pixelSize();
    QVERIFY(qAbs(bigSize - 1.5 * normalSize) <= 0.51);
    QCOMPARE(panel.fontScale(), 1.5);
    panel.setFontScale(1.0);
    QCOMPARE(browser->font(), normal);
    panel.setFontScale(1e9); // clamped, no absurd font
    QCOMPARE(panel.fontScale(), 4.0);
}

QTEST_MAIN(TestFormulaPanel)
#include "tst_formula_panel.moc"
