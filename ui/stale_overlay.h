#pragma once

#include <QWidget>

class QLabel;

namespace lgm::ui {

// Marks a view as not current: a grey veil over the whole target widget with a message in
// the middle, so charts and tables drawn for the last accepted input are never mistaken for
// the input the controls now show. Clicks pass through to the target.
class StaleOverlay : public QWidget {
    Q_OBJECT

public:
    explicit StaleOverlay(QWidget* target);

    // An empty message lifts the veil.
    void setMessage(const QString& message);
    QString message() const;
    bool isShown() const { return !isHidden(); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void follow();

    QWidget* m_target;
    QLabel* m_label;
};

} // namespace lgm::ui
