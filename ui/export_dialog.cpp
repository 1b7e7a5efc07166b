#include "export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace lgm::ui {

ExportDialog::ExportDialog(const QStringList& chartTitles, int currentChart, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Export chart"));
    auto* form = new QFormLayout(this);
    m_chart = new QComboBox;
    m_chart->addItems(chartTitles);
    m_chart->setCurrentIndex(currentChart);
    form->addRow(tr("&Chart"), m_chart);

    m_path = new QLineEdit(QDir::home().filePath(QStringLiteral("chart.png")));
    m_path->setToolTip(tr("The extension chooses the format: .png, .svg or .pdf."));
    auto* browse = new QPushButton(tr("&Browse…"));
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    // A row holding a layout gets no buddy from QFormLayout, which would show "&File" as is.
    auto* fileLabel = new QLabel(tr("&File"));
    fileLabel->setBuddy(m_path);
    form->addRow(fileLabel, pathRow);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);

    m_width = new QSpinBox;
    m_width->setRange(200, 8000);
    m_width->setValue(ExportSize{}.width);
    m_height = new QSpinBox;
    m_height->setRange(150, 8000);
    m_height->setValue(ExportSize{}.height);
    m_scale = new QDoubleSpinBox;
    m_scale->setRange(0.5, 4);
    m_scale->setSingleStep(0.5);
    m_scale->setValue(ExportSize{}.scale);
    m_scale->setToolTip(tr("PNG only: pixels per layout unit. 1920×1080 at scale 2 gives a "
                           "3840×2160 image with 1080p proportions."));
    form->addRow(tr("&Width"), m_width);
    form->addRow(tr("&Height"), m_height);
    form->addRow(tr("&Scale"), m_scale);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void ExportDialog::browse() {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export chart"), m_path->text(),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (!file.isEmpty()) {
        m_path->setText(file);
    }
}

int ExportDialog::chartIndex() const {
    return m_chart->currentIndex();
}
QString ExportDialog::path() const {
    return m_path->text();
}
ExportSize ExportDialog::size() const {
    return {m_width->value(), m_height->value(), m_scale->value()};
}

} // namespace lgm::ui
