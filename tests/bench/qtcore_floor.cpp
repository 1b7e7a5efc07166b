// The floor for a command-line estimate: the smallest QtCore program, which starts a
// QCoreApplication and prints one line of JSON. Every `llm-gpu-memory estimate` process pays
// this start-up (loading QtCore and ICU, their relocations, the application object) before it
// reads its first option, so it bounds how far ahead of the Python calculator any QtCore
// command line can be on a given machine.
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    std::puts(R"({"total_bytes": 0})");
    return 0;
}
