#pragma once

#include <QSpinBox>

#include <optional>

namespace lgm::ui {

// A spin box that never changes a typed number behind the user's back. A plain QSpinBox
// refuses the keystroke that takes a number past its maximum, so typing 2,000,000 into a box
// that ends at 1,000,000 leaves 200,000. Here any number can be typed; one outside the range
// is brought to the nearest end when the edit ends, and outOfRange() says so, so the panel
// can show what happened. rangeText() is the range as the panel shows it.
class RangeSpinBox : public QSpinBox {
    Q_OBJECT

public:
    explicit RangeSpinBox(QWidget* parent = nullptr);

    // "1 – 1,000,000" in the locale's digits.
    QString rangeText() const;

signals:
    // The number typed, outside the range; the box now holds the nearest end of it.
    void outOfRange(qlonglong typed);
    // The user started editing (focus in): a moment to show the range.
    void editingStarted();

protected:
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& input) const override;
    void focusInEvent(QFocusEvent* event) override;

private:
    // The number in text, group separators and surrounding spaces ignored.
    std::optional<qlonglong> parse(const QString& text) const;
};

} // namespace lgm::ui
