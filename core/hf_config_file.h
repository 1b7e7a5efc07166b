#pragma once

// A Hugging Face config.json read from a file: the one way front ends take one (the desktop
// app's File menu, a dropped file and its --hf-config start option). The file is read as every
// input file is (bounded_file_reader.h): a folder, a device or more than 1 MiB is refused with
// one line naming the file.

#include "expected.h"
#include "hf_config.h"

#include <QByteArray>
#include <QString>

namespace lgm {

Expected<HfModel, HfConfigError> loadHfConfig(const QString& path);

// Whether bytes read from a .json file look like a Hugging Face config rather than a scenario
// file: an object with "model_type" and without "version".
bool looksLikeHfConfig(const QByteArray& bytes);

} // namespace lgm
