#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QTextStream(stdout) << "usage: llm-gpu-memory estimate [options]\n";
    return 0;
}
