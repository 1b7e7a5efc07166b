#include "breakdown_view_menu.h"

#include <QActionGroup>
#include <QEvent>
#include <QSettings>

namespace lgm::ui {

namespace {
const QString kViewKey = QStringLiteral("ui/breakdown_view");
const QString kMethod = QStringLiteral("method");
} // namespace

BreakdownViewMenu::BreakdownViewMenu(QSettings* settings, QWidget* parent)
    : QMenu(parent), m_settings(settings) {
    setObjectName(QStringLiteral("breakdownViewMenu"));
    auto* group = new QActionGroup(this);
    m_precision = addAction(QString());
    m_method = addAction(QString());
    for (QAction* a : {m_precision, m_method}) {
        a->setCheckable(true);
        group->addAction(a);
    }
    m_precision->setObjectName(QStringLiteral("breakdownPrecision"));
    m_method->setObjectName(QStringLiteral("breakdownMethod"));
    // Anything but "method" (none saved, a damaged value) is the precision view.
    const bool method = m_settings && m_settings->value(kViewKey).toString() == kMethod;
    (method ? m_method : m_precision)->setChecked(true);
    connect(group, &QActionGroup::triggered, this, [this] {
        save();
        emit viewChosen(view());
    });
    retranslate();
}

BreakdownChart::View BreakdownViewMenu::view() const {
    return m_method->isChecked() ? BreakdownChart::View::Method : BreakdownChart::View::Precision;
}

QAction* BreakdownViewMenu::action(BreakdownChart::View view) const {
    return view == BreakdownChart::View::Method ? m_method : m_precision;
}

void BreakdownViewMenu::choose(BreakdownChart::View view) {
    if (view == this->view()) {
        return;
    }
    action(view)->setChecked(true);
    save();
    emit viewChosen(view);
}

void BreakdownViewMenu::save() const {
    if (m_settings) {
        m_settings->setValue(kViewKey, view() == BreakdownChart::View::Method
                                           ? kMethod
                                           : QStringLiteral("precision"));
    }
}

void BreakdownViewMenu::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QMenu::changeEvent(event);
}

void BreakdownViewMenu::retranslate() {
    setTitle(tr("&Breakdown chart"));
    m_precision->setText(tr("fp32 against &mixed precision"));
    m_method->setText(tr("&Full fine-tuning against LoRA and QLoRA"));
}

} // namespace lgm::ui
