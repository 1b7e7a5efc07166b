// The summary's number cells (summary_value_delegate.h) look as the style paints them: the same
// text at the same place, give or take a pixel of the style's text layout, and a text too wide
// for its cell is elided by the style itself.
#include "summary_value_delegate.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QtTest>

using namespace lgm::ui;

namespace {

// A one-cell table, painted into an image, with the delegate or with the style's own.
QImage paintCell(const QString& text, int width, Qt::Alignment align, bool ours) {
    QTableWidget table(1, 1);
    table.horizontalHeader()->hide();
    table.verticalHeader()->hide();
    table.setShowGrid(false);
    table.setWordWrap(false);
    table.setFrameShape(QFrame::NoFrame);
    table.setFocusPolicy(Qt::NoFocus);
    if (ours) {
        table.setItemDelegateForColumn(0, new SummaryValueDelegate(&table));
    }
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(align | Qt::AlignVCenter);
    table.setItem(0, 0, item);
    table.setColumnWidth(0, width);
    table.resize(width, table.rowHeight(0));
    QImage image(table.size(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    table.viewport()->render(&image);
    return image;
}

// The box of the text's dark pixels.
QRect inked(const QImage& image) {
    QRect box;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (qGray(image.pixel(x, y)) < 128) {
                box |= QRect(x, y, 1, 1);
            }
        }
    }
    return box;
}

} // namespace

class TestSummaryValueDelegate : public QObject {
    Q_OBJECT

private slots:
    void sameTextSamePlace_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("align");
        QTest::newRow("GiB right") << QStringLiteral("82.7 GiB") << int(Qt::AlignRight);
        QTest::newRow("ratio right") << QStringLiteral("0.0178×") << int(Qt::AlignRight);
        QTest::newRow("count left") << QStringLiteral("8,030,261,248") << int(Qt::AlignLeft);
        QTest::newRow("Chinese centre")
            << QStringLiteral("不适合：超出 3.06 GiB") << int(Qt::AlignHCenter);
    }

    void sameTextSamePlace() {
        QFETCH(QString, text);
        QFETCH(int, align);
        const QRect style = inked(paintCell(text, 240, Qt::Alignment(align), false));
        const QRect ours = inked(paintCell(text, 240, Qt::Alignment(align), true));
        QVERIFY(!style.isEmpty());
        QVERIFY2(std::abs(ours.left() - style.left()) <= 1 &&
                     std::abs(ours.right() - style.right()) <= 1 &&
                     std::abs(ours.top() - style.top()) <= 1 &&
                     std::abs(ours.bottom() - style.bottom()) <= 1,
                 qPrintable(QStringLiteral("style %1,%2 %3x%4, delegate %5,%6 %7x%8")
                                .arg(style.x())
                                .arg(style.y())
                                .arg(style.width())
                                .arg(style.height())
                                .arg(ours.x())
                                .arg(ours.y())
                                .arg(ours.width())
                                .arg(ours.height())));
    }

    // Too wide: the style's own painting, "…" and all, pixel for pixel.
    void tooWideIsTheStylesOwn() {
        const QString text = QStringLiteral("1,234,567,890,123 bytes");
        const QImage style = paintCell(text, 60, Qt::AlignRight, false);
        const QImage ours = paintCell(text, 60, Qt::AlignRight, true);
        QVERIFY(!inked(style).isEmpty());
        QCOMPARE(ours, style);
    }
};

QTEST_MAIN(TestSummaryValueDelegate)
#include "tst_summary_value_delegate.moc"
