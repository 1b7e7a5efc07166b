#include "tab_titles.h"

#include <QEvent>
#include <QTabBar>
#include <QTabWidget>

namespace lgm::ui {

namespace {

struct Title {
    QString full;
    QString shortened;
};

} // namespace

TabTitles::TabTitles(QTabWidget* tabs) : QObject(tabs), m_tabs(tabs) {
    tabs->installEventFilter(this);
}

QString TabTitles::shortTitle(const QString& title) {
    qsizetype colon = title.indexOf(QLatin1Char(':'));
    const qsizetype wide = title.indexOf(QChar(0xff1a));
    if (colon < 0 || (wide >= 0 && wide < colon)) {
        colon = wide;
    }
    return colon > 0 ? title.left(colon).trimmed() : title;
}

void TabTitles::fit() {
    if (m_fitting) {
        return;
    }
    m_fitting = true;
    QTabBar* bar = m_tabs->tabBar();
    QList<Title> titles;
    for (int i = 0; i < m_tabs->count(); ++i) {
        // A tab whose text is still the short form made here keeps its full title; any other
        // text was set since (a new language) and is the full title now.
        const QStringList stored = bar->tabData(i).toStringList();
        const QString text = m_tabs->tabText(i);
        const bool ours = stored.size() == 2 && (text == stored[0] || text == stored[1]);
        const QString full = ours ? stored[0] : text;
        titles.append({full, shortTitle(full)});
        bar->setTabData(i, QStringList{full, shortTitle(full)});
        m_tabs->setTabText(i, full);
    }
    // The bar's size hint is the room its tabs need unshortened; the widget's width is what
    // it has (less a corner widget, if any).
    const bool room = bar->sizeHint().width() <= m_tabs->width();
    for (int i = 0; i < m_tabs->count(); ++i) {
        const Title& t = titles[i];
        m_tabs->setTabText(i, room ? t.full : t.shortened);
        QString tip = t.full;
        tip.remove(QLatin1Char('&'));
        m_tabs->setTabToolTip(i, room ? QString() : tip);
    }
    m_fitting = false;
}

bool TabTitles::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_tabs &&
        (event->type() == QEvent::Resize || event->type() == QEvent::FontChange)) {
        fit();
    }
    return QObject::eventFilter(watched, event);
}

} // namespace lgm::ui
