#include "message_text.h"

#include <QTest>

using namespace lgm;

// The sanitiser: every character that could drive a terminal, reorder or hide text, or break a
// message's line, shown as an escape; everything else untouched.
class TestMessageText : public QObject {
    Q_OBJECT

private slots:
    void escapes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("shown");
        QTest::newRow("plain") << "ratio"
                               << "ratio";
        QTest::newRow("newline") << "ratio\nx"
                                 << "ratio\\nx";
        QTest::newRow("tab and CR") << "a\tb\rc"
                                    << "a\\tb\\rc";
        QTest::newRow("OSC title")
            << QStringLiteral("\x1b]0;pwned\x07") << "\\u001b]0;pwned\\u0007";
        QTest::newRow("DEL") << QStringLiteral("a\x7f") << "a\\u007f";
        QTest::newRow("C1 NEL") << QString(QChar(0x85)) << "\\u0085";
        QTest::newRow("bidi override") << QString(QChar(0x202e)) + "ddp"
                                       << "\\u202eddp";
        QTest::newRow("bidi isolate") << QString(QChar(0x2066)) << "\\u2066";
        QTest::newRow("zero-width space") << "a" + QString(QChar(0x200b)) + "b"
                                          << "a\\u200bb";
        QTest::newRow("zero-width joiner") << QString(QChar(0x200d)) << "\\u200d";
        QTest::newRow("BOM") << QString(QChar(0xfeff)) + "300"
                             << "\\ufeff300";
        QTest::newRow("line separator") << QString(QChar(0x2028)) << "\\u2028";
        QTest::newRow("lone surrogate") << QString(QChar(0xd800)) << "\\ud800";
        QTest::newRow("tag character outside the BMP") << QString::fromUtf8("a\xf3\xa0\x80\x81"
                                                                            "b")
                                                       << "a\\udb40\\udc01b";
        QTest::newRow("emoji kept")
            << QString::fromUtf8("\xf0\x9f\x98\x80") << QString::fromUtf8("\xf0\x9f\x98\x80");
        QTest::newRow("Chinese kept") << QString::fromUtf8("\xe6\x98\xbe\xe5\xad\x98")
                                      << QString::fromUtf8("\xe6\x98\xbe\xe5\xad\x98");
        QTest::newRow("backslash kept") << "a\\u202e"
                                        << "a\\u202e";
    }

    void escapes() {
        QFETCH(QString, text);
        QFETCH(QString, shown);
        QCOMPARE(shownValue(text), shown);
        QCOMPARE(oneLine(text), shown);
        QCOMPARE(oneLine(oneLine(text)), oneLine(text)); // idempotent
        QVERIFY(!containsUnescaped(shownValue(text)));
    }

    void longValueIsCutWithAnEllipsis() {
        const QString shown = shownValue(QString(1000, u'x'), 10);
        QCOMPARE(shown, QString(10, u'x') + QChar(0x2026));
        QCOMPARE(shownValue(QString(10, u'x'), 10), QString(10, u'x'));
    }

    void cutNeverSplitsAnEscapeOrAPair() {
        QCOMPARE(shownValue(QStringLiteral("abcd\n"), 5), QStringLiteral("abcd") + QChar(0x2026));
        const QString emoji = QString::fromUtf8("\xf0\x9f\x98\x80");
        QCOMPARE(shownValue(QStringLiteral("abcd") + emoji, 5),
                 QStringLiteral("abcd") + QChar(0x2026));
    }

    void oneLineIsNeverCut() {
        const QString message = QString(5000, u'y') + u'\n';
        const QString line = oneLine(message);
        QCOMPARE(line.size(), 5002);
        QVERIFY(!line.contains(u'\n'));
    }
};

QTEST_GUILESS_MAIN(TestMessageText)
#include "tst_message_text.moc"
