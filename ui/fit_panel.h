#pragma once

#include "fit_problem.h"
#include "fit_solver.h"
#include "spec.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace lgm::ui {

// "What fits" on the chosen GPU, solved again for every input change (core/fit_problem.h): the
// largest micro-batch and context with the given settings, the fewest GPUs per strategy and
// the ranked set-ups that fit. Clicking a set-up asks the window to apply it.
class FitPanel : public QWidget {
    Q_OBJECT

public:
    explicit FitPanel(QWidget* parent = nullptr);

    // Solves for the scenario on a GPU of `capacity` bytes named `gpu`; the answers stay until
    // the next call.
    void solve(const Scenario& scenario, std::int64_t capacity, const QString& gpu);
    // Every answer; the ranked search runs here if the hidden panel has not needed it yet.
    const FitAnswers& answers() const;
    // The charts' marks, found on every solve.
    std::int64_t largestMicroBatch() const { return m_answers.maxMicroBatch; }
    std::int64_t longestSeq() const { return m_answers.maxSeq; }
    QTableWidget* table() const { return m_table; }

signals:
    // A row was chosen: the whole set-up, ready to apply.
    void setupChosen(const Scenario& scenario);
    // The panel's texts need another height at its width (new answers, a new width or font).
    void heightNeeded();

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void showAnswers();
    void fitHeight();

    QLabel* m_heading = nullptr;
    QLabel* m_limits = nullptr;
    QLabel* m_note = nullptr;
    QTableWidget* m_table = nullptr;
    mutable FitAnswers m_answers;                // marks only while m_problem waits
    mutable std::optional<FitProblem> m_problem; // the search answers() still has to run
    Scenario m_scenario;
    std::int64_t m_capacity = 0;
    QString m_gpu;
    bool m_fitting = false;
    bool m_answersShown = true; // false: the texts wait for the panel to be shown
};

} // namespace lgm::ui
