#pragma once

#include <QObject>

class QTabWidget;

namespace lgm::ui {

// Tab titles that always fit: "Memory: model states vs activations" where the tab bar has the
// room for every full title, else the part before the colon ("Memory"), with the full title as
// the tab's tool tip. Titles may be set at any time (a language change); fit() then re-reads
// them, and the titles are fitted again on every resize of the tab widget.
class TabTitles : public QObject {
    Q_OBJECT

public:
    explicit TabTitles(QTabWidget* tabs);
    void fit();
    // The short form of a title: the part before its first colon (":" or "："), trimmed.
    static QString shortTitle(const QString& title);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTabWidget* m_tabs;
    bool m_fitting = false;
};

} // namespace lgm::ui
