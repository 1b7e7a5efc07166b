#pragma once

// Loads the desktop-app module (llm-gpu-memory-gui), which holds QtWidgets and the charts, and
// hands it the command line. Kept out of the executable so that `estimate` starts fast.
// Returns the module's exit code, or 1 with a message on stderr when it cannot be loaded.
int runGuiModule(int argc, char** argv);
