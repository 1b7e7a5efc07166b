#pragma once

#include "config.h"
#include "expected.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace lgm::ui {

// What the desktop app is asked to show at start: `llm-gpu-memory [--lang zh_CN|en]
// [--scenario FILE] [--preset NAME] [--hf-config FILE]`. The scenario is applied first, then the
// preset's model, then the Hugging Face config's model.
struct StartOptions {
    QString language;               // canonical ("en", "zh_CN"); empty: the saved choice
    QString scenarioPath;           // empty: none
    std::optional<Config> scenario; // the file's inputs, already read and checked
    QString preset;                 // the preset's own name; empty: none
    QString hfConfigPath;           // a config.json already read and checked; empty: none
};

// `arguments` starts with the program name, as QCoreApplication::arguments() does, and holds
// no Qt options (QApplication removes those). Options may be written "--lang zh_CN" or
// "--lang=zh_CN". The error is one line naming the option and what it accepts.
Expected<StartOptions, QString> parseStartOptions(const QStringList& arguments);

} // namespace lgm::ui
