// Whole-process wall time of `llm-gpu-memory export-chart` to PNG against export_baseline, the
// minimal Qt + QCustomPlot program that exports one chart the same size.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class ExportBaselineBench : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static double meanMs(const QString& program, const QStringList& arguments, int runs) {
        double total = 0;
        for (int i = 0; i < runs; ++i) {
            QProcess p;
            QElapsedTimer t;
            t.start();
            p.start(program, arguments);
            if (!p.waitForFinished(60000) || p.exitCode() != 0) {
                return -1;
            }
            total += t.nsecsElapsed() / 1e6;
        }
        return total / runs;
    }

private slots:
    void exportVersusBaseline() {
        const QString app = QStringLiteral(LGM_EXECUTABLE);
        const QString baseline = QStringLiteral(LGM_EXPORT_BASELINE);
        const QStringList appArgs{QStringLiteral("export-chart"), QStringLiteral("--chart"),
                                  QStringLiteral("memory-vs-seq"), QStringLiteral("--out"),
                                  m_dir.filePath(QStringLiteral("app.png"))};
        const QStringList baseArgs{m_dir.filePath(QStringLiteral("baseline.png"))};
        meanMs(app, appArgs, 1); // page in both once
        meanMs(baseline, baseArgs, 1);
        double appMs = 0, baseMs = 0;
        for (int round = 0; round < 3; ++round) {
            appMs += meanMs(app, appArgs, 3);
            baseMs += meanMs(baseline, baseArgs, 3);
        }
        appMs /= 3;
        baseMs /= 3;
        QVERIFY(appMs > 0 && baseMs > 0);
        qInfo("export-chart %.1f ms, baseline %.1f ms, ratio %.2f", appMs, baseMs, appMs / baseMs);
    }
};

QTEST_MAIN(ExportBaselineBench)
#include "export_baseline_bench.moc"
