#include "strict_json.h"

#include <QJsonObject>
#include <QTest>

using namespace lgm;

// RFC 8259, with each object's keys given once.
class TestStrictJson : public QObject {
    Q_OBJECT

private slots:
    void accepted_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("scenario") << QByteArray("{\"version\": 1, \"seq\": 1024}\n");
        QTest::newRow("nested") << QByteArray(
            "{\"a\": [1, -2.5, 3e2, true, null, {\"b\": \"c\"}]}");
        QTest::newRow("escapes") << QByteArray("{\"s\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"}");
        QTest::newRow("same key in two objects")
            << QByteArray("{\"a\": {\"k\": 1}, \"b\": {\"k\": 2}}");
        QTest::newRow("UTF-8 key") << QByteArray("{\"\xe6\x98\xbe\": 1}");
        QTest::newRow("zero") << QByteArray("[0, -0, 0.5]");
    }

    void accepted() {
        QFETCH(QByteArray, json);
        const auto document = parseStrictJson(json);
        QVERIFY2(document, document ? "" : qPrintable(document.error().reason));
    }

    void refused_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<qsizetype>("offset");
        QTest::newRow("5.") << QByteArray("{\"seq\": 5.}") << qsizetype(10);
        QTest::newRow(".5") << QByteArray("{\"seq\": .5}") << qsizetype(8);
        QTest::newRow("leading zero") << QByteArray("[01]") << qsizetype(2);
        QTest::newRow("plus") << QByteArray("[+1]") << qsizetype(1);
        QTest::newRow("exponent without digits") << QByteArray("[1e]") << qsizetype(3);
        QTest::newRow("trailing comma") << QByteArray("[1,]") << qsizetype(3);
        QTest::newRow("trailing comma in object") << QByteArray("{\"a\":1,}") << qsizetype(7);
        QTest::newRow("raw newline in string") << QByteArray("[\"a\nb\"]") << qsizetype(3);
        QTest::newRow("bad escape") << QByteArray("[\"\\x\"]") << qsizetype(3);
        QTest::newRow("short \\u") << QByteArray("[\"\\u12\"]") << qsizetype(3);
        QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf{}") << qsizetype(0);
        QTest::newRow("two documents") << QByteArray("{} {}") << qsizetype(3);
        QTest::newRow("empty") << QByteArray("") << qsizetype(0);
        QTest::newRow("truncated") << QByteArray("{\"a\": [1, 2") << qsizetype(11);
        QTest::newRow("NaN") << QByteArray("[NaN]") << qsizetype(1);
        QTest::newRow("single quotes") << QByteArray("['a']") << qsizetype(1);
    }

    void refused() {
        QFETCH(QByteArray, json);
        QFETCH(qsizetype, offset);
        const auto document = parseStrictJson(json);
        QVERIFY(!document);
        QCOMPARE(document.error().offset, offset);
        QVERIFY(!document.error().reason.isEmpty());
        QVERIFY(document.error().repeatedKey.isEmpty());
    }

    void repeatedKeyIsNamed_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key");
        QTest::newRow("plain") << QByteArray("{\"seq\": 1, \"seq\": 2}") << "seq";
        QTest::newRow("written with an escape")
            << QByteArray("{\"seq\": 1, \"s\\u0065q\": 2}") << "seq";
        QTest::newRow("nested") << QByteArray("{\"a\": {\"k\": 1, \"k\": 1}}") << "k";
        QTest::newRow("%1") << QByteArray("{\"%1\": 1, \"%1\": 2}") << "%1";
    }

    void repeatedKeyIsNamed() {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        const auto document = parseStrictJson(json);
        QVERIFY(!document);
        QCOMPARE(document.error().repeatedKey, key);
    }

    void depthIsBounded() {
        const QByteArray deep =
            QByteArray(kMaxJsonDepth + 1, '[') + QByteArray(kMaxJsonDepth + 1, ']');
        QVERIFY(!parseStrictJson(deep));
        const QByteArray fine = QByteArray(kMaxJsonDepth, '[') + QByteArray(kMaxJsonDepth, ']');
        QVERIFY(parseStrictJson(fine));
        // A million brackets must not overflow the stack.
        QVERIFY(!parseStrictJson(QByteArray(1'000'000, '[')));
    }

    void invalidUtf8IsLeftToQtAndRefused() { QVERIFY(!parseStrictJson(QByteArray("[\"\xff\"]"))); }
};

QTEST_GUILESS_MAIN(TestStrictJson)
#include "tst_strict_json.moc"
