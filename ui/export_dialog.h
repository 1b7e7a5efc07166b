#pragma once

#include "chart_exporter.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace lgm::ui {

// Asks which chart to export, where, and at what size and scale.
class ExportDialog : public QDialog {
    Q_OBJECT

public:
    ExportDialog(const QStringList& chartTitles, int currentChart, QWidget* parent = nullptr);

    int chartIndex() const;
    QString path() const;
    ExportSize size() const;

private:
    void browse();

    QComboBox* m_chart;
    QLineEdit* m_path;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QDoubleSpinBox* m_scale;
};

} // namespace lgm::ui
